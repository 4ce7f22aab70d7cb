// Only one process may open the embedded database. A running server announces itself in
// `<dataDir>/server.json` so that CLI commands on the same data go through its API instead of opening
// the database a second time (which would corrupt it). The file is written after the server listens
// and removed when it stops; a file left by a crashed process is recognised by its holder no longer
// running: its pid is gone, or now belongs to another process (see process-identity.ts).
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateFolder } from "#store/private-files.ts";
import { currentProcess, isRecordedProcessRunning } from "#store/process-identity.ts";

export interface ServerLock {
  url: string;
  pid: number;
  /** Internal admin token: lets a CLI on the same machine use the admin API without a session. */
  token: string;
  database: "embedded" | "server";
  startedAt: string;
  /** The process's start time as process-identity.ts reads it, so a reused pid is not taken for it. */
  processStartTime?: string | undefined;
}

/** server.json files this process wrote: one naming our pid that is not in here is a previous life's. */
const writtenHere = new Set<string>();

export function serverLockPath(dataDir: string): string {
  return join(dataDir, "server.json");
}

export function newInternalToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The lock of a live server on this data folder, or undefined (no file, unreadable, or stale). */
export function readServerLock(dataDir: string): ServerLock | undefined {
  let raw: string;
  try {
    raw = readFileSync(serverLockPath(dataDir), "utf8");
  } catch {
    return undefined;
  }
  let lock: Partial<ServerLock>;
  try {
    lock = JSON.parse(raw) as Partial<ServerLock>;
  } catch {
    return undefined;
  }
  if (typeof lock.url !== "string" || typeof lock.token !== "string" || typeof lock.pid !== "number") {
    return undefined;
  }
  const running =
    lock.pid === process.pid
      ? writtenHere.has(serverLockPath(dataDir))
      : isRecordedProcessRunning({
          pid: lock.pid,
          startTime: typeof lock.processStartTime === "string" ? lock.processStartTime : undefined,
        });
  if (!running) return undefined;
  return {
    url: lock.url,
    pid: lock.pid,
    token: lock.token,
    database: lock.database === "server" ? "server" : "embedded",
    startedAt: typeof lock.startedAt === "string" ? lock.startedAt : "",
    ...(typeof lock.processStartTime === "string" ? { processStartTime: lock.processStartTime } : {}),
  };
}

/** Writes the lock atomically with owner-only permissions (it holds the internal token). */
export function writeServerLock(dataDir: string, lock: ServerLock): void {
  ensurePrivateFolder(dataDir);
  const path = serverLockPath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  const recorded: ServerLock = { ...lock };
  if (lock.pid === process.pid) recorded.processStartTime = currentProcess().startTime;
  writeFileSync(tmp, `${JSON.stringify(recorded, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  if (lock.pid === process.pid) writtenHere.add(path);
  else writtenHere.delete(path);
}

/** Removes the lock only if it is still ours, so a stopping server never deletes a successor's file. */
export function removeServerLock(dataDir: string, pid = process.pid): void {
  const path = serverLockPath(dataDir);
  try {
    const lock = JSON.parse(readFileSync(path, "utf8")) as Partial<ServerLock>;
    if (lock.pid !== pid) return;
  } catch {
    return;
  }
  rmSync(path, { force: true });
  writtenHere.delete(path);
}
