import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { currentProcess } from "#store/process-identity.ts";
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
    assert.deepEqual(readServerLock(dir), {
      ...lock(process.pid),
      processStartTime: currentProcess().startTime,
    });
    assert.equal(statSync(serverLockPath(dir)).mode & 0o777, 0o600);
  });

  test("a lock left by a dead process is ignored", () => {
    // A pid that certainly ended: a child that has already exited.
    const child = spawnSync(process.execPath, ["-e", "0"]);
    assert.equal(child.status, 0);
    writeServerLock(dir, lock(child.pid ?? 0));
    assert.equal(readServerLock(dir), undefined);
  });

  test("a lock whose pid now belongs to another process, or to this one in a previous life, is ignored", async () => {
    const sleeper = spawn("sleep", ["300"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => sleeper.once("spawn", resolve));
      const pid = sleeper.pid as number;
      writeFileSync(
        serverLockPath(dir),
        JSON.stringify({ ...lock(pid), processStartTime: "an earlier boot:1" }),
      );
      assert.equal(readServerLock(dir), undefined, "a live unrelated process");
      writeFileSync(serverLockPath(dir), JSON.stringify(lock(pid)));
      assert.equal(readServerLock(dir), undefined, "a live process that is not Node, start time unknown");
    } finally {
      sleeper.kill("SIGKILL");
    }
    writeFileSync(
      serverLockPath(dir),
      JSON.stringify({ ...lock(process.pid), processStartTime: currentProcess().startTime }),
    );
    assert.equal(readServerLock(dir), undefined, "this pid, but not written by this process");
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
