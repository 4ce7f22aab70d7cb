// The data folder holds every record, the API-key hashes, the secret key and the admin token: no one
// but its owner may read or change anything in it. Folders are 0700 and files 0600.
//
// PGlite creates its files with fixed modes (0666 for the initial database, 0644 for the catalog
// caches it rewrites) whatever the process umask, so the modes are fixed after the files exist: when
// an embedded database opens and again when it closes. In between, the 0700 folder is what keeps any
// new file unreachable to other users. The process umask is left as it is, since it would also apply
// to files Ledgerlink writes for others (an EDI partner's folder).
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates the folder (and any missing parents) if need be; the folder itself becomes owner-only. */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  if (process.platform === "win32") return;
  if ((lstatSync(dir).mode & 0o777) !== FOLDER_MODE) chmodSync(dir, FOLDER_MODE);
}

/**
 * Makes every folder and file under `dir` (and `dir` itself) owner-only; returns how many it changed.
 * Symbolic links are neither followed nor changed.
 */
export function restrictToOwner(dir: string): number {
  if (process.platform === "win32") return 0;
  let changed = 0;
  const visit = (path: string) => {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch (error) {
      // Removed while we walk (a temporary file): nothing to protect.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? FOLDER_MODE : FILE_MODE;
    if ((stat.mode & 0o777) !== wanted) {
      chmodSync(path, wanted);
      changed++;
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return changed;
}
