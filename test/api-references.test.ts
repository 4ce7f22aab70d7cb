// References between records: stored whatever the order they arrive in, answered with warnings naming
// each missing or deleted one, and clear once the named record arrives.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s.close();
});

interface Warning {
  path: string;
  code: string;
  message: string;
}

const invoice = {
  number: "INV-REF-1",
  customerExternalId: "NOPE-CUST",
  date: "2026-11-02",
  termsExternalId: "NOPE-TERMS",
  lines: [{ itemExternalId: "NOPE-ITEM", quantity: "1", unitPrice: "10.00" }],
};

describe("references to records not sent yet", () => {
  test("an invoice naming unknown records is stored, with a warning for each", async () => {
    const put = await s.api("/api/v1/invoices/INV-REF-1", { method: "PUT", json: invoice });
    assert.equal(put.status, 201, "stored, not refused");
    const body = (await put.json()) as { warnings: Warning[] };
    assert.deepEqual(body.warnings.map((w) => [w.path, w.code]).sort(), [
      ["/customerExternalId", "missing_reference"],
      ["/lines/0/itemExternalId", "missing_reference"],
      ["/termsExternalId", "missing_reference"],
    ]);
    assert.match(
      body.warnings.find((w) => w.path === "/customerExternalId")?.message ?? "",
      /customer "NOPE-CUST"/,
    );
    const list = (await (await s.api("/api/v1/invoices")).json()) as { items: { warnings: Warning[] }[] };
    assert.equal(list.items[0]?.warnings.length, 3, "lists carry them too");
  });

  test("the warnings clear when the named records arrive, and a deleted one shows as deleted", async () => {
    await s.api("/api/v1/customers/NOPE-CUST", { method: "PUT", json: { name: "Late Customer" } });
    await s.api("/api/v1/items/NOPE-ITEM", { method: "PUT", json: { name: "Late item", type: "service" } });
    let read = (await (await s.api("/api/v1/invoices/INV-REF-1")).json()) as { warnings: Warning[] };
    assert.deepEqual(
      read.warnings.map((w) => w.path),
      ["/termsExternalId"],
    );
    assert.equal((await s.api("/api/v1/customers/NOPE-CUST", { method: "DELETE" })).status, 200);
    read = (await (await s.api("/api/v1/invoices/INV-REF-1")).json()) as { warnings: Warning[] };
    assert.deepEqual(read.warnings.map((w) => [w.path, w.code]).sort(), [
      ["/customerExternalId", "deleted_reference"],
      ["/termsExternalId", "missing_reference"],
    ]);
  });

  test("a bulk checks every reference in one go; records of the same bulk count as present", async () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      externalId: `SUB-${i}`,
      data: { name: `Sub ${i}`, parentExternalId: i === 0 ? "NO-PARENT" : "SUB-0" },
    }));
    let queries = 0;
    const counter = s.db.kysely.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const { bulkUpsertRecords } = await import("#host/records.ts");
    const result = await bulkUpsertRecords(
      { ...s.db, kysely: counter, transaction: (fn) => counter.transaction().execute(fn) },
      { companyId: s.companyA.id, collection: "customers", body: { records } },
    );
    assert.ok(result.ok);
    const warned = result.value.items.filter((i) => i.warnings);
    assert.deepEqual(
      warned.map((i) => [i.externalId, i.warnings?.map((w) => w.path)]),
      [["SUB-0", ["/parentExternalId"]]],
    );
    assert.ok(queries < 20, `a bulk of 1,000 takes a handful of queries, not thousands (${queries})`);
  });

  test("the CSV import report lists unknown terms and parents as warnings", async () => {
    const csv = "External ID,Name,Terms,Parent\nC-CSVREF,Csv Ref,NO-SUCH-TERMS,NO-SUCH-PARENT\n";
    const r = await fetch(`${s.url}/api/v1/customers/import?dryRun=true`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.companyA.key}`, "content-type": "text/csv" },
      body: csv,
    });
    assert.equal(r.status, 200);
    const report = (await r.json()) as {
      warnings: { line: number; message: string }[];
      warningCount: number;
    };
    const messages = report.warnings.filter((w) => w.line === 2).map((w) => w.message);
    assert.ok(
      messages.some((m) => /term "NO-SUCH-TERMS"/.test(m)),
      JSON.stringify(report.warnings),
    );
    assert.ok(
      messages.some((m) => /customer "NO-SUCH-PARENT"/.test(m)),
      JSON.stringify(report.warnings),
    );
    assert.ok(report.warningCount >= 2);
  });
});

describe("reference problems over HTTP", () => {
  test("?problems= and ?references= filter the list; a bad value is a 400 naming the parameter", async () => {
    await s.api("/api/v1/customers/HTTP-CUST", { method: "PUT", json: { name: "Http Customer" } });
    // Its item arrived in an earlier test; it names no terms.
    const { termsExternalId: _, ...withoutTerms } = invoice;
    const inv = (customer: string) => ({ ...withoutTerms, number: "INV-HTTP", customerExternalId: customer });
    await s.api("/api/v1/invoices/INV-HTTP-1", { method: "PUT", json: inv("HTTP-CUST") });
    await s.api("/api/v1/invoices/INV-HTTP-2", { method: "PUT", json: inv("HTTP-MISSING") });
    const ids = async (query: string) =>
      ((await (await s.api(`/api/v1/invoices?${query}`)).json()) as { items: { externalId: string }[] }).items
        .map((i) => i.externalId)
        .filter((id) => id.startsWith("INV-HTTP"));
    assert.deepEqual(await ids("problems=missing_reference"), ["INV-HTTP-2"]);
    assert.deepEqual(await ids("problems=any"), ["INV-HTTP-2"]);
    assert.deepEqual(await ids("references=customers%2FHTTP-CUST"), ["INV-HTTP-1"]);
    for (const [query, path] of [
      ["problems=broken", "/problems"],
      ["references=HTTP-CUST", "/references"],
    ]) {
      const r = await s.api(`/api/v1/invoices?${query}`);
      assert.equal(r.status, 400, query);
      const problem = (await r.json()) as { errors: { path: string; message: string }[] };
      assert.equal(problem.errors[0]?.path, path, JSON.stringify(problem));
    }
  });

  test("DELETE of a referenced record answers with referencedBy, whose list link lists them", async () => {
    const r = await s.api("/api/v1/customers/HTTP-CUST", { method: "DELETE" });
    assert.equal(r.status, 200);
    const body = (await r.json()) as {
      deletedAt: string | null;
      referencedBy: { collection: string; count: number; externalIds: string[]; list: string }[];
    };
    assert.ok(body.deletedAt);
    assert.deepEqual(body.referencedBy, [
      {
        collection: "invoices",
        count: 1,
        externalIds: ["INV-HTTP-1"],
        list: "/api/v1/invoices?references=customers%2FHTTP-CUST",
      },
    ]);
    const listed = (await (await s.api(body.referencedBy[0]?.list ?? "")).json()) as {
      items: { externalId: string; warnings: Warning[] }[];
    };
    assert.deepEqual(
      listed.items.map((i) => [i.externalId, i.warnings.map((w) => w.code)]),
      [["INV-HTTP-1", ["deleted_reference"]]],
    );
  });
});
