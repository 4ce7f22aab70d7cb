// The API reference and the validator cannot drift: every constraint the OpenAPI document states for a
// list's query parameters, an external id and a bulk body is probed against the running server, at the
// bound and one past it, and every parameter the list route accepts is in the document.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { listQuery } from "#api/routes/v1/collection/getList.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

interface Parameter {
  name: string;
  in: string;
  schema: { type?: string; enum?: string[]; minimum?: number; maximum?: number; maxLength?: number };
}
interface Doc {
  paths: Record<string, Record<string, { parameters?: Parameter[] }> & { parameters?: Parameter[] }>;
  components: { schemas: Record<string, { properties?: Record<string, { maxItems?: number }> }> };
}

let s: TestServer;
let doc: Doc;
before(async () => {
  s = await startTestServer();
  doc = (await (await fetch(`${s.url}/api/docs/openapi.json`)).json()) as Doc;
});
after(async () => {
  await s.close();
});

const listParameters = () => doc.paths["/api/v1/customers"]?.get?.parameters ?? [];
const param = (name: string) => {
  const found = listParameters().find((p) => p.name === name);
  assert.ok(found, `the document lists ?${name}`);
  return found;
};
const list = async (query: string) => (await s.api(`/api/v1/customers?${query}`)).status;

describe("the OpenAPI document and the validator", () => {
  test("name the same query parameters for a list", () => {
    assert.deepEqual(
      listParameters()
        .map((p) => p.name)
        .sort(),
      Object.keys(listQuery.shape).sort(),
    );
    for (const p of listParameters()) assert.equal(p.in, "query");
  });

  test("agree on each parameter's bounds and values", async () => {
    const limit = param("limit").schema;
    assert.equal(limit.type, "integer");
    assert.equal(await list(`limit=${limit.maximum}`), 200);
    assert.equal(await list(`limit=${(limit.maximum ?? 0) + 1}`), 400);
    assert.equal(await list(`limit=${limit.minimum}`), 200);
    assert.equal(await list(`limit=${(limit.minimum ?? 0) - 1}`), 400);

    for (const value of param("status").schema.enum ?? [])
      assert.equal(await list(`status=${value}`), 200, value);
    assert.equal(await list("status=shipped"), 400);
    for (const value of param("deleted").schema.enum ?? [])
      assert.equal(await list(`deleted=${value}`), 200, value);
    assert.equal(await list("deleted=maybe"), 400);

    const search = param("search").schema.maxLength ?? 0;
    assert.equal(await list(`search=${"a".repeat(search)}`), 200);
    assert.equal(await list(`search=${"a".repeat(search + 1)}`), 400);
    const cursor = param("cursor").schema.maxLength ?? 0;
    assert.equal(
      ((await (await s.api(`/api/v1/customers?cursor=${"a".repeat(cursor + 1)}`)).json()) as { code: string })
        .code,
      "invalid_request",
    );

    assert.equal(await list("changedSince=2026-11-02T10:00:00Z"), 200);
    assert.equal(await list("changedSince=yesterday"), 400);
  });

  test("agree on the external id's length", async () => {
    const path = doc.paths["/api/v1/customers/{externalId}"];
    const id = path?.parameters?.find((p) => p.name === "externalId");
    const max = id?.schema.maxLength ?? 0;
    assert.ok(max > 0, "the document states the longest external id");
    const put = (externalId: string) =>
      s.api(`/api/v1/customers/${externalId}`, {
        method: "PUT",
        json: { name: `Length ${externalId.length}` },
      });
    assert.equal((await put("L".repeat(max))).status, 201);
    const over = await put("L".repeat(max + 1));
    assert.equal(over.status, 400);
    assert.equal(((await over.json()) as { code: string }).code, "invalid_external_id");
  });

  test("agree on the bulk body: its fields and the most records it takes", async () => {
    const bulk = doc.components.schemas.CustomerBulkRequest;
    assert.deepEqual(Object.keys(bulk?.properties ?? {}), ["records"]);
    const max = bulk?.properties?.records?.maxItems ?? 0;
    assert.ok(max > 0, "the document states the most records a bulk takes");
    const records = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ externalId: `BULK-${i}`, data: { name: `Bulk ${i}` } }));
    const post = (body: unknown) => s.api("/api/v1/customers/bulk", { method: "POST", json: body });
    assert.equal((await post({ records: records(max) })).status, 200);
    assert.equal((await post({ records: records(max + 1) })).status, 413);
    const extra = await post({ records: records(1), note: "hi" });
    assert.equal(extra.status, 400, "a field the document does not list is refused");
    const problem = (await extra.json()) as { errors?: { path: string; message: string }[] };
    assert.deepEqual(problem.errors, [{ path: "/note", message: "is not a known field" }]);
  });
});
