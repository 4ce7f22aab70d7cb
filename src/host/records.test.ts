// The host's record services on their own (the HTTP layer has its tests in test/api-records.test.ts):
// what each one returns, the failures it reports by code, and that a change and its outbox job are
// written together or not at all.
import assert from "node:assert/strict";
import { test } from "node:test";
import { listJobs } from "#jobs/history.ts";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { RECORD_CHANGED } from "#sync/outbox.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import {
  bulkUpsertRecords,
  deleteRecord,
  getRecord,
  listRecords,
  maxBulkRecords,
  putRecord,
} from "./records.ts";

const acme = { name: "Acme Tools Inc" };

async function changesQueued(db: Database, companyId: string): Promise<unknown[]> {
  return (await listJobs(db.kysely, { companyId, type: RECORD_CHANGED })).map((j) => j.payload);
}

withDatabases("host records", (suite) => {
  test("put creates, then changes nothing for the same body, then updates with a new version", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Put Co" });
    const target = { companyId, collection: "customers", externalId: "C-1" };
    const created = await putRecord(db, { ...target, body: acme });
    assert.ok(created.ok);
    assert.deepEqual(
      [created.value.created, created.value.changed, created.value.record.version],
      [true, true, 1],
    );
    assert.equal(created.value.record.sync.status, "not_synced");

    const same = await putRecord(db, { ...target, body: acme });
    assert.ok(same.ok);
    assert.deepEqual([same.value.created, same.value.changed, same.value.record.version], [false, false, 1]);

    const renamed = await putRecord(db, { ...target, body: { name: "Acme Tools LLC" } });
    assert.ok(renamed.ok);
    assert.deepEqual([renamed.value.changed, renamed.value.record.version], [true, 2]);
    // One waiting job per record, carrying the latest version; the unchanged put queued nothing.
    assert.deepEqual(await changesQueued(db, companyId), [
      { collection: "customers", externalId: "C-1", version: 2 },
    ]);
  });

  test("put refuses by code, and writes nothing when it refuses", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Refusing Co" });
    const put = (input: { collection?: string; externalId?: string; body?: unknown; companyId?: string }) =>
      putRecord(db, { companyId, collection: "customers", externalId: "C-2", body: acme, ...input });
    const code = async (p: ReturnType<typeof put>) => {
      const r = await p;
      return r.ok ? "ok" : r.error.code;
    };
    assert.equal(await code(put({ collection: "widgets" })), "unknown_collection");
    assert.equal(await code(put({ externalId: "a/b" })), "invalid_external_id");
    assert.equal(await code(put({ companyId: "not-a-company" })), "company_not_found");
    const invalid = await put({ body: { name: "", surprise: 1 } });
    assert.ok(!invalid.ok);
    assert.equal(invalid.error.code, "invalid_record");
    assert.deepEqual(
      invalid.error.issues?.map((i) => i.path).sort(),
      ["/name", "/surprise"],
      "every problem, each by its JSON pointer",
    );
    const read = await getRecord(db, { companyId, collection: "customers", externalId: "C-2" });
    assert.ok(!read.ok);
    assert.equal(read.error.code, "record_not_found");
    assert.deepEqual(await changesQueued(db, companyId), []);
  });

  test("a company reads only its own records", async () => {
    const { db } = suite;
    const a = await createCompany(db.kysely, { name: "Owner Co" });
    const b = await createCompany(db.kysely, { name: "Neighbour Co" });
    assert.ok(
      (await putRecord(db, { companyId: a.id, collection: "vendors", externalId: "V-1", body: acme })).ok,
    );
    const fromB = await getRecord(db, { companyId: b.id, collection: "vendors", externalId: "V-1" });
    assert.ok(!fromB.ok);
    assert.equal(fromB.error.code, "record_not_found");
    const deleteFromB = await deleteRecord(db, { companyId: b.id, collection: "vendors", externalId: "V-1" });
    assert.ok(!deleteFromB.ok);
    assert.ok((await getRecord(db, { companyId: a.id, collection: "vendors", externalId: "V-1" })).ok);
  });

  test("delete leaves a tombstone once; deleting it again changes nothing", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Delete Co" });
    const target = { companyId, collection: "items", externalId: "P-1" };
    assert.ok((await putRecord(db, { ...target, body: { name: "Hex bolt", type: "inventory" } })).ok);
    const first = await deleteRecord(db, target);
    assert.ok(first.ok);
    assert.equal(first.value.changed, true);
    assert.ok(first.value.record.deletedAt);
    assert.equal(first.value.record.version, 2);
    const again = await deleteRecord(db, target);
    assert.ok(again.ok);
    assert.deepEqual([again.value.changed, again.value.record.version], [false, 2]);
    assert.deepEqual(await changesQueued(db, companyId), [
      { collection: "items", externalId: "P-1", version: 2 },
    ]);
    const missing = await deleteRecord(db, { ...target, externalId: "P-404" });
    assert.ok(!missing.ok);
    assert.equal(missing.error.code, "record_not_found");
  });

  test("list pages with a cursor and refuses one it did not give", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "List Co" });
    for (const id of ["T-1", "T-2", "T-3"])
      assert.ok(
        (
          await putRecord(db, {
            companyId,
            collection: "vendors",
            externalId: id,
            body: { name: `Vendor ${id}` },
          })
        ).ok,
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await listRecords(db, { companyId, collection: "vendors", limit: 2, cursor });
      assert.ok(r.ok);
      seen.push(...r.value.items.map((i) => i.externalId));
      if (!r.value.nextCursor) {
        assert.ok(r.value.pollCursor, "the last page hands back a poll cursor");
        break;
      }
      cursor = r.value.nextCursor;
    }
    assert.deepEqual(seen, ["T-1", "T-2", "T-3"]);
    const foreign = await listRecords(db, {
      companyId,
      collection: "terms",
      limit: 2,
      cursor: "bm90LWEtY3Vyc29y",
    });
    assert.ok(!foreign.ok);
    assert.equal(foreign.error.code, "invalid_cursor");
  });

  test("bulk writes all or nothing and says what happened to each record", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Bulk Co" });
    assert.ok(
      (await putRecord(db, { companyId, collection: "customers", externalId: "B-1", body: acme })).ok,
    );
    const ok = await bulkUpsertRecords(db, {
      companyId,
      collection: "customers",
      body: {
        records: [
          { externalId: "B-1", data: acme },
          { externalId: "B-2", data: { name: "Bolt Brothers" } },
        ],
      },
    });
    assert.ok(ok.ok);
    assert.deepEqual(
      [ok.value.received, ok.value.created, ok.value.updated, ok.value.unchanged],
      [2, 1, 0, 1],
    );
    assert.deepEqual(
      ok.value.items.map((i) => [i.externalId, i.outcome, i.version]),
      [
        ["B-1", "unchanged", null],
        ["B-2", "created", 1],
      ],
    );

    const bad = await bulkUpsertRecords(db, {
      companyId,
      collection: "customers",
      body: {
        records: [
          { externalId: "B-3", data: { name: "Fine" } },
          { externalId: "B-3", data: { name: "Twice" } },
          { externalId: "B-4", data: { name: "" } },
          "not an entry",
        ],
      },
    });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, "invalid_record");
    assert.deepEqual(
      bad.error.issues?.map((i) => i.path),
      ["/records/1/externalId", "/records/2/data/name", "/records/3"],
    );
    const none = await getRecord(db, { companyId, collection: "customers", externalId: "B-3" });
    assert.ok(!none.ok, "nothing of a refused bulk is written");

    const notEnvelope = await bulkUpsertRecords(db, {
      companyId,
      collection: "customers",
      body: { records: "x" },
    });
    assert.ok(!notEnvelope.ok);
    assert.deepEqual(notEnvelope.error.issues, [
      { path: "/records", message: "must be an array, got a string" },
    ]);

    const tooMany = await bulkUpsertRecords(db, {
      companyId,
      collection: "customers",
      body: {
        records: Array.from({ length: maxBulkRecords + 1 }, (_, i) => ({ externalId: `X-${i}`, data: acme })),
      },
    });
    assert.ok(!tooMany.ok);
    assert.equal(tooMany.error.code, "too_many_records");
  });
});
