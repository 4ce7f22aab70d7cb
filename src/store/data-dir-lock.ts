// One process at a time may open an embedded database folder. The lock is a file naming its holder
// (pid and start time, see process-identity.ts). A file whose holder no longer runs is taken over: a
// crash, a SIGKILL or a container restart that reuses the pid never blocks the next start.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  currentProcess,
  isRecordedProcessRunning,
  type ProcessIdentity,
  parseProcessIdentity,
} from "./process-identity.ts";

export interface DataDirLock {
  path: string;
  release(): void;
}

export class DatabaseBusyError extends Error {
  readonly code = "database_busy";
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is open in another Ledgerlink process (pid ${pid}). ` +
        "Stop that process, or run this command while it serves so the command goes through its API.",
    );
    this.name = "DatabaseBusyError";
  }
}

/** Lock files this process holds: a lock naming our own pid is ours only if it is in here. */
const heldHere = new Set<string>();

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, "database.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusively(path)) {
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        process.off("exit", release);
        rmSync(path, { force: true });
      };
      process.on("exit", release);
      return { path, release };
    }
    const seen = readLockFile(path);
    if (seen === undefined) continue; // removed meanwhile
    const holder = parseProcessIdentity(seen);
    if (holder && holderRuns(path, holder)) throw new DatabaseBusyError(dataDir, holder.pid);
    takeOver(path, seen);
  }
  throw new Error(`Could not take the lock ${path}; another process keeps creating it`);
}

/** The pid of the running process holding the folder, if any. */
export function readDataDirLockOwner(dataDir: string): number | undefined {
  const path = join(dataDir, "database.lock");
  const seen = readLockFile(path);
  const holder = seen === undefined ? undefined : parseProcessIdentity(seen);
  return holder && holderRuns(path, holder) ? holder.pid : undefined;
}

function holderRuns(path: string, holder: ProcessIdentity): boolean {
  // Our own pid in a file we did not create in this life: left by a previous process with our pid.
  if (holder.pid === process.pid) return heldHere.has(path);
  return isRecordedProcessRunning(holder);
}

/**
 * Creates the lock with its whole content or not at all: written beside it, then hard-linked into
 * place, which fails if the lock exists. A reader never sees a half-written (empty) lock.
 */
function createExclusively(path: string): boolean {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(currentProcess())}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Moves a stale lock aside. Two processes starting at once may both judge it stale; the rename lets
 * only one move any given file, and a mover that finds it moved a fresh lock (the other one's) puts
 * it back.
 */
function takeOver(path: string, staleContent: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readLockFile(aside);
  if (moved !== undefined && moved !== staleContent) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone else created a lock meanwhile; theirs stands.
    }
  }
  rmSync(aside, { force: true });
}

function readLockFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
