// Hostile and mistaken input at the host API: wrong types, unstorable text, Unicode normalisation and
// malformed cursors are each a 400 problem naming the field, never a 500 and never a half-write.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s.close();
});

interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

async function problemOf(response: Response): Promise<ProblemBody> {
  assert.match(response.headers.get("content-type") ?? "", /^application\/problem\+json/);
  return (await response.json()) as ProblemBody;
}

function messages(p: ProblemBody): Record<string, string> {
  return Object.fromEntries((p.errors ?? []).map((e) => [e.path, e.message]));
}

describe("wrong types say what was expected and what came", () => {
  test("a customer body with a number for a name, text for a flag", async () => {
    const r = await s.api("/api/v1/customers/C-9200", {
      method: "PUT",
      json: { name: 42, active: "yes", email: 5 },
    });
    assert.equal(r.status, 400);
    const m = messages(await problemOf(r));
    assert.equal(m["/name"], "must be a string, got a number");
    assert.equal(m["/active"], "must be a boolean, got a string");
    assert.equal(m["/email"], "must be a string, got a number");
  });

  test("an invoice number given as a number, lines as an object; a missing field is still required", async () => {
    const r = await s.api("/api/v1/invoices/INV-TYPES", {
      method: "PUT",
      json: { number: 1004, date: "2026-11-02", lines: {} },
    });
    assert.equal(r.status, 400);
    const m = messages(await problemOf(r));
    assert.equal(m["/number"], "must be a string, got a number");
    assert.equal(m["/lines"], "must be an array, got an object");
    assert.equal(m["/customerExternalId"], "is required");
  });

  test("a money field given a boolean, a body that is an array", async () => {
    const r = await s.api("/api/v1/items/P-TYPES", {
      method: "PUT",
      json: { name: "Widget", type: "service", unitPrice: true },
    });
    assert.equal(r.status, 400);
    assert.equal(messages(await problemOf(r))["/unitPrice"], "must be a string or number, got a boolean");
    const array = await s.api("/api/v1/customers/C-ARRAY", { method: "PUT", json: [] });
    assert.equal(array.status, 400);
    assert.equal(messages(await problemOf(array))[""], "must be a JSON object, got an array");
  });

  test("query parameters: ?limit=abc, ?limit=1.5 and ?limit=0", async () => {
    const abc = await s.api("/api/v1/customers?limit=abc");
    assert.equal(abc.status, 400);
    assert.equal(messages(await problemOf(abc))["/limit"], "must be a number, got text that is not a number");
    const fraction = await s.api("/api/v1/customers?limit=1.5");
    assert.equal(messages(await problemOf(fraction))["/limit"], "must be a whole number, got the number 1.5");
    const zero = await s.api("/api/v1/customers?limit=0");
    assert.equal(messages(await problemOf(zero))["/limit"], "must be at least 1");
  });
});

describe("NUL and lone surrogates are refused naming the field", () => {
  const cases: [string, unknown, string][] = [
    ["a NUL in a name", { name: "a\u0000b" }, "/name"],
    ["a lone high surrogate", { name: "\ud800" }, "/name"],
    [
      "a lone low surrogate in an address",
      { name: "X", billingAddress: { line1: "a\udc00" } },
      "/billingAddress/line1",
    ],
    ["a NUL in a metadata key", { name: "X", metadata: { "k\u0000": "v" } }, "/metadata/k\u0000"],
    ["a NUL in a metadata value", { name: "X", metadata: { k: "v\u0000" } }, "/metadata/k"],
  ];
  for (const [label, body, path] of cases) {
    test(label, async () => {
      const r = await s.api("/api/v1/customers/C-BADTEXT", { method: "PUT", json: body });
      assert.equal(r.status, 400, label);
      const p = await problemOf(r);
      assert.equal(p.code, "invalid_record");
      assert.match(messages(p)[path] ?? "", /must not contain (the NUL character|a lone surrogate)/);
    });
  }

  test("raw JSON escapes, a bulk and a search", async () => {
    const raw = await fetch(`${s.url}/api/v1/customers/C-BADTEXT`, {
      method: "PUT",
      headers: { authorization: `Bearer ${s.companyA.key}`, "content-type": "application/json" },
      body: '{"name":"\\ud800x"}',
    });
    assert.equal(raw.status, 400);
    const bulk = await s.api("/api/v1/customers/bulk", {
      method: "POST",
      json: {
        records: [
          { externalId: "C-OK", data: { name: "Fine" } },
          { externalId: "C-BAD", data: { name: "a\u0000" } },
        ],
      },
    });
    assert.equal(bulk.status, 400);
    assert.ok(messages(await problemOf(bulk))["/records/1/data/name"]);
    assert.equal((await s.api("/api/v1/customers/C-OK")).status, 404, "nothing of the bulk was written");
    const search = await s.api("/api/v1/customers?search=a%00b");
    assert.equal(search.status, 400);
    assert.match(messages(await problemOf(search))["/search"] ?? "", /NUL/);
    const get = await s.api("/api/v1/customers/C-BADTEXT");
    assert.equal(get.status, 404, "nothing was stored");
  });
});

describe("NFC normalisation on the way in", () => {
  test("a decomposed id and name are the composed ones", async () => {
    const decomposed = "Cafe\u0301";
    const composed = "Caf\u00e9";
    const put = await s.api(`/api/v1/customers/${encodeURIComponent(`C-${decomposed}`)}`, {
      method: "PUT",
      json: { name: decomposed },
    });
    assert.equal(put.status, 201);
    const created = (await put.json()) as { externalId: string; data: { name: string }; version: number };
    assert.equal(created.externalId, `C-${composed}`);
    assert.equal(created.data.name, composed);
    const again = await s.api(`/api/v1/customers/${encodeURIComponent(`C-${composed}`)}`, {
      method: "PUT",
      json: { name: composed },
    });
    assert.equal(again.status, 200, "the same record");
    assert.equal(((await again.json()) as { version: number }).version, 1, "and the same content");
    const read = await s.api(`/api/v1/customers/${encodeURIComponent(`C-${decomposed}`)}`);
    assert.equal(read.status, 200);
    const bulk = await s.api("/api/v1/customers/bulk", {
      method: "POST",
      json: { records: [{ externalId: `C-${decomposed}`, data: { name: decomposed } }] },
    });
    const outcome = (await bulk.json()) as { items: { externalId: string; outcome: string }[] };
    assert.deepEqual(outcome.items, [{ externalId: `C-${composed}`, version: null, outcome: "unchanged" }]);
  });
});

describe("malformed cursors are 400 invalid_cursor", () => {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const cursors = [
    "garbage",
    encode(["c", "99999999999999999999", 1]),
    encode(["c", "18446744073709551616", 1]),
    encode(["c", "5", 1, "99999999999999999999"]),
    encode(["c", "5", -1]),
    encode(["c", "5", 1e300]),
    encode({}),
    encode(null),
  ];
  for (const cursor of cursors) {
    test(`cursor ${cursor.slice(0, 40)}`, async () => {
      const r = await s.api(`/api/v1/customers?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(r.status, 400);
      assert.equal((await problemOf(r)).code, "invalid_cursor");
    });
  }
});

/**
 * A request sent with its path exactly as written: fetch's URL parser would resolve "." and ".." (even
 * percent-encoded) before sending.
 */
function raw(
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const req = request(
      `${s.url}/`,
      {
        method,
        path,
        headers: {
          authorization: `Bearer ${s.companyA.key}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body: text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("external ids that cannot travel in a URL path are refused", () => {
  const refused: [string, string][] = [
    [".", "."],
    ["..", ".."],
    ["a 129-character id", "x".repeat(129)],
    ["a 1,000-character id", "x".repeat(1000)],
    ["a 5,000-character id", "y".repeat(5000)],
  ];
  for (const [label, id] of refused) {
    test(label, async () => {
      for (const method of ["PUT", "GET", "DELETE"] as const) {
        const r = await raw(
          method,
          `/api/v1/customers/${id}`,
          method === "PUT" ? { name: "Dot" } : undefined,
        );
        assert.equal(r.status, 400, `${method} ${label}`);
        assert.match(r.type, /^application\/problem\+json/);
        assert.equal(JSON.parse(r.body).code, "invalid_external_id", `${method} ${label}`);
      }
    });
  }

  test("an id that is not percent-encoded UTF-8, and one with a lone surrogate in a bulk", async () => {
    for (const method of ["PUT", "GET", "DELETE"] as const) {
      const r = await raw(
        method,
        "/api/v1/customers/C-%ED%A0%80",
        method === "PUT" ? { name: "X" } : undefined,
      );
      assert.equal(r.status, 400, method);
      assert.equal(JSON.parse(r.body).code, "invalid_external_id", method);
    }
    const bulk = await s.api("/api/v1/customers/bulk", {
      method: "POST",
      json: { records: [{ externalId: "..", data: { name: "X" } }] },
    });
    assert.equal(bulk.status, 400);
    assert.match(messages(await problemOf(bulk))["/records/0/externalId"] ?? "", /"\." or "\.\."/);
  });

  test("ids with dots, spaces and URL punctuation round-trip through the path", async () => {
    for (const id of [
      "a.b",
      "...",
      "C 1001",
      "a?b",
      "a#b",
      "50%",
      "a;b",
      "a+b",
      "%2E",
      "Zürich",
      "x".repeat(128),
    ]) {
      const path = `/api/v1/customers/${encodeURIComponent(id)}`;
      const put = await s.api(path, { method: "PUT", json: { name: `Name ${id}` } });
      assert.equal(put.status, 201, id);
      assert.equal(((await put.json()) as { externalId: string }).externalId, id);
      const get = await s.api(path);
      assert.equal(get.status, 200, id);
      assert.equal(((await get.json()) as { externalId: string }).externalId, id);
    }
  });
});

describe("content types", () => {
  const body = JSON.stringify({ name: "Plain Text Co" });
  test("JSON sent as text/plain, or with no content type, is 415 naming application/json", async () => {
    for (const headers of [{ "content-type": "text/plain" }, { "content-type": "text/csv" }, {}] as Record<
      string,
      string
    >[]) {
      const r = await fetch(`${s.url}/api/v1/customers/C-PLAIN`, {
        method: "PUT",
        headers: { authorization: `Bearer ${s.companyA.key}`, ...headers },
        body: new Blob([body]),
      });
      assert.equal(r.status, 415, JSON.stringify(headers));
      const p = await problemOf(r);
      assert.equal(p.code, "unsupported_media_type");
      assert.match(p.detail, /application\/json/);
    }
    const bulk = await fetch(`${s.url}/api/v1/customers/bulk`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.companyA.key}`, "content-type": "text/plain" },
      body: JSON.stringify({ records: [] }),
    });
    assert.equal(bulk.status, 415);
    assert.equal((await s.api("/api/v1/customers/C-PLAIN")).status, 404, "nothing was written");
  });

  test("the CSV import takes text/csv and text/plain, and refuses JSON naming text/csv", async () => {
    const csv = "External ID,Name\nC-CSV-1,Csv One\n";
    for (const type of ["text/csv", "text/plain"]) {
      const r = await fetch(`${s.url}/api/v1/customers/import?dryRun=true`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.companyA.key}`, "content-type": type },
        body: csv,
      });
      assert.equal(r.status, 200, type);
    }
    const json = await s.api("/api/v1/customers/import", { method: "POST", json: { rows: [] } });
    assert.equal(json.status, 415);
    assert.match((await problemOf(json)).detail, /text\/csv/);
  });
});

describe("CSV import of odd bytes", () => {
  async function importCsv(body: Buffer | string, dryRun = false) {
    return fetch(`${s.url}/api/v1/customers/import${dryRun ? "?dryRun=true" : ""}`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.companyA.key}`, "content-type": "text/csv" },
      body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]),
    });
  }

  test("a NUL in row 2,501 of 3,500 is reported on its line, never a 500", async () => {
    const rows = Array.from({ length: 3500 }, (_, i) =>
      i === 2500 ? `NUL-${i},Bad\u0000Name` : `NUL-${i},Customer ${i}`,
    );
    const r = await importCsv(`External ID,Name\n${rows.join("\n")}\n`);
    assert.equal(r.status, 200);
    const report = (await r.json()) as {
      valid: number;
      invalid: number;
      created: number;
      errors: { line: number; message: string }[];
    };
    assert.equal(report.invalid, 1);
    assert.equal(report.created, 3499, "every other row was written, as the report says");
    assert.deepEqual(
      report.errors.map((e) => e.line),
      [2502],
    );
    assert.match(report.errors[0]?.message ?? "", /NUL/);
    assert.equal((await s.api("/api/v1/customers/NUL-2500")).status, 404);
  });

  test("Latin-1 text in a Meta: column is refused on its row, like any other column", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("External ID,Name,Meta: City\nMETA-1,Meta One,Z"),
      Buffer.from([0xfc]),
      Buffer.from("rich\n"),
    ]);
    const r = await importCsv(latin1);
    assert.equal(r.status, 200);
    const report = (await r.json()) as {
      invalid: number;
      errors: { line: number; field: string; message: string }[];
    };
    assert.equal(report.invalid, 1);
    assert.equal(report.errors[0]?.field, "Meta: City");
    assert.match(report.errors[0]?.message ?? "", /not UTF-8/);
    assert.equal((await s.api("/api/v1/customers/META-1")).status, 404, "never stored garbled");
  });
});
