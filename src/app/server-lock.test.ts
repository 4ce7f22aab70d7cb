import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { readServerLock, removeServerLock, serverLockPath, writeServerLock } from "./server-lock.ts";

const dir = mkdtempSync(join(tmpdir(), "ll-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const lock = (pid: number) => ({
  url: "http://127.0.0.1:3999",
  pid,
  token: "t0ken",
  database: "embedded" as const,
  startedAt: "2026-11-02T10:00:00.000Z",
});

describe("server.json", () => {
  test("a live server's lock is read back; the file is owner-only", () => {
    writeServerLock(dir, lock(process.pid));
    assert.deepEqual(readServerLock(dir), lock(process.pid));
    assert.equal(statSync(serverLockPath(dir)).mode & 0o777, 0o600);
  });

  test("a lock left by a dead process is ignored", () => {
    // A pid that certainly ended: a child that has already exited.
    const child = spawnSync(process.execPath, ["-e", "0"]);
    assert.equal(child.status, 0);
    writeServerLock(dir, lock(child.pid ?? 0));
    assert.equal(readServerLock(dir), undefined);
  });

  test("garbage is ignored, and only the owner removes its lock", () => {
    writeFileSync(serverLockPath(dir), "{not json");
    assert.equal(readServerLock(dir), undefined);
    writeServerLock(dir, lock(process.pid));
    removeServerLock(dir, process.pid + 1);
    assert.ok(readServerLock(dir), "another pid does not remove it");
    removeServerLock(dir);
    assert.equal(readServerLock(dir), undefined);
  });
});
