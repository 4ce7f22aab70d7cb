import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import { sql } from "kysely";
import { contentHash } from "#domain/hash.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { createCompany } from "./companies.ts";
import { InvalidCursorError } from "./cursor.ts";
import {
  bulkUpsert,
  countByCollection,
  countRecords,
  deleteRecord,
  getRecord,
  listRecords,
  setRecordSync,
  upsertRecord,
} from "./records.ts";

withDatabases("records", (suite) => {
  async function company(name = "Acme") {
    return (await createCompany(suite.db.kysely, { name })).id;
  }

  test("upsert creates at version 1, the same content again changes nothing, new content bumps the version", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    const key = { companyId, collection: "customers", externalId: "C-1001" };
    const first = await upsertRecord(db, { ...key, data: { name: "Acme Tools Inc" } });
    assert.deepEqual([first.changed, first.created, first.record.version], [true, true, 1]);
    assert.equal(first.record.hash, contentHash({ name: "Acme Tools Inc" }));
    assert.equal(first.record.sync.status, "not_synced");

    const same = await upsertRecord(db, { ...key, data: { name: "Acme Tools Inc" } });
    assert.deepEqual([same.changed, same.created, same.record.version], [false, false, 1]);
    assert.equal(same.record.updatedAt.getTime(), first.record.updatedAt.getTime());

    const changed = await upsertRecord(db, { ...key, data: { name: "Acme Tools Incorporated" } });
    assert.deepEqual([changed.changed, changed.created, changed.record.version], [true, false, 2]);
    assert.equal((await getRecord(db, key))?.data.name, "Acme Tools Incorporated");
  });

  test("delete keeps a tombstone; writing the record again revives it with a new version", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    const key = { companyId, collection: "items", externalId: "P-1" };
    await upsertRecord(db, { ...key, data: { name: "Widget" } });
    const deleted = await deleteRecord(db, key);
    assert.equal(deleted?.changed, true);
    assert.equal(deleted?.record.version, 2);
    assert.ok(deleted?.record.deletedAt instanceof Date);
    assert.equal((await deleteRecord(db, key))?.changed, false, "deleting twice changes nothing");
    assert.equal(await deleteRecord(db, { ...key, externalId: "nope" }), undefined);
    assert.ok((await getRecord(db, key))?.deletedAt, "the tombstone is still readable");

    const revived = await upsertRecord(db, { ...key, data: { name: "Widget" } });
    assert.deepEqual([revived.changed, revived.record.version, revived.record.deletedAt], [true, 3, null]);
  });

  test("companies never see each other's records", async () => {
    const db = suite.db.kysely;
    const a = await company("A");
    const b = await company("B");
    await upsertRecord(db, {
      companyId: a,
      collection: "customers",
      externalId: "C-1",
      data: { name: "A's" },
    });
    assert.equal(
      await getRecord(db, { companyId: b, collection: "customers", externalId: "C-1" }),
      undefined,
    );
    assert.equal(
      (await listRecords(db, { companyId: b, collection: "customers", limit: 10 })).items.length,
      0,
    );
    assert.equal(
      await deleteRecord(db, { companyId: b, collection: "customers", externalId: "C-1" }),
      undefined,
    );
    const other = await upsertRecord(db, {
      companyId: b,
      collection: "customers",
      externalId: "C-1",
      data: { name: "B's" },
    });
    assert.equal(other.created, true);
  });

  test("bulk upsert writes new and changed records only, and reports which", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    const records = Array.from({ length: 2500 }, (_, i) => ({
      externalId: `C-${i}`,
      data: { name: `Customer ${i}` },
    }));
    const first = await suite.db.transaction((trx) =>
      bulkUpsert(trx, { companyId, collection: "customers", records }),
    );
    assert.equal(first.changed.length, 2500);
    assert.ok(first.changed.every((c) => c.created && c.version === 1));

    const edited = records.map((r, i) =>
      i % 10 === 0 ? { ...r, data: { name: `${r.data.name} (edited)` } } : r,
    );
    const second = await suite.db.transaction((trx) =>
      bulkUpsert(trx, { companyId, collection: "customers", records: edited }),
    );
    assert.equal(second.changed.length, 250);
    assert.equal(second.unchanged, 2250);
    assert.ok(second.changed.every((c) => !c.created && c.version === 2));
    assert.equal(await countRecords(db, { companyId, collection: "customers" }), 2500);
  });

  test("bulk upsert keeps the last of duplicate external ids", async () => {
    const companyId = await company();
    const result = await bulkUpsert(suite.db.kysely, {
      companyId,
      collection: "vendors",
      records: [
        { externalId: "V-1", data: { name: "first" } },
        { externalId: "V-1", data: { name: "second" } },
      ],
    });
    assert.equal(result.changed.length, 1);
    const stored = await getRecord(suite.db.kysely, { companyId, collection: "vendors", externalId: "V-1" });
    assert.equal(stored?.data.name, "second");
  });

  test("bulk upsert in a transaction is all or nothing", async () => {
    const companyId = await company();
    await assert.rejects(
      suite.db.transaction(async (trx) => {
        await bulkUpsert(trx, {
          companyId,
          collection: "customers",
          records: [{ externalId: "C-ok", data: { name: "ok" } }],
        });
        // A foreign key violation in the second statement must undo the first.
        await bulkUpsert(trx, {
          companyId: randomUUID(),
          collection: "customers",
          records: [{ externalId: "C-bad", data: { name: "bad" } }],
        });
      }),
    );
    assert.equal(
      await getRecord(suite.db.kysely, { companyId, collection: "customers", externalId: "C-ok" }),
      undefined,
    );
  });

  test("lists page by cursor through every record exactly once, in change order", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    await bulkUpsert(db, {
      companyId,
      collection: "items",
      records: Array.from({ length: 53 }, (_, i) => ({ externalId: `P-${i}`, data: { name: `Part ${i}` } })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listRecords(db, { companyId, collection: "items", limit: 10, cursor });
      seen.push(...page.items.map((r) => r.externalId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 6);
    assert.equal(new Set(seen).size, 53);
    assert.equal(seen.length, 53);

    const desc = await listRecords(db, { companyId, collection: "items", limit: 60, order: "desc" });
    assert.deepEqual(
      desc.items.map((r) => r.externalId),
      [...seen].reverse(),
    );
    await assert.rejects(
      listRecords(db, { companyId, collection: "items", limit: 10, cursor: "garbage" }),
      InvalidCursorError,
    );
  });

  test("changedSince returns later changes, including deletions", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    await upsertRecord(db, { companyId, collection: "accounts", externalId: "A-old", data: { name: "Old" } });
    await upsertRecord(db, {
      companyId,
      collection: "accounts",
      externalId: "A-gone",
      data: { name: "Gone" },
    });
    // Back-date the first two so "since" falls between them and the later changes.
    await sql`update records set updated_at = now() - interval '1 hour' where company_id = ${companyId}`.execute(
      db,
    );
    const since = new Date(Date.now() - 60_000);
    await upsertRecord(db, { companyId, collection: "accounts", externalId: "A-new", data: { name: "New" } });
    await deleteRecord(db, { companyId, collection: "accounts", externalId: "A-gone" });

    const page = await listRecords(db, { companyId, collection: "accounts", changedSince: since, limit: 10 });
    assert.deepEqual(page.items.map((r) => r.externalId).sort(), ["A-gone", "A-new"]);
    assert.ok(page.items.find((r) => r.externalId === "A-gone")?.deletedAt);
    const live = await listRecords(db, { companyId, collection: "accounts", limit: 10 });
    assert.deepEqual(live.items.map((r) => r.externalId).sort(), ["A-new", "A-old"]);
  });

  /**
   * A host following the feed: walks every page, keeps the poll cursor, and takes a record as new when
   * its version is newer than the one it processed (the feed may repeat a change, never skip one).
   */
  function follower(companyId: string, collection: string) {
    const processed = new Map<string, number>();
    let poll: string | undefined;
    return {
      /** One poll: the changes new to this host, in feed order, and everything the feed listed. */
      async poll() {
        const fresh: string[] = [];
        const listed: string[] = [];
        let cursor = poll;
        for (;;) {
          const page = await listRecords(suite.db.kysely, {
            companyId,
            collection,
            deleted: "include",
            limit: 3,
            cursor,
          });
          for (const r of page.items) {
            listed.push(`${r.externalId}@${r.version}`);
            if ((processed.get(r.externalId) ?? 0) >= r.version) continue;
            processed.set(r.externalId, r.version);
            fresh.push(`${r.externalId}@${r.version}`);
          }
          if (!page.nextCursor) {
            assert.ok(page.pollCursor, "the last page says where to poll from");
            poll = page.pollCursor;
            return { fresh, listed };
          }
          assert.equal(page.pollCursor, undefined, "only the last page carries the poll cursor");
          cursor = page.nextCursor;
        }
      },
    };
  }

  test("the change feed: each poll brings every change made since, in order, across pages", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    const host = follower(companyId, "terms");
    // On the embedded database nothing else runs alongside, so the feed repeats nothing; a server may
    // run other transactions meanwhile (other sessions), after which a poll can repeat changes.
    const exact = suite.kind === "embedded";
    assert.deepEqual((await host.poll()).fresh, []);
    // One transaction, split across pages: each record once.
    await suite.db.transaction((trx) =>
      bulkUpsert(trx, {
        companyId,
        collection: "terms",
        records: Array.from({ length: 7 }, (_, i) => ({ externalId: `T-${i}`, data: { name: `Net ${i}` } })),
      }),
    );
    const first = await host.poll();
    assert.deepEqual(first.fresh, ["T-0@1", "T-1@1", "T-2@1", "T-3@1", "T-4@1", "T-5@1", "T-6@1"]);
    if (exact) assert.deepEqual(first.listed, first.fresh);
    const quiet = await host.poll();
    assert.deepEqual(quiet.fresh, [], "nothing new: nothing new listed");
    if (exact) assert.deepEqual(quiet.listed, []);

    await upsertRecord(db, { companyId, collection: "terms", externalId: "T-2", data: { name: "Net 2b" } });
    await upsertRecord(db, { companyId, collection: "terms", externalId: "T-2", data: { name: "Net 2b" } });
    await deleteRecord(db, { companyId, collection: "terms", externalId: "T-5" });
    await upsertRecord(db, { companyId, collection: "terms", externalId: "T-9", data: { name: "Net 9" } });
    const second = await host.poll();
    assert.deepEqual(
      second.fresh,
      ["T-2@2", "T-5@2", "T-9@1"],
      "in commit order, the unchanged PUT not at all",
    );
    if (exact) assert.deepEqual(second.listed, second.fresh);
    assert.deepEqual((await host.poll()).fresh, []);
    // A cursor of the other order is refused rather than misread.
    const latest = await listRecords(db, { companyId, collection: "terms", limit: 2, order: "desc" });
    assert.ok(latest.nextCursor);
    await assert.rejects(
      listRecords(db, { companyId, collection: "terms", limit: 2, cursor: latest.nextCursor }),
      InvalidCursorError,
    );
  });

  test("the change feed never skips a change that a long transaction commits late", async (t) => {
    if (suite.kind === "embedded") {
      t.skip("the embedded database runs one transaction at a time, so no transaction can commit late");
      return;
    }
    const db = suite.db.kysely;
    const companyId = await company();
    const host = follower(companyId, "vendors");
    await host.poll();
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let written!: () => void;
    const slowWrote = new Promise<void>((r) => {
      written = r;
    });
    // The slow transaction writes first (so its updated_at is earlier) and commits last.
    const slow = suite.db.transaction(async (trx) => {
      await upsertRecord(trx, {
        companyId,
        collection: "vendors",
        externalId: "V-slow",
        data: { name: "Slow" },
      });
      written();
      await released;
    });
    await slowWrote;
    await upsertRecord(db, {
      companyId,
      collection: "vendors",
      externalId: "V-fast",
      data: { name: "Fast" },
    });
    const during = await host.poll();
    assert.deepEqual(during.fresh, ["V-fast@1"], "what has committed is listed at once");
    release();
    await slow;
    const afterwards = await host.poll();
    assert.deepEqual(afterwards.fresh, ["V-slow@1"], "the late commit is not skipped");
  });

  test("search matches the external id and the given fields, case-insensitively and literally", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    const put = (externalId: string, data: Record<string, unknown>) =>
      upsertRecord(db, { companyId, collection: "customers", externalId, data });
    await put("C-1", { name: "Dayton Tool & Die", email: "ap@dtd.example" });
    await put("C-2", { name: "Springfield Gears", email: "billing@gears.example" });
    await put("X-100%", { name: "Percent Co" });
    const search = async (term: string) =>
      (
        await listRecords(db, {
          companyId,
          collection: "customers",
          limit: 10,
          search: term,
          searchFields: ["name", "email"],
        })
      ).items
        .map((r) => r.externalId)
        .sort();
    assert.deepEqual(await search("dayton"), ["C-1"]);
    assert.deepEqual(await search("GEARS.example"), ["C-2"]);
    assert.deepEqual(await search("c-"), ["C-1", "C-2"]);
    assert.deepEqual(await search("0%"), ["X-100%"]);
    assert.deepEqual(await search("_"), []);
    assert.equal(
      await countRecords(db, {
        companyId,
        collection: "customers",
        search: "example",
        searchFields: ["email"],
      }),
      2,
    );
  });

  test("sync status filters lists and survives content changes", async () => {
    const db = suite.db.kysely;
    const companyId = await company();
    const key = { companyId, collection: "invoices", externalId: "INV-1" };
    await upsertRecord(db, { ...key, data: { number: "INV-1" } });
    await upsertRecord(db, { ...key, externalId: "INV-2", data: { number: "INV-2" } });
    const syncedAt = new Date("2026-11-02T10:00:00.123Z");
    await setRecordSync(db, key, { status: "synced", quickbooksId: "145", lastSyncedAt: syncedAt });
    const synced = await listRecords(db, { companyId, collection: "invoices", status: "synced", limit: 10 });
    assert.deepEqual(
      synced.items.map((r) => [r.externalId, r.sync.quickbooksId, r.sync.lastSyncedAt?.toISOString()]),
      [["INV-1", "145", syncedAt.toISOString()]],
    );
    assert.equal(
      (await listRecords(db, { companyId, collection: "invoices", status: "not_synced", limit: 10 })).items
        .length,
      1,
    );
    assert.deepEqual(await countByCollection(db, companyId), { invoices: 2 });
  });

  test("stores JSON exactly: decimal strings, unicode and nested arrays come back unchanged", async () => {
    const companyId = await company();
    const data = {
      name: "Ünïcødé “quotes” ✓",
      lines: [{ amount: "0.10", quantity: "3" }],
      note: "line\nbreak",
      n: null,
    };
    await upsertRecord(suite.db.kysely, {
      companyId,
      collection: "invoices",
      externalId: "INV ü/1".replace("/", "-"),
      data,
    });
    const stored = await getRecord(suite.db.kysely, {
      companyId,
      collection: "invoices",
      externalId: "INV ü-1",
    });
    assert.deepEqual(stored?.data, data);
  });

  test("any sequence of puts and deletes matches a simple model of versions and tombstones", async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("put" as const),
        id: fc.integer({ min: 0, max: 3 }),
        name: fc.constantFrom("a", "b"),
      }),
      fc.record({ kind: fc.constant("delete" as const), id: fc.integer({ min: 0, max: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 15 }), async (ops) => {
        const db = suite.db.kysely;
        const companyId = await company("Model");
        const model = new Map<number, { name: string; version: number; deleted: boolean }>();
        for (const o of ops) {
          const key = { companyId, collection: "customers", externalId: `C-${o.id}` };
          const before = model.get(o.id);
          if (o.kind === "put") {
            const result = await upsertRecord(db, { ...key, data: { name: o.name } });
            const changes = !before || before.deleted || before.name !== o.name;
            const version = before ? (changes ? before.version + 1 : before.version) : 1;
            model.set(o.id, { name: o.name, version, deleted: false });
            assert.equal(result.changed, changes);
            assert.equal(result.created, !before);
            assert.equal(result.record.version, version);
          } else {
            const result = await deleteRecord(db, key);
            if (!before) assert.equal(result, undefined);
            else {
              assert.equal(result?.changed, !before.deleted);
              if (!before.deleted) model.set(o.id, { ...before, version: before.version + 1, deleted: true });
              assert.equal(result?.record.version, model.get(o.id)?.version);
            }
          }
        }
        const live = await listRecords(db, { companyId, collection: "customers", limit: 10 });
        assert.deepEqual(
          live.items.map((r) => r.externalId).sort(),
          [...model.entries()]
            .filter(([, m]) => !m.deleted)
            .map(([id]) => `C-${id}`)
            .sort(),
        );
      }),
      { numRuns: 25 },
    );
  });
});
