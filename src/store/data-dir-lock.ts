// One process at a time may open an embedded database folder. The lock is a file holding the owner's
// pid, created exclusively; a file left behind by a process that no longer runs is taken over.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, "database.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx", mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        rmSync(path, { force: true });
      };
      process.on("exit", release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DatabaseBusyError(dataDir, owner);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}; another process keeps creating it`);
}

export function readDataDirLockOwner(dataDir: string): number | undefined {
  try {
    const owner = Number(readFileSync(join(dataDir, "database.lock"), "utf8").trim());
    return Number.isInteger(owner) && owner > 0 && isAlive(owner) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
