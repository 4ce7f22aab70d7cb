import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import {
  openTestDatabase,
  serverUnavailableReason,
  TEST_SERVER_URL,
  type TestDatabase,
} from "../../test/helpers/db.ts";
import { createCompany, listCompanies } from "./companies.ts";
import { acquireDataDirLock, DatabaseBusyError, readDataDirLockOwner } from "./data-dir-lock.ts";
import { openDatabase, redactUrl } from "./database.ts";
import { migrate } from "./migrate.ts";
import { migrations } from "./migrations/index.ts";
import { currentProcess } from "./process-identity.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ledgerlink-db-"));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every path under `dir` whose mode is not owner-only (0700 folders, 0600 files), with its mode. */
function readableByOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return found;
}

test("the embedded database keeps its data in the data folder across restarts, and one process holds it", async () => {
  const dataDir = tempDir();
  // A folder and a file left readable to everyone, as an earlier version or a restore left them.
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, "notes.txt"), "x", { mode: 0o644 });
  chmodSync(join(dataDir, "notes.txt"), 0o644);
  const first = await openDatabase({ dataDir });
  assert.deepEqual(readableByOthers(dataDir), [], "owner-only once open, PGlite's new files included");
  assert.equal(first.kind, "embedded");
  assert.deepEqual(
    (await migrate(first)).applied,
    migrations.map((m) => ({ version: m.version, name: m.name })),
  );
  await createCompany(first.kysely, { name: "Persisted Ltd" });
  await assert.rejects(openDatabase({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof DatabaseBusyError);
    assert.equal(error.pid, process.pid);
    return true;
  });
  await first.close();
  assert.deepEqual(
    readableByOthers(dataDir),
    [],
    "owner-only after close, rewritten catalog caches included",
  );

  const second = await openDatabase({ dataDir });
  try {
    assert.deepEqual((await migrate(second)).applied, [], "migrations are not applied twice");
    assert.deepEqual(
      (await listCompanies(second.kysely)).map((c) => c.name),
      ["Persisted Ltd"],
    );
  } finally {
    await second.close();
  }
});

test("a lock file left by a process that no longer runs is taken over; a live one is not", () => {
  const dataDir = tempDir();
  // Pid numbers this high are not handed out on Linux (pid_max is at most 2^22).
  writeFileSync(join(dataDir, "database.lock"), "99999999");
  assert.equal(readDataDirLockOwner(dataDir), undefined);
  const lock = acquireDataDirLock(dataDir);
  assert.deepEqual(JSON.parse(readFileSync(lock.path, "utf8")), currentProcess());
  assert.equal(readDataDirLockOwner(dataDir), process.pid);
  assert.throws(() => acquireDataDirLock(dataDir), DatabaseBusyError);
  lock.release();
  assert.equal(existsSync(lock.path), false);
  acquireDataDirLock(dataDir).release();
});

describe("a lock whose pid now belongs to another process does not block a start", () => {
  let sleeper: ChildProcess;
  before(async () => {
    sleeper = spawn("sleep", ["300"], { stdio: "ignore" });
    await new Promise((resolve) => sleeper.once("spawn", resolve));
  });
  after(() => sleeper.kill("SIGKILL"));

  test("a live unrelated process with the recorded pid", () => {
    const pid = sleeper.pid as number;
    for (const content of [
      // As a crashed Ledgerlink wrote it: its own start time, not the sleeper's.
      JSON.stringify({ pid, startTime: "an earlier boot:12345" }),
      // As older versions wrote it: the pid alone; the holder is not a Node process.
      String(pid),
    ]) {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, "database.lock"), content);
      assert.equal(readDataDirLockOwner(dataDir), undefined, content);
      acquireDataDirLock(dataDir).release();
    }
  });

  test("this process's own pid, left by a previous life (a container restarted with the same pid)", () => {
    for (const content of [
      JSON.stringify({ pid: process.pid, startTime: "an earlier boot:12345" }),
      JSON.stringify(currentProcess()),
      String(process.pid),
    ]) {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, "database.lock"), content);
      assert.equal(readDataDirLockOwner(dataDir), undefined, content);
      const lock = acquireDataDirLock(dataDir);
      assert.throws(() => acquireDataDirLock(dataDir), DatabaseBusyError, "held now, in this life");
      lock.release();
    }
  });

  test("a live Ledgerlink process holding the folder still blocks", async () => {
    const dataDir = tempDir();
    const module = new URL("./data-dir-lock.ts", import.meta.url).href;
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { acquireDataDirLock } = await import(${JSON.stringify(module)});
         acquireDataDirLock(${JSON.stringify(dataDir)}); console.log("held"); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on("data", (chunk: Buffer) => {
          if (String(chunk).includes("held")) resolve();
        });
        holder.once("exit", (code) => reject(new Error(`the holder exited (${code})`)));
      });
      assert.equal(readDataDirLockOwner(dataDir), holder.pid);
      assert.throws(
        () => acquireDataDirLock(dataDir),
        (error: unknown) => error instanceof DatabaseBusyError && error.pid === holder.pid,
      );
    } finally {
      holder.kill("SIGKILL");
      await new Promise((resolve) => holder.once("close", resolve));
    }
    // Killed without a chance to remove its lock: the next start takes it over.
    assert.equal(readDataDirLockOwner(dataDir), undefined);
    acquireDataDirLock(dataDir).release();
  });
});

describe("an embedded database", () => {
  let opened: TestDatabase | undefined;
  before(async () => {
    opened = await openTestDatabase("embedded");
  });
  after(() => opened?.cleanup());

  test("migrations must be numbered 1, 2, 3… in order", async () => {
    const db = (opened as TestDatabase).db;
    await assert.rejects(migrate(db, [{ version: 2, name: "skipped one", statements: [] }]), /expected 1/);
  });

  test("a transaction that fails rolls back everything it wrote", async () => {
    const db = (opened as TestDatabase).db;
    await assert.rejects(
      db.transaction(async (trx) => {
        await createCompany(trx, { name: "Half done" });
        throw new Error("stop");
      }),
    );
    assert.deepEqual(await listCompanies(db.kysely), []);
    // Statements from other callers wait for the transaction instead of joining it.
    let inside = false;
    const tx = db.transaction(async (trx) => {
      inside = true;
      await createCompany(trx, { name: "Inside" });
      await new Promise((r) => setTimeout(r, 20));
      throw new Error("roll back");
    });
    const outside = (async () => {
      while (!inside) await new Promise((r) => setTimeout(r, 1));
      return createCompany(db.kysely, { name: "Outside" });
    })();
    await assert.rejects(tx);
    await outside;
    assert.deepEqual(
      (await listCompanies(db.kysely)).map((c) => c.name),
      ["Outside"],
    );
  });

  test("concurrent read-modify-write transactions never interleave on the single embedded session", async () => {
    const db = (opened as TestDatabase).db;
    const company = await createCompany(db.kysely, { name: "Counter 0" });
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction(async (trx) => {
          const row = await trx
            .selectFrom("companies")
            .select("name")
            .where("id", "=", company.id)
            .executeTakeFirstOrThrow();
          await new Promise((r) => setImmediate(r));
          const n = Number(row.name.split(" ")[1]) + 1;
          await trx
            .updateTable("companies")
            .set({ name: `Counter ${n}` })
            .where("id", "=", company.id)
            .execute();
        }),
      ),
    );
    const final = await db.kysely
      .selectFrom("companies")
      .select("name")
      .where("id", "=", company.id)
      .executeTakeFirstOrThrow();
    assert.equal(final.name, "Counter 25");
    await db.kysely.deleteFrom("companies").where("id", "=", company.id).execute();
  });

  test("savepoints roll back part of a transaction", async () => {
    const db = (opened as TestDatabase).db;
    const trx = await db.kysely.startTransaction().execute();
    await createCompany(trx, { name: "Kept" });
    const savepoint = await trx.savepoint("before_second").execute();
    await createCompany(savepoint, { name: "Undone" });
    const back = await savepoint.rollbackToSavepoint("before_second").execute();
    await back.releaseSavepoint("before_second").execute();
    await trx.commit().execute();
    const names = (await listCompanies(db.kysely)).map((c) => c.name);
    assert.ok(names.includes("Kept"));
    assert.ok(!names.includes("Undone"));
  });

  test("refuses a database whose schema is newer than this version knows", async () => {
    const db = (opened as TestDatabase).db;
    await sql`insert into schema_migrations (version, name) values (${migrations.length + 1}, 'from the future')`.execute(
      db.kysely,
    );
    await assert.rejects(migrate(db), /newer than this Ledgerlink knows/);
  });
});

test("on the server, concurrent migrations apply once and schemas keep runs apart", async (t) => {
  const reason = await serverUnavailableReason();
  if (reason) {
    t.skip(reason);
    return;
  }
  const a = await openTestDatabase("server", { migrate: false });
  const b = await openTestDatabase("server");
  const again = await openDatabase({ url: TEST_SERVER_URL, schema: a.db.schema, poolSize: 2 });
  try {
    const results = await Promise.all([migrate(a.db), migrate(again)]);
    assert.equal(
      results.flatMap((r) => r.applied).length,
      migrations.length,
      "each migration was applied once, by one of the two",
    );
    await createCompany(a.db.kysely, { name: "Only in A" });
    assert.deepEqual(await listCompanies(b.db.kysely), []);
    assert.equal(a.db.kind, "server");
  } finally {
    await again.close();
    await a.cleanup();
    await b.cleanup();
  }
});

test("reports an unreachable server with its reason and no password", async () => {
  await assert.rejects(openDatabase({ url: "postgres://u:secret@127.0.0.1:1/x" }), (error: Error) => {
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
  assert.equal(redactUrl("postgres://u:secret@db.example:5432/x"), "postgres://u:***@db.example:5432/x");
});
