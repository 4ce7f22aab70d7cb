// Reference problems kept queryable: the `problems` and `references` list filters, exact at every
// moment (a warning clears when the named record arrives), paged by cursor like any list, on both
// databases; and a deletion that names the records still pointing at the deleted one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { migrate } from "#store/migrate.ts";
import { migrations } from "#store/migrations/index.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { bulkUpsertRecords, deleteRecord, listRecords, putRecord } from "./records.ts";

const invoice = (n: number, customer: string, item = "I-1") => ({
  number: `INV-${n}`,
  customerExternalId: customer,
  date: "2026-11-02",
  lines: [{ itemExternalId: item, quantity: "1", unitPrice: "10.00" }],
});

/** Every external id a filtered list gives, walking its cursor a page of `limit` at a time. */
async function walk(
  db: Database,
  companyId: string,
  filter: { problems?: "missing_reference" | "deleted_reference" | "any"; references?: string },
  limit = 2,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listRecords(db, { companyId, collection: "invoices", ...filter, cursor, limit });
    assert.ok(page.ok, JSON.stringify(page));
    ids.push(...page.value.items.map((i) => i.externalId));
    if (!page.value.nextCursor) return ids.sort();
    cursor = page.value.nextCursor;
  }
  throw new Error("the walk did not end");
}

withDatabases("reference problems", (suite) => {
  test("?problems= lists exactly the records with missing or deleted references, across pages", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Problems Co" });
    const put = (collection: string, externalId: string, body: unknown) =>
      putRecord(db, { companyId, collection, externalId, body });
    await put("customers", "C-1", { name: "Present" });
    await put("items", "I-1", { name: "Widget", type: "service" });
    await put("customers", "C-GONE", { name: "Soon gone" });
    const bulk = await bulkUpsertRecords(db, {
      companyId,
      collection: "invoices",
      body: {
        records: [
          { externalId: "INV-1", data: invoice(1, "C-1") },
          { externalId: "INV-2", data: invoice(2, "C-LATE") },
          { externalId: "INV-3", data: invoice(3, "C-1", "I-LATE") },
          { externalId: "INV-4", data: invoice(4, "C-GONE") },
          { externalId: "INV-5", data: invoice(5, "C-GONE") },
          { externalId: "INV-6", data: invoice(6, "C-LATE", "I-LATE") },
        ],
      },
    });
    assert.ok(bulk.ok);

    assert.deepEqual(await walk(db, companyId, { problems: "missing_reference" }), [
      "INV-2",
      "INV-3",
      "INV-6",
    ]);
    assert.deepEqual(await walk(db, companyId, { problems: "deleted_reference" }), []);

    const deleted = await deleteRecord(db, { companyId, collection: "customers", externalId: "C-GONE" });
    assert.ok(deleted.ok);
    assert.deepEqual(await walk(db, companyId, { problems: "deleted_reference" }), ["INV-4", "INV-5"]);
    assert.deepEqual(await walk(db, companyId, { problems: "any" }, 1), [
      "INV-2",
      "INV-3",
      "INV-4",
      "INV-5",
      "INV-6",
    ]);

    // The named records arrive: their warnings clear, and the filter says so at once.
    await put("customers", "C-LATE", { name: "Late" });
    assert.deepEqual(await walk(db, companyId, { problems: "missing_reference" }), ["INV-3", "INV-6"]);
    await put("items", "I-LATE", { name: "Late item", type: "service" });
    assert.deepEqual(await walk(db, companyId, { problems: "missing_reference" }), []);
    // A deleted record written again is live again.
    await put("customers", "C-GONE", { name: "Back" });
    assert.deepEqual(await walk(db, companyId, { problems: "any" }), []);

    // An invoice edited to name another customer is found by its new reference, not its old one.
    await put("invoices", "INV-1", invoice(1, "C-NEW"));
    assert.deepEqual(await walk(db, companyId, { problems: "missing_reference" }), ["INV-1"]);
    assert.deepEqual(await walk(db, companyId, { references: "customers/C-1" }), ["INV-3"]);
    assert.deepEqual(await walk(db, companyId, { references: "customers/C-NEW" }), ["INV-1"]);
    assert.deepEqual(await walk(db, companyId, { references: "items/I-LATE" }), ["INV-3", "INV-6"]);
  });

  test("another company's records never satisfy or break a reference", async () => {
    const { db } = suite;
    const { id: a } = await createCompany(db.kysely, { name: "Ref A" });
    const { id: b } = await createCompany(db.kysely, { name: "Ref B" });
    await putRecord(db, { companyId: b, collection: "customers", externalId: "C-X", body: { name: "B's" } });
    await putRecord(db, {
      companyId: a,
      collection: "invoices",
      externalId: "INV-X",
      body: invoice(9, "C-X"),
    });
    assert.deepEqual(await walk(db, a, { problems: "missing_reference" }), ["INV-X"]);
    assert.deepEqual(await walk(db, b, { references: "customers/C-X" }), []);
  });

  test("deleting a referenced record names the live records that name it, with the list of all", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Delete Co" });
    await putRecord(db, {
      companyId,
      collection: "customers",
      externalId: "C 7&8",
      body: { name: "Spaced" },
    });
    const records = Array.from({ length: 25 }, (_, i) => ({
      externalId: `INV-${String(i).padStart(2, "0")}`,
      data: invoice(i, "C 7&8"),
    }));
    assert.ok((await bulkUpsertRecords(db, { companyId, collection: "invoices", body: { records } })).ok);
    await putRecord(db, {
      companyId,
      collection: "customers",
      externalId: "C-SUB",
      body: { name: "Sub", parentExternalId: "C 7&8" },
    });
    await deleteRecord(db, { companyId, collection: "invoices", externalId: "INV-00" });

    const deleted = await deleteRecord(db, { companyId, collection: "customers", externalId: "C 7&8" });
    assert.ok(deleted.ok);
    const [customers, invoices] = deleted.value.referencedBy;
    assert.deepEqual(customers, {
      collection: "customers",
      count: 1,
      externalIds: ["C-SUB"],
      list: "/api/v1/customers?references=customers%2FC%207%268",
    });
    assert.equal(invoices?.count, 24, "a deleted invoice no longer counts");
    assert.equal(invoices?.externalIds.length, 20);
    assert.equal(invoices?.externalIds[0], "INV-01");
    // The link's filter lists all of them.
    assert.equal((await walk(db, companyId, { references: "customers/C 7&8" }, 10)).length, 24);

    const unreferenced = await deleteRecord(db, { companyId, collection: "customers", externalId: "C-SUB" });
    assert.ok(unreferenced.ok);
    assert.deepEqual(unreferenced.value.referencedBy, []);
  });

  test("a malformed references filter is refused naming the field", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Bad Filter Co" });
    for (const references of ["C-1", "nope/C-1", "customers/", "/C-1"]) {
      const r = await listRecords(db, { companyId, collection: "invoices", references, limit: 10 });
      assert.ok(!r.ok);
      assert.equal(r.error.code, "invalid_request");
      assert.equal(r.error.issues?.[0]?.path, "/references");
    }
  });

  test("migrating fills the references of records stored before the column existed", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Backfill Co" });
    await putRecord(db, {
      companyId,
      collection: "invoices",
      externalId: "INV-OLD",
      body: invoice(1, "C-OLD"),
    });
    // As a database before migration 010 would hold it: no references stored.
    await db.kysely.updateTable("records").set({ refs: "[]" }).where("company_id", "=", companyId).execute();
    assert.deepEqual(await walk(db, companyId, { problems: "any" }), []);
    const backfill = migrations.find((m) => m.version === 10)?.backfill;
    assert.ok(backfill);
    await db.transaction((trx) => backfill(trx as never));
    assert.deepEqual(await walk(db, companyId, { problems: "any" }), ["INV-OLD"]);
    assert.deepEqual(await walk(db, companyId, { references: "items/I-1" }), ["INV-OLD"]);
    assert.equal((await migrate(db)).applied.length, 0);
  });
});
