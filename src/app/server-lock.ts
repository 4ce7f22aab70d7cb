// Only one process may open the embedded database. A running server announces itself in
// `<dataDir>/server.json` so that CLI commands on the same data go through its API instead of opening
// the database a second time (which would corrupt it). The file is written after the server listens
// and removed when it stops; a file left by a crashed process is recognised by its dead pid.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ServerLock {
  url: string;
  pid: number;
  /** Internal admin token: lets a CLI on the same machine use the admin API without a session. */
  token: string;
  database: "embedded" | "server";
  startedAt: string;
}

export function serverLockPath(dataDir: string): string {
  return join(dataDir, "server.json");
}

export function newInternalToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
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
  if (!isProcessAlive(lock.pid)) return undefined;
  return {
    url: lock.url,
    pid: lock.pid,
    token: lock.token,
    database: lock.database === "server" ? "server" : "embedded",
    startedAt: typeof lock.startedAt === "string" ? lock.startedAt : "",
  };
}

/** Writes the lock atomically with owner-only permissions (it holds the internal token). */
export function writeServerLock(dataDir: string, lock: ServerLock): void {
  mkdirSync(dataDir, { recursive: true });
  const path = serverLockPath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
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
}
