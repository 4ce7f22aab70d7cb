import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  for (const name of ["Query Alpha", "Query Beta", "Query Gamma", "O'Brien Metals"]) {
    await t.api("POST", "customer", { DisplayName: name });
  }
  const gone = (await t.api("POST", "customer", { DisplayName: "Query Inactive" })).body.Customer;
  await t.api("POST", "customer", { Id: gone.Id, SyncToken: "0", sparse: true, Active: false });
});
after(() => t.close());

const q = (text: string) => t.api("GET", `query?query=${encodeURIComponent(text)}&minorversion=75`);

describe("authentication", () => {
  test("no token, a bad token, or a token for another company answer 401 with Intuit's gateway fault", async () => {
    for (const auth of [undefined, "Bearer not-a-token", "Basic abc"]) {
      const res = await fetch(`${t.qbo.url}/v3/company/${t.realmId}/customer/1`, {
        headers: auth ? { authorization: auth } : {},
      });
      assert.equal(res.status, 401);
      const body = (await res.json()) as { fault: { error: { code: string }[]; type: string } };
      assert.equal(body.fault.error[0]?.code, "3200");
      assert.equal(body.fault.type, "AUTHENTICATION");
    }
  });

  test("a token used on another company is Intuit's XML 401, code 100, even to a JSON request", async () => {
    const other = (await t.control("POST", "/companies", { seed: "empty" })).body.realmId;
    const res = await fetch(`${t.qbo.url}/v3/company/${other}/companyinfo/${other}`, {
      headers: { authorization: `Bearer ${t.accessToken}`, accept: "application/json" },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get("content-type") ?? "", /^application\/xml/);
    const sample = readFileSync(
      new URL("../../../../shared/qbo/samples/fault-auth-100.xml", import.meta.url),
      "utf8",
    ).trim();
    const withoutTime = (xml: string) => xml.replace(/ time="[^"]*"/, "");
    assert.equal(withoutTime(await res.text()), withoutTime(sample));
  });

  test("a token without the accounting scope is 403, code 3100", async () => {
    const token = await t.control("POST", "/tokens", { realmId: t.realmId, scope: "openid email" });
    assert.equal(token.status, 200, token.text);
    const res = await fetch(`${t.qbo.url}/v3/company/${t.realmId}/preferences`, {
      headers: { authorization: `Bearer ${token.body.access_token}`, accept: "application/json" },
    });
    assert.equal(res.status, 403);
    const body = (await res.json()) as {
      fault: { error: { code: string; message: string; detail: string }[]; type: string };
    };
    assert.deepEqual(body.fault.error[0], {
      message: "message=AuthorizationFailed; errorCode=003100; statusCode=403",
      detail: "The access token does not have sufficient scope",
      code: "3100",
      element: null,
    });
    assert.equal(body.fault.type, "SERVICE");
  });

  test("an access token stops working an hour after it was issued", async () => {
    const extra = await t.control("POST", "/tokens", { realmId: t.realmId });
    const token = extra.body.access_token as string;
    const read = () =>
      fetch(`${t.qbo.url}/v3/company/${t.realmId}/preferences`, {
        headers: { authorization: `Bearer ${token}` },
      });
    assert.equal((await read()).status, 200);
    await t.control("POST", "/clock/advance", { seconds: 3601 });
    assert.equal((await read()).status, 401);
    // The suite's own token is just as old; get a fresh one for the tests that follow.
    await t.renewToken();
  });
});

describe("resources and minor versions", () => {
  test("minorversion below 75 is served as 75, not refused", async () => {
    const res = await t.api("GET", "preferences?minorversion=4");
    assert.equal(res.status, 200);
  });

  test("an unknown resource is Intuit's Unsupported Operation", async () => {
    const res = await t.api("GET", "widget/1");
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "500");
  });

  test("a body that is not JSON is a validation fault", async () => {
    const res = await t.api("POST", "customer", "{not json", { "content-type": "application/json" });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "2010");
  });
});

describe("query", () => {
  test("SELECT * returns QueryResponse with the entity, startPosition and maxResults", async () => {
    const res = await q("select * from Customer where DisplayName like 'Query%' orderby DisplayName");
    assert.equal(res.status, 200);
    const names = res.body.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName);
    assert.deepEqual(
      names,
      ["Query Alpha", "Query Beta", "Query Gamma"],
      "inactive names are left out by default",
    );
    assert.equal(res.body.QueryResponse.startPosition, 1);
    assert.equal(res.body.QueryResponse.maxResults, 3);
    assert.ok(res.body.time);
  });

  test("paging with STARTPOSITION and MAXRESULTS", async () => {
    const res = await q(
      "SELECT * FROM Customer WHERE DisplayName LIKE 'Query%' ORDERBY DisplayName STARTPOSITION 2 MAXRESULTS 1",
    );
    assert.equal(res.body.QueryResponse.Customer[0].DisplayName, "Query Beta");
    assert.equal(res.body.QueryResponse.startPosition, 2);
    assert.equal(res.body.QueryResponse.maxResults, 1);
  });

  test("count(*) answers totalCount only", async () => {
    const res = await q("select count(*) from Customer where DisplayName like 'Query%'");
    assert.deepEqual(res.body.QueryResponse, { totalCount: 3 });
  });

  test("inactive names are found when the query asks about Active", async () => {
    const res = await q("select * from Customer where Active = false");
    assert.deepEqual(
      res.body.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName),
      ["Query Inactive (deleted)"],
    );
  });

  test("no match is an empty QueryResponse", async () => {
    const res = await q("select * from Customer where DisplayName = 'Nobody'");
    assert.deepEqual(res.body.QueryResponse, {});
  });

  test("a backslash-escaped quote matches", async () => {
    const res = await q("select * from Customer where DisplayName = 'O\\'Brien Metals'");
    assert.equal(res.body.QueryResponse.Customer?.length, 1);
  });

  test("POST with the statement as application/text", async () => {
    const res = await t.api(
      "POST",
      "query?minorversion=75",
      "select count(*) from Customer where DisplayName like 'Query%'",
    );
    assert.deepEqual(res.body.QueryResponse, { totalCount: 3 });
  });

  test("a parse error is 4000, an unknown entity 4001", async () => {
    const bad = await q("select * from Customer where DisplayName = 'O'Brien'");
    assert.equal(bad.status, 400);
    assert.equal(faultOf(bad).code, "4000");
    assert.equal(faultOf(bad).Message, "Error parsing query");
    assert.match(faultOf(bad).Detail, /^QueryParserError: /);
    const empty = await q("");
    assert.equal(faultOf(empty).code, "4000");
    const unknown = await q("select * from TaxService");
    assert.equal(faultOf(unknown).code, "4001");
  });
});

describe("batch", () => {
  test("items answer under their bId, a failing item as a Fault inside HTTP 200", async () => {
    const res = await t.api("POST", "batch", {
      BatchItemRequest: [
        { bId: "b1", operation: "create", Customer: { DisplayName: "Batch Made" } },
        { bId: "b2", Query: "select count(*) from Customer where DisplayName = 'Batch Made'" },
        { bId: "b3", operation: "create", Customer: { DisplayName: "query alpha" } },
        { bId: "b4", operation: "update", Customer: { Id: "999999", SyncToken: "0", DisplayName: "Nope" } },
      ],
    });
    assert.equal(res.status, 200);
    const [one, two, three, four] = res.body.BatchItemResponse;
    assert.equal(one.bId, "b1");
    assert.equal(one.Customer.DisplayName, "Batch Made");
    assert.equal(two.bId, "b2");
    assert.ok("QueryResponse" in two);
    assert.equal(three.bId, "b3");
    assert.equal(three.Fault.Error[0].code, "6240");
    assert.equal(three.Fault.type, "ValidationFault");
    assert.equal(four.Fault.Error[0].code, "610");
  });

  test("an item cannot see or use what an earlier item of the same batch created", async () => {
    const res = await t.api("POST", "batch", {
      BatchItemRequest: [
        { bId: "p", operation: "create", Customer: { DisplayName: "Batch Parent" } },
        { bId: "q", Query: "select count(*) from Customer where DisplayName = 'Batch Parent'" },
      ],
    });
    const [created, seen] = res.body.BatchItemResponse;
    assert.equal(seen.QueryResponse.totalCount, 0);
    const res2 = await t.api("POST", "batch", {
      BatchItemRequest: [
        { bId: "p2", operation: "create", Customer: { DisplayName: "Batch Parent 2" } },
        { bId: "q2", Query: "select count(*) from Customer where DisplayName = 'Batch Parent'" },
      ],
    });
    assert.equal(
      res2.body.BatchItemResponse[1].QueryResponse.totalCount,
      1,
      `${created.Customer.Id} is visible later`,
    );
    const parent2 = res2.body.BatchItemResponse[0].Customer.Id;
    const res3 = await t.api("POST", "batch", {
      BatchItemRequest: [
        {
          bId: "u",
          operation: "update",
          Customer: { Id: parent2, SyncToken: "0", sparse: true, Notes: "seen" },
        },
      ],
    });
    assert.equal(res3.body.BatchItemResponse[0].Customer.Notes, "seen");
  });

  test("deleting a name inside a batch is a per-item Unsupported Operation", async () => {
    const res = await t.api("POST", "batch", {
      BatchItemRequest: [{ bId: "d", operation: "delete", Customer: { Id: "1", SyncToken: "0" } }],
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.BatchItemResponse[0].Fault.Error[0].code, "500");
  });

  test("more than 30 items, or none, is refused", async () => {
    const items = Array.from({ length: 31 }, (_, i) => ({
      bId: String(i),
      Query: "select count(*) from Customer",
    }));
    const tooMany = await t.api("POST", "batch", { BatchItemRequest: items });
    assert.equal(tooMany.status, 400);
    assert.ok(tooMany.body.Fault);
    const thirty = await t.api("POST", "batch", { BatchItemRequest: items.slice(0, 30) });
    assert.equal(thirty.status, 200);
    assert.equal(thirty.body.BatchItemResponse.length, 30);
    const none = await t.api("POST", "batch", { BatchItemRequest: [] });
    assert.equal(faultOf(none).Detail, "Batch Request is Empty");
  });
});

describe("cdc", () => {
  test("changed objects since a time, deleted ones as stubs", async () => {
    const since = new Date(t.qbo.state.now() - 1000).toISOString();
    const c = (await t.api("POST", "customer", { DisplayName: "CDC Customer" })).body.Customer;
    const inv = (
      await t.api("POST", "invoice", {
        CustomerRef: { value: c.Id },
        Line: [{ DetailType: "SalesItemLineDetail", Amount: 5, SalesItemLineDetail: {} }],
      })
    ).body.Invoice;
    await t.api("POST", "invoice?operation=delete", { Id: inv.Id, SyncToken: inv.SyncToken });
    const res = await t.api(
      "GET",
      `cdc?entities=Customer,Invoice,Vendor&changedSince=${encodeURIComponent(since)}`,
    );
    assert.equal(res.status, 200, res.text);
    const [customers, invoices, vendors] = res.body.CDCResponse[0].QueryResponse;
    assert.ok(customers.Customer.some((x: { Id: string }) => x.Id === c.Id));
    assert.equal(customers.startPosition, 1);
    assert.deepEqual(Object.keys(invoices.Invoice[0]).sort(), ["Id", "MetaData", "domain", "status"]);
    assert.equal(invoices.Invoice[0].status, "Deleted");
    assert.deepEqual(vendors, {});
  });

  test("changedSince more than 30 days back is refused", async () => {
    const old = new Date(t.qbo.state.now() - 31 * 24 * 3600_000).toISOString();
    const res = await t.api("GET", `cdc?entities=Customer&changedSince=${encodeURIComponent(old)}`);
    assert.equal(res.status, 400);
    assert.match(faultOf(res).Detail, /older than fixed days/);
  });

  test("entities and changedSince are required", async () => {
    assert.equal(faultOf(await t.api("GET", "cdc?entities=Customer")).code, "2020");
  });
});

describe("unknown properties", () => {
  const unrecognized = (field: string, cls: string) =>
    new RegExp(
      `^Property Name:Unrecognized field "${field}" \\(class com\\.intuit\\.schema\\.finance\\.v3\\.${cls}\\), not marked as ignorable \\(\\d+ known properties: "Id", .*\\]\\)\\n specified is unsupported or invalid$`,
      "s",
    );

  test("a property the entity does not have is 2010 naming it and its class; nothing is stored", async () => {
    const res = await t.api("POST", "customer?minorversion=75", {
      DisplayName: "Unknown Field Co",
      line_items: [],
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.Fault.type, "ValidationFault");
    const f = faultOf(res);
    assert.equal(f.code, "2010");
    assert.equal(f.Message, "Request has invalid or unsupported property");
    assert.match(f.Detail, unrecognized("line_items", "Customer"));
    const found = await q("select count(*) from Customer where DisplayName = 'Unknown Field Co'");
    assert.equal(found.body.QueryResponse.totalCount, 0);
  });

  test("nested objects are checked by their own class: a line detail, a reference", async () => {
    const invoice = await t.api("POST", "invoice", {
      CustomerRef: { value: "1" },
      Line: [
        {
          Amount: 100,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: "1" }, Amount: 100 },
        },
      ],
    });
    assert.equal(invoice.status, 400);
    const f = faultOf(invoice);
    assert.equal(f.code, "2010");
    assert.match(
      f.Detail,
      /Unrecognized field "Amount" \(class com\.intuit\.schema\.finance\.v3\.SalesItemLineDetail\)/,
    );
    const ref = await t.api("POST", "customer", { DisplayName: "Ref Co", SalesTermRef: { Id: "3" } });
    assert.match(
      faultOf(ref).Detail,
      /Unrecognized field "Id" \(class com\.intuit\.schema\.finance\.v3\.ReferenceType\), not marked as ignorable \(3 known properties: "value", "name", "type"\]\)/,
    );
  });

  test("sparse updates and batch items are checked too; the entity attributes pass", async () => {
    const created = (await t.api("POST", "customer", { DisplayName: "Sparse Unknown Co", domain: "QBO" }))
      .body.Customer;
    const sparse = await t.api("POST", "customer", {
      Id: created.Id,
      SyncToken: created.SyncToken,
      sparse: true,
      Nickname: "x",
    });
    assert.equal(faultOf(sparse).code, "2010");
    const batch = await t.api("POST", "batch", {
      BatchItemRequest: [
        { bId: "1", operation: "create", Vendor: { DisplayName: "Batch Unknown Vendor", Website: "x" } },
        { bId: "2", operation: "create", Vendor: { DisplayName: "Batch Known Vendor" } },
      ],
    });
    assert.equal(batch.status, 200);
    const [bad, good] = batch.body.BatchItemResponse;
    assert.equal(bad.bId, "1");
    assert.equal(bad.Fault.Error[0].code, "2010");
    assert.match(bad.Fault.Error[0].Detail, unrecognized("Website", "Vendor"));
    assert.equal(good.Vendor.DisplayName, "Batch Known Vendor");
  });
});
