// The local folder transport: partners (or a file-sharing tool beside us) drop files in `inbox`; we
// write ours to `outbox`. Processed files move to `archive`, failed ones to `failed` with their
// reason beside them. By default both live inside the inbox, where listing skips folders.
//
// Every step is a rename or a link, atomic within one file system, so a process that dies at any
// point leaves each file whole in exactly one of the inbox, the archive or the failed folder (a crash
// between linking into the archive and unlinking from the inbox leaves it in both; the next
// `markDone` sees the archive entry is the same file and only unlinks).

import { randomBytes } from "node:crypto";
import { constants, type Dirent } from "node:fs";
import { copyFile, link, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import {
  checkFileName,
  type InboundFile,
  isInProgressName,
  reportOf,
  type TestReport,
  type TestStep,
  type Transport,
  TransportError,
} from "./transport.ts";

export interface FolderTransportOptions {
  inbox: string;
  outbox: string;
  /** Where processed files go; `inbox/archive` when not given. */
  archive?: string;
  /** Where files that could not be processed go, each with `NAME.error.txt`; `inbox/failed` when not given. */
  failed?: string;
}

export function folderTransport(options: FolderTransportOptions): Transport {
  const inbox = resolve(options.inbox);
  const outbox = resolve(options.outbox);
  const archive = resolve(options.archive ?? join(inbox, "archive"));
  const failed = resolve(options.failed ?? join(inbox, "failed"));

  const inboxPath = (file: InboundFile) => join(inbox, checkFileName(file.name));
  // The archive and failed folders, made once (and again if something removed them).
  const made = new Set<string>();
  const move = async (source: string, folder: string, name: string) => {
    if (!made.has(folder)) {
      await mkdirOrFail(folder);
      made.add(folder);
    }
    try {
      return await moveWithoutOverwrite(source, folder, name);
    } catch (error) {
      if (!(error instanceof TransportError && error.code === "TRANSPORT_NOT_FOUND") || !made.has(folder))
        throw error;
      made.delete(folder);
      await mkdirOrFail(folder);
      made.add(folder);
      return moveWithoutOverwrite(source, folder, name);
    }
  };

  return {
    kind: "folder",
    parallel: 8,

    async list() {
      let entries: Dirent[];
      try {
        entries = await readdir(inbox, { withFileTypes: true });
      } catch (error) {
        throw fsError(error, `inbox folder ${inbox}`);
      }
      const files: InboundFile[] = [];
      for (const entry of entries) {
        if (!entry.isFile() || isInProgressName(entry.name)) continue;
        try {
          const info = await stat(join(inbox, entry.name));
          files.push({ name: entry.name, size: info.size, modifiedAt: info.mtime });
        } catch (error) {
          // Moved away between readdir and stat (another poller took it): not ours to list.
          if (codeOf(error) !== "ENOENT") throw fsError(error, `inbox file ${entry.name}`);
        }
      }
      return files.sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || compare(a.name, b.name));
    },

    async read(file) {
      try {
        return await readFile(inboxPath(file));
      } catch (error) {
        throw fsError(error, `inbox file ${file.name}`);
      }
    },

    async markDone(file, archiveName) {
      await move(inboxPath(file), archive, checkFileName(archiveName ?? file.name));
    },

    async markFailed(file, reason) {
      const target = await move(inboxPath(file), failed, file.name);
      await writeAtomically(failed, `${basename(target)}.error.txt`, Buffer.from(`${reason}\n`, "utf8"));
    },

    async send(name, bytes) {
      // The outbox must exist: a mistyped folder is reported, not quietly made.
      await writeAtomically(outbox, checkFileName(name), bytes, { createFolder: false });
    },

    test: () => testFolders(inbox, outbox, archive),

    async close() {},
  };
}

async function testFolders(inbox: string, outbox: string, archive: string): Promise<TestReport> {
  const steps: TestStep[] = [];
  try {
    const entries = await readdir(inbox, { withFileTypes: true });
    const waiting = entries.filter((e) => e.isFile() && !isInProgressName(e.name)).length;
    await mkdir(archive, { recursive: true });
    steps.push({ step: "list inbox", ok: true, detail: `${inbox}: ${count(waiting, "file")} waiting` });
  } catch (error) {
    steps.push({ step: "list inbox", ok: false, detail: fsError(error, `inbox folder ${inbox}`).message });
  }
  const probe = `.ledgerlink-test-${randomBytes(6).toString("hex")}`;
  try {
    await writeAtomically(outbox, probe, Buffer.from("test\n"), { createFolder: false });
    await unlink(join(outbox, probe));
    steps.push({ step: "write outbox", ok: true, detail: `${outbox}: wrote and removed a test file` });
  } catch (error) {
    steps.push({
      step: "write outbox",
      ok: false,
      detail: fsError(error, `outbox folder ${outbox}`).message,
    });
  }
  return reportOf(steps);
}

/**
 * Writes `folder/name` so that a reader sees the whole file or none: the bytes go to a hidden
 * temporary name, are flushed to disk, and are renamed into place (replacing an older file of the
 * same name, which is how a retried send stays one file).
 */
async function writeAtomically(
  folder: string,
  name: string,
  bytes: Buffer,
  { createFolder = true }: { createFolder?: boolean } = {},
): Promise<void> {
  const target = join(folder, name);
  const temporary = join(folder, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    if (createFolder) await mkdir(folder, { recursive: true });
    const handle = await open(temporary, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw fsError(error, `file ${target}`);
  }
}

/**
 * Moves `source` into `folder` under `name`, or `name-2`, `name-3`… when that is taken, and returns
 * where it went. A hard link never replaces an existing file, so an archive entry is never lost;
 * across file systems (no link possible) the copy is exclusive in the same way.
 */
async function mkdirOrFail(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw fsError(error, `folder ${folder}`);
  }
}

/**
 * Moves `source` into `folder` (which exists) under `name`, or `name-2`, `name-3`… when that is taken,
 * and returns where it went. A hard link never replaces an existing file, so an archive entry is never
 * lost; across file systems (no link possible) the copy is exclusive in the same way.
 */
async function moveWithoutOverwrite(source: string, folder: string, name: string): Promise<string> {
  try {
    for (let n = 1; ; n++) {
      const target = join(folder, n === 1 ? name : numbered(name, n));
      try {
        await link(source, target);
      } catch (error) {
        const code = codeOf(error);
        if (code === "EEXIST") {
          const [existing, sourceInfo] = await Promise.all([stat(target), stat(source)]);
          // The same file linked by a run that died before unlinking: finish that move.
          if (existing.ino === sourceInfo.ino && existing.dev === sourceInfo.dev) {
            await unlink(source);
            return target;
          }
          continue;
        }
        if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP") throw error;
        try {
          await copyFile(source, target, constants.COPYFILE_EXCL);
        } catch (copyError) {
          if (codeOf(copyError) === "EEXIST") continue;
          throw copyError;
        }
      }
      await unlink(source);
      return target;
    }
  } catch (error) {
    throw fsError(error, `moving ${source} to ${folder}`);
  }
}

function numbered(name: string, n: number): string {
  const ext = extname(name);
  return ext ? `${name.slice(0, -ext.length)}-${n}${ext}` : `${name}-${n}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** A file-system failure in words, with a code the flows can act on. */
function fsError(error: unknown, what: string): TransportError {
  if (error instanceof TransportError) return error;
  const code = codeOf(error);
  if (code === "ENOENT")
    return new TransportError("TRANSPORT_NOT_FOUND", `${what} does not exist`, false, { cause: error });
  if (code === "EACCES" || code === "EPERM")
    return new TransportError("TRANSPORT_PERMISSION_DENIED", `${what}: permission denied`, false, {
      cause: error,
    });
  if (code === "ENOTDIR")
    return new TransportError("TRANSPORT_NOT_FOUND", `${what} is not a folder`, false, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError("TRANSPORT_IO", `${what}: ${message}`, true, { cause: error });
}
