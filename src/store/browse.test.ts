import assert from "node:assert/strict";
import { test } from "node:test";
import { withDatabases } from "../../test/helpers/db.ts";
import { type BrowseInput, browsePage, type ValueSource } from "./browse.ts";
import { createCompany } from "./companies.ts";
import { deleteRecord, upsertRecord } from "./records.ts";

withDatabases("records browser pages", (suite) => {
  const values: Record<string, ValueSource> = {
    date: { kind: "text", field: "date" },
    customer: { kind: "name", field: "customerExternalId", target: "customers", titleField: "name" },
    total: { kind: "total" },
    balance: { kind: "balance", paid: { appliedBy: "payments", appliedField: "invoiceExternalId" } },
    debits: { kind: "lines-sum", field: "amount" },
  };

  async function seed() {
    const db = suite.db.kysely;
    const companyId = (await createCompany(db, { name: `Browse ${Math.random()}` })).id;
    const put = (collection: string, externalId: string, data: Record<string, unknown>) =>
      upsertRecord(db, { companyId, collection, externalId, data });
    await put("customers", "C-1", { name: "zeta Works" });
    await put("customers", "C-2", { name: "Alpha Mills" });
    // Stated total; two payments applied, one of them deleted.
    await put("invoices", "INV-999", {
      number: "INV-999",
      date: "2026-11-02",
      customerExternalId: "C-1",
      total: "100.00",
      lines: [{ amount: "100.00" }],
    });
    // No stated total: lines + tax + delivery fee − discount.
    await put("invoices", "INV-1000", {
      number: "INV-1000",
      date: "2026-11-01",
      customerExternalId: "C-2",
      lines: [{ amount: "10.50" }, { amount: "4.50" }],
      taxAmount: "1.20",
      deliveryFee: "5.00",
      discount: "2.00",
    });
    // A customer that has not arrived yet reads as its external id.
    await put("invoices", "INV-1001", {
      number: "INV-1001",
      date: "2026-11-03",
      customerExternalId: "C-LATER",
      lines: [{ amount: "50.00" }],
    });
    await put("payments", "P-1", { applications: [{ invoiceExternalId: "INV-999", amount: "30.00" }] });
    await put("payments", "P-2", { applications: [{ invoiceExternalId: "INV-999", amount: "5.00" }] });
    await put("payments", "P-3", { applications: [{ invoiceExternalId: "INV-999", amount: "60.00" }] });
    await deleteRecord(db, { companyId, collection: "payments", externalId: "P-3" });
    return companyId;
  }

  function input(
    companyId: string,
    sort: BrowseInput["sort"],
    extra: Partial<BrowseInput> = {},
  ): BrowseInput {
    return {
      filter: { companyId, collection: "invoices" },
      titleField: "number",
      values,
      sort,
      offset: 0,
      limit: 10,
      ...extra,
    };
  }

  test("each value is computed once: names, stated or computed totals, balances less live payments", async () => {
    const companyId = await seed();
    const { rows, total } = await browsePage(
      suite.db.kysely,
      input(companyId, { by: "date", direction: "asc" }),
    );
    assert.equal(total, 3);
    assert.deepEqual(
      rows.map((r) => [r.record.externalId, r.values.customer, r.values.total, r.values.balance]),
      [
        ["INV-1000", "Alpha Mills", "19.20", "19.20"],
        ["INV-999", "zeta Works", "100.00", "65.00"],
        ["INV-1001", "C-LATER", "50.00", "50.00"],
      ],
    );
    assert.equal(rows[0]?.values.debits, "15.00");
  });

  test("sorts by any value either way, names without regard to case, numbers in series order", async () => {
    const companyId = await seed();
    const order = async (by: string, direction: "asc" | "desc") =>
      (await browsePage(suite.db.kysely, input(companyId, { by, direction }))).rows.map(
        (r) => r.record.externalId,
      );
    assert.deepEqual(await order("total", "asc"), ["INV-1000", "INV-1001", "INV-999"]);
    assert.deepEqual(await order("total", "desc"), ["INV-999", "INV-1001", "INV-1000"]);
    assert.deepEqual(await order("balance", "desc"), ["INV-999", "INV-1001", "INV-1000"]);
    assert.deepEqual(await order("customer", "asc"), ["INV-1000", "INV-1001", "INV-999"]);
    assert.deepEqual(await order("title", "asc"), ["INV-999", "INV-1000", "INV-1001"]);
    assert.deepEqual(await order("date", "desc"), ["INV-1001", "INV-999", "INV-1000"]);
  });

  test("pages by offset, and tombstones only when asked for", async () => {
    const companyId = await seed();
    await deleteRecord(suite.db.kysely, { companyId, collection: "invoices", externalId: "INV-1001" });
    const sort = { by: "title", direction: "asc" } as const;
    const live = await browsePage(suite.db.kysely, input(companyId, sort, { limit: 1, offset: 1 }));
    // A search names the records' own columns; the joined names do not make them ambiguous.
    const found = await browsePage(suite.db.kysely, {
      ...input(companyId, sort),
      filter: {
        companyId,
        collection: "invoices",
        search: "inv-9",
        searchFields: ["number", "customerExternalId"],
      },
    });
    assert.deepEqual(
      found.rows.map((r) => r.record.externalId),
      ["INV-999"],
    );
    assert.deepEqual([live.total, live.rows.map((r) => r.record.externalId)], [2, ["INV-1000"]]);
    const all = await browsePage(
      suite.db.kysely,
      input(companyId, sort, { filter: { companyId, collection: "invoices", deleted: "include" } }),
    );
    assert.equal(all.total, 3);
    assert.ok(all.rows.find((r) => r.record.externalId === "INV-1001")?.record.deletedAt);
  });
});
