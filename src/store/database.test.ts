import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ledgerlink-db-"));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test("the embedded database keeps its data in the data folder across restarts, and one process holds it", async () => {
  const dataDir = tempDir();
  const first = await openDatabase({ dataDir });
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
  assert.equal(readFileSync(lock.path, "utf8"), String(process.pid));
  assert.equal(readDataDirLockOwner(dataDir), process.pid);
  assert.throws(() => acquireDataDirLock(dataDir), DatabaseBusyError);
  lock.release();
  assert.equal(existsSync(lock.path), false);
  acquireDataDirLock(dataDir).release();
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
