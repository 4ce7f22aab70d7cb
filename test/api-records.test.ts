// The host records API end to end over HTTP: upsert, read, delete, list, bulk, errors, isolation.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { setRecordSync } from "#store/records.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s.close();
});

async function jobsFor(externalId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const rows = await s.db.kysely
    .selectFrom("jobs")
    .select(["type", "payload"])
    .where(sql<string>`payload->>'externalId'`, "=", externalId)
    .execute();
  return rows as { type: string; payload: Record<string, unknown> }[];
}

const customer = {
  name: "Acme Tools Inc",
  email: "billing@acme.example",
  billingAddress: { line1: "1 Main St", city: "Dayton", region: "OH", postalCode: "45402", country: "US" },
};

describe("PUT and GET one record", () => {
  test("creates with 201, reads back with a sync block, normalises amounts", async () => {
    const put = await s.api("/api/v1/customers/C-1001", { method: "PUT", json: customer });
    assert.equal(put.status, 201);
    const created = (await put.json()) as Record<string, unknown>;
    assert.equal(created.externalId, "C-1001");
    assert.equal(created.version, 1);
    assert.match(String(created.hash), /^[0-9a-f]{64}$/);

    const get = await s.api("/api/v1/customers/C-1001");
    assert.equal(get.status, 200);
    const read = (await get.json()) as {
      data: { name: string; active: boolean };
      sync: Record<string, unknown>;
      deletedAt: unknown;
    };
    assert.equal(read.data.name, "Acme Tools Inc");
    assert.equal(read.data.active, true, "defaults are applied");
    assert.deepEqual(read.sync, {
      status: "not_synced",
      quickbooksId: null,
      lastError: null,
      lastSyncedAt: null,
    });
    assert.equal(read.deletedAt, null);

    const item = await s.api("/api/v1/items/P-100", {
      method: "PUT",
      json: {
        sku: "WID-100",
        name: "Widget 100",
        type: "inventory",
        unitPrice: 12.5,
        unitCost: "7.10",
        quantityOnHand: "40",
      },
    });
    assert.equal(item.status, 201);
    const itemBody = (await item.json()) as { data: Record<string, unknown> };
    assert.equal(itemBody.data.unitPrice, "12.50", "numbers become exact decimal strings");
    assert.equal(itemBody.data.unitCost, "7.10");
  });

  test("the same body twice changes nothing: same version, no second job", async () => {
    const first = await s.api("/api/v1/customers/C-2000", { method: "PUT", json: customer });
    assert.equal(first.status, 201);
    const jobsAfterFirst = await jobsFor("C-2000");
    assert.equal(jobsAfterFirst.length, 1);
    assert.equal(jobsAfterFirst[0]?.type, "record.changed");
    assert.equal(jobsAfterFirst[0]?.payload.collection, "customers");

    // Key order and number formatting do not matter either.
    const again = await s.api("/api/v1/customers/C-2000", {
      method: "PUT",
      json: { billingAddress: customer.billingAddress, email: customer.email, name: customer.name },
    });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { version: number }).version, 1);
    assert.equal((await jobsFor("C-2000")).length, 1);

    const changed = await s.api("/api/v1/customers/C-2000", {
      method: "PUT",
      json: { ...customer, phone: "937-555-0100" },
    });
    assert.equal(changed.status, 200);
    assert.equal(((await changed.json()) as { version: number }).version, 2);
    const jobs = await jobsFor("C-2000");
    assert.ok(
      jobs.some((j) => j.payload.version === 2),
      "the change is queued with its new version",
    );
  });

  test("invalid input: 400 problem+json listing every invalid field by JSON path, nothing written", async () => {
    const res = await s.api("/api/v1/invoices/INV-BAD", {
      method: "PUT",
      json: {
        number: "INV-BAD",
        date: "2026-13-45",
        lines: [{ itemExternalId: "P-100", quantity: "abc", unitPrice: "12.50" }],
        colour: "red",
      },
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const problem = (await res.json()) as { code: string; status: number; errors: { path: string }[] };
    assert.equal(problem.code, "invalid_record");
    assert.equal(problem.status, 400);
    const paths = problem.errors.map((e) => e.path).sort();
    for (const expected of ["/customerExternalId", "/date", "/lines/0/quantity", "/colour"]) {
      assert.ok(paths.includes(expected), `${expected} is reported (got ${paths.join(", ")})`);
    }
    assert.equal((await s.api("/api/v1/invoices/INV-BAD")).status, 404);
    assert.equal((await jobsFor("INV-BAD")).length, 0);
  });

  test("invalid JSON is a 400 problem; a body over the limit is 413", async () => {
    const bad = await s.api("/api/v1/customers/C-3", {
      method: "PUT",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { code: string }).code, "invalid_json");

    const huge = await s.api("/api/v1/customers/C-3", {
      method: "PUT",
      json: { name: "Big", notes: "x".repeat(2 * 1024 * 1024) },
    });
    assert.equal(huge.status, 413);
    assert.match(huge.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const tooLarge = (await huge.json()) as { code: string; detail: string };
    assert.equal(tooLarge.code, "payload_too_large");
    assert.match(tooLarge.detail, /larger than the 1,048,576 bytes this endpoint accepts; split it/);
  });

  test("unknown collection 404, missing or wrong key 401", async () => {
    const unknown = await s.api("/api/v1/widgets/W-1");
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: string }).code, "unknown_collection");

    const missing = await s.api("/api/v1/customers/C-1001", { key: null });
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { code: string }).code, "missing_api_key");
    assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);

    const wrong = await s.api("/api/v1/customers/C-1001", { key: "llk_this-is-not-a-key-of-anyone-here" });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { code: string }).code, "invalid_api_key");
  });

  test("a key of company A gets 404 for company B's records, and lists only its own", async () => {
    const put = await s.api("/api/v1/customers/B-ONLY", {
      method: "PUT",
      json: { name: "Only in B" },
      key: s.companyB.key,
    });
    assert.equal(put.status, 201);
    assert.equal((await s.api("/api/v1/customers/B-ONLY", { key: s.companyB.key })).status, 200);
    assert.equal((await s.api("/api/v1/customers/B-ONLY", { key: s.companyA.key })).status, 404);
    assert.equal(
      (await s.api("/api/v1/customers/B-ONLY", { method: "DELETE", key: s.companyA.key })).status,
      404,
    );
    const listA = (await (await s.api("/api/v1/customers?limit=1000")).json()) as {
      items: { externalId: string }[];
    };
    assert.ok(!listA.items.some((r) => r.externalId === "B-ONLY"));
    // A's PUT of the same id is a different record: B's stays untouched.
    await s.api("/api/v1/customers/B-ONLY", { method: "PUT", json: { name: "A's own" } });
    const b = (await (await s.api("/api/v1/customers/B-ONLY", { key: s.companyB.key })).json()) as {
      data: { name: string };
    };
    assert.equal(b.data.name, "Only in B");
  });
});

describe("DELETE keeps a tombstone", () => {
  test("deleted records read back with deletedAt, leave lists, and come back on PUT", async () => {
    await s.api("/api/v1/vendors/V-1", { method: "PUT", json: { name: "Steel Supply Co" } });
    const del = await s.api("/api/v1/vendors/V-1", { method: "DELETE" });
    assert.equal(del.status, 200);
    const tomb = (await del.json()) as { deletedAt: string | null; version: number };
    assert.ok(tomb.deletedAt);
    assert.equal(tomb.version, 2);
    const read = (await (await s.api("/api/v1/vendors/V-1")).json()) as { deletedAt: string | null };
    assert.ok(read.deletedAt, "the tombstone is still readable");

    const live = (await (await s.api("/api/v1/vendors")).json()) as { items: { externalId: string }[] };
    assert.ok(!live.items.some((r) => r.externalId === "V-1"));
    const withDeleted = (await (await s.api("/api/v1/vendors?deleted=include")).json()) as {
      items: { externalId: string }[];
    };
    assert.ok(withDeleted.items.some((r) => r.externalId === "V-1"));

    assert.equal((await s.api("/api/v1/vendors/V-NONE", { method: "DELETE" })).status, 404);
    const back = await s.api("/api/v1/vendors/V-1", { method: "PUT", json: { name: "Steel Supply Co" } });
    const revived = (await back.json()) as { deletedAt: string | null; version: number };
    assert.equal(revived.deletedAt, null);
    assert.equal(revived.version, 3);
  });
});

describe("Content-Type: application/json with no body", () => {
  test("is no body for DELETE and GET, and still an empty JSON body for PUT and POST", async () => {
    await s.api("/api/v1/customers/CT-1", { method: "PUT", json: { name: "Header Happy Ltd" } });
    const json = { "content-type": "application/json" };
    const get = await s.api("/api/v1/customers/CT-1", { headers: json });
    assert.equal(get.status, 200);
    assert.equal(((await get.json()) as { data: { name: string } }).data.name, "Header Happy Ltd");
    assert.equal((await s.api("/api/v1/customers", { headers: json })).status, 200);

    // Both ways a client sends nothing: no body at all, and an explicit empty one (Content-Length: 0).
    const del = await s.api("/api/v1/customers/CT-1", { method: "DELETE", headers: json });
    assert.equal(del.status, 200, await del.clone().text());
    assert.ok(((await del.json()) as { deletedAt: string | null }).deletedAt);
    const again = await s.api("/api/v1/customers/CT-1", { method: "DELETE", headers: json, body: "" });
    assert.equal(again.status, 200, await again.clone().text());

    for (const [method, path] of [
      ["PUT", "/api/v1/customers/CT-2"],
      ["POST", "/api/v1/customers/bulk"],
    ] as const) {
      const empty = await s.api(path, { method, headers: json, body: "" });
      assert.equal(empty.status, 400, `${method} ${path}`);
      assert.equal(((await empty.json()) as { code: string }).code, "invalid_json");
    }
    const broken = await s.api("/api/v1/customers/CT-1", { method: "DELETE", headers: json, body: "{" });
    assert.equal(broken.status, 400, "a DELETE that does send a body must send JSON");
  });
});

describe("listing", () => {
  test("cursor pagination visits every record once; filters and bad cursors", async () => {
    const records = Array.from({ length: 25 }, (_, i) => ({
      externalId: `T-${String(i).padStart(2, "0")}`,
      data: { name: `Net ${i}`, dueDays: i },
    }));
    const bulk = await s.api("/api/v1/terms/bulk", { method: "POST", json: { records } });
    assert.equal(bulk.status, 200, await bulk.clone().text());
    const seen: string[] = [];
    let cursor: string | null = null;
    let pollCursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = (await (await s.api(`/api/v1/terms?limit=10${query}`)).json()) as {
        items: { externalId: string }[];
        nextCursor: string | null;
        pollCursor: string | null;
      };
      seen.push(...page.items.map((r) => r.externalId));
      cursor = page.nextCursor;
      pollCursor = page.pollCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), records.map((r) => r.externalId).sort());
    assert.ok(pollCursor, "the last page says where the next poll starts");
    await s.api("/api/v1/terms/T-03", { method: "PUT", json: { name: "Net 3 revised", dueDays: 3 } });
    const polled = (await (await s.api(`/api/v1/terms?cursor=${encodeURIComponent(pollCursor)}`)).json()) as {
      items: { externalId: string; version: number }[];
    };
    assert.deepEqual(
      polled.items.map((r) => [r.externalId, r.version]),
      [["T-03", 2]],
      "polling from it returns exactly the change made since",
    );

    await setRecordSync(
      s.db.kysely,
      { companyId: s.companyA.id, collection: "terms", externalId: "T-07" },
      { status: "failed", lastError: "Duplicate Name Exists Error" },
    );
    const failed = (await (await s.api("/api/v1/terms?status=failed")).json()) as {
      items: { externalId: string; sync: { status: string; lastError: string } }[];
    };
    assert.deepEqual(
      failed.items.map((r) => [r.externalId, r.sync.status, r.sync.lastError]),
      [["T-07", "failed", "Duplicate Name Exists Error"]],
    );

    const first = (await (await s.api("/api/v1/terms?limit=1")).json()) as { items: { updatedAt: string }[] };
    const since = first.items[0]?.updatedAt ?? "";
    await s.api("/api/v1/terms/T-LATE", { method: "PUT", json: { name: "Net 90", dueDays: 90 } });
    const changed = (await (
      await s.api(`/api/v1/terms?changedSince=${encodeURIComponent(since)}&limit=100`)
    ).json()) as {
      items: { externalId: string }[];
    };
    assert.ok(
      changed.items.some((r) => r.externalId === "T-LATE"),
      "a later change is listed",
    );
    assert.equal(changed.items.at(-1)?.externalId, "T-LATE", "oldest change first");
    const future = await s.api(`/api/v1/terms?changedSince=${encodeURIComponent("2999-01-01T00:00:00Z")}`);
    assert.deepEqual(((await future.json()) as { items: unknown[] }).items, []);
    const search = (await (await s.api("/api/v1/terms?search=Net%202")).json()) as { items: unknown[] };
    assert.equal(search.items.length, 6, "Net 2, Net 20-24 (not T-LATE's Net 90)");

    const badCursor = await s.api("/api/v1/terms?cursor=garbage");
    assert.equal(badCursor.status, 400);
    assert.equal(((await badCursor.json()) as { code: string }).code, "invalid_cursor");
    const badQuery = await s.api("/api/v1/terms?limit=5000&changed_since=yesterday");
    assert.equal(badQuery.status, 400);
    const problem = (await badQuery.json()) as { errors: { path: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.path).sort(), ["/changed_since", "/limit"]);
  });
});

describe("bulk", () => {
  test("1,000 records in one request; a second identical request changes nothing", async () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      externalId: `BULK-${i}`,
      data: { name: `Bulk customer ${i}` },
    }));
    const res = await s.api("/api/v1/customers/bulk", { method: "POST", json: { records } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      created: number;
      updated: number;
      unchanged: number;
      items: unknown[];
    };
    assert.deepEqual([body.created, body.updated, body.unchanged, body.items.length], [1000, 0, 0, 1000]);
    const again = (await (
      await s.api("/api/v1/customers/bulk", { method: "POST", json: { records } })
    ).json()) as {
      unchanged: number;
    };
    assert.equal(again.unchanged, 1000);
  });

  test("all or nothing: one invalid record and nothing is written", async () => {
    const records = Array.from({ length: 10 }, (_, i) => ({
      externalId: `AON-${i}`,
      data: { name: `All or nothing ${i}` },
    }));
    records[3] = { externalId: "AON-3", data: { name: "" } };
    records.push({ externalId: "AON-0", data: { name: "Repeated" } });
    const res = await s.api("/api/v1/customers/bulk", { method: "POST", json: { records } });
    assert.equal(res.status, 400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    const paths = problem.errors.map((e) => e.path);
    assert.ok(paths.includes("/records/3/data/name"), paths.join(", "));
    assert.ok(paths.includes("/records/10/externalId"), "a repeated id is named");
    for (const id of ["AON-0", "AON-1", "AON-9"])
      assert.equal((await s.api(`/api/v1/customers/${id}`)).status, 404);
  });

  test("more than 1,000 records is 413", async () => {
    const records = Array.from({ length: 1001 }, (_, i) => ({
      externalId: `X-${i}`,
      data: { name: `X ${i}` },
    }));
    const res = await s.api("/api/v1/customers/bulk", { method: "POST", json: { records } });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: string }).code, "too_many_records");
  });
});

describe("a change and its job commit together", () => {
  test("when the job can not be queued, the record is not saved either", async () => {
    // Make every new job row fail; the record write in the same transaction must roll back with it.
    await sql`alter table jobs add constraint refuse_jobs_for_test check (type <> 'record.changed') not valid`.execute(
      s.db.kysely,
    );
    try {
      const res = await s.api("/api/v1/customers/ATOMIC-1", { method: "PUT", json: { name: "Atomic" } });
      assert.equal(res.status, 500);
      assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
      const bulk = await s.api("/api/v1/customers/bulk", {
        method: "POST",
        json: { records: [{ externalId: "ATOMIC-2", data: { name: "Atomic 2" } }] },
      });
      assert.equal(bulk.status, 500);
    } finally {
      await sql`alter table jobs drop constraint refuse_jobs_for_test`.execute(s.db.kysely);
    }
    assert.equal((await s.api("/api/v1/customers/ATOMIC-1")).status, 404);
    assert.equal((await s.api("/api/v1/customers/ATOMIC-2")).status, 404);
  });
});

describe("API reference and logs", () => {
  test("OpenAPI document describes every collection from the zod schemas", async () => {
    const res = await fetch(`${s.url}/api/docs/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    assert.equal(doc.openapi, "3.1.0");
    for (const c of ["customers", "sales-orders", "journal-entries", "shipments"]) {
      assert.ok(doc.paths[`/api/v1/${c}/{externalId}`]?.put, `PUT ${c}`);
      assert.ok(doc.paths[`/api/v1/${c}/bulk`]?.post, `bulk ${c}`);
    }
    assert.ok(doc.paths["/api/v1/customers/import"], "customers can be imported");
    assert.ok(!doc.paths["/api/v1/invoices/import"], "invoices can not");
    const customerSchema = doc.components.schemas.Customer;
    assert.ok(customerSchema?.properties?.billingAddress);
    assert.deepEqual(customerSchema?.required, ["name"]);
    const page = await fetch(`${s.url}/api/docs`);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await page.text(), /id="error-invalid_record"/);
  });

  test("without a built web app, pages explain how to build it", async () => {
    const page = await fetch(`${s.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /has not been built yet/);
    assert.match(await (await fetch(`${s.url}/records/customers`)).text(), /npm run build:web/);
  });

  test("a web app built while the server runs is served from the next page load", async () => {
    const webRoot = mkdtempSync(join(tmpdir(), "ledgerlink-web-"));
    const server = await startTestServer({ webRoot });
    try {
      assert.match(await (await fetch(`${server.url}/`)).text(), /has not been built yet/);
      mkdirSync(join(webRoot, "assets"));
      writeFileSync(
        join(webRoot, "index.html"),
        "<!doctype html><title>Ledgerlink</title><div id=root></div>",
      );
      writeFileSync(join(webRoot, "assets", "app.js"), "console.log('app')");
      for (const path of ["/", "/records/customers"]) {
        const page = await fetch(`${server.url}${path}`);
        assert.equal(page.status, 200, path);
        assert.match(await page.text(), /<div id=root>/, path);
      }
      assert.equal(await (await fetch(`${server.url}/assets/app.js`)).text(), "console.log('app')");
    } finally {
      await server.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });

  test("API keys never appear in the logs", async () => {
    await s.api("/api/v1/customers/C-1001");
    const logs = s.logs();
    assert.ok(logs.includes("/api/v1/customers/C-1001"), "requests are logged");
    assert.ok(!logs.includes(s.companyA.key), "the key is not logged");
    assert.ok(!logs.includes(s.companyA.key.slice(4)), "not even without its prefix");
  });
});
