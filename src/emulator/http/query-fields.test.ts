import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import { PROPERTIES } from "../entities/fields.ts";
import { QUERYABLE, queryCatalogue } from "../entities/queryable.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  for (const name of ["Fields Beta", "Fields Alpha"]) await t.api("POST", "customer", { DisplayName: name });
});
after(() => t.close());

const q = (text: string) => t.api("GET", `query?query=${encodeURIComponent(text)}&minorversion=75`);

async function refused(text: string, detail: string) {
  const res = await q(text);
  assert.equal(res.status, 400, `${text} → ${res.status} ${res.text.slice(0, 200)}`);
  assert.equal(res.body.Fault.type, "ValidationFault");
  assert.deepEqual(faultOf(res), { Message: "Invalid query", Detail: detail, code: "4001" });
}

describe("query fields are checked as Intuit checks them", () => {
  test("a field the entity does not have: 4001 Property X not found, in WHERE, ORDERBY and field lists", async () => {
    await refused(
      "select * from Customer where Foo = '1'",
      "QueryValidationError: Property Foo not found for Entity Customer",
    );
    await refused(
      "select * from Customer ORDERBY FooBar",
      "QueryValidationError: Property FooBar not found for Entity Customer",
    );
    await refused(
      "select * from PurchaseOrder where CustomerRef = '1'",
      "QueryValidationError: Property CustomerRef not found for Entity PurchaseOrder",
    );
    await refused(
      "select Id, Nickname from Customer",
      "QueryValidationError: Property Nickname not found for Entity Customer",
    );
    await refused(
      "select * from Customer where MetaData.Changed > '2020-01-01'",
      "QueryValidationError: Property MetaData.Changed not found for Entity Customer",
    );
  });

  test("a field that is not filterable, sortable or either: 4001 property 'X' is not queryable", async () => {
    await refused(
      "select * from Invoice where Line.Amount > 5",
      "QueryValidationError: property 'Line.Amount' is not queryable",
    );
    await refused(
      "select Id, BillAddr from Customer",
      "QueryValidationError: property 'BillAddr' is not queryable",
    );
    await refused(
      "select * from Vendor where PrimaryEmailAddr = 'a@example.com'",
      "QueryValidationError: property 'PrimaryEmailAddr' is not queryable",
    );
    await refused(
      "select * from Vendor where AcctNum = '1'",
      "QueryValidationError: property 'AcctNum' is not queryable",
    );
    await refused(
      "select * from Account where AcctNum = '1'",
      "QueryValidationError: property 'AcctNum' is not queryable",
    );
    await refused(
      "select * from Bill where DepartmentRef = '1'",
      "QueryValidationError: property 'DepartmentRef' is not queryable",
    );
    // CustomerRef is filterable on invoices but not sortable.
    await refused(
      "select * from Invoice orderby CustomerRef",
      "QueryValidationError: property 'CustomerRef' is not queryable",
    );
  });

  test("a count is checked like any query: nothing is answered as an empty result", async () => {
    await refused(
      "select count(*) from Customer where Foo = '1'",
      "QueryValidationError: Property Foo not found for Entity Customer",
    );
  });

  test("documented fields keep working, whatever case they are written in", async () => {
    const sorted = await q("select * from customer where displayname like 'Fields%' orderby DISPLAYNAME");
    assert.equal(sorted.status, 200);
    assert.deepEqual(
      sorted.body.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName),
      ["Fields Alpha", "Fields Beta"],
    );
    for (const text of [
      "select * from Customer where PrimaryEmailAddr = 'x@example.com'",
      "select * from Customer where MetaData.LastUpdatedTime > '2020-01-01' orderby MetaData.LastUpdatedTime desc",
      "select * from Invoice where CustomerRef = '1' and TxnDate >= '2020-01-01' orderby DocNumber",
      "select * from Item where Type = 'Service' orderby Name",
      "select * from Account where AccountType = 'Bank' orderby Name",
      "select * from Vendor where DisplayName = 'X' orderby DisplayName",
      "select Id, DisplayName from Customer",
    ]) {
      const res = await q(text);
      assert.equal(res.status, 200, `${text} → ${res.text.slice(0, 200)}`);
    }
  });

  test("batch queries are checked the same way, as a fault inside the 200", async () => {
    const res = await t.api("POST", "batch", {
      BatchItemRequest: [{ bId: "1", Query: "select * from Customer where Foo = 'x'" }],
    });
    assert.equal(res.status, 200);
    const item = res.body.BatchItemResponse[0];
    assert.equal(item.Fault.Error[0].code, "4001");
    assert.match(item.Fault.Error[0].Detail, /Property Foo not found for Entity Customer/);
  });
});

describe("the table of queryable fields", () => {
  test("names only fields the schema has, so a typo in the table cannot hide a field", () => {
    for (const [entity, marks] of Object.entries(QUERYABLE)) {
      if (!PROPERTIES[entity]) continue; // entities whose schema class the emulator does not check yet
      const catalogue = queryCatalogue(entity);
      for (const field of [...marks.filterable, ...marks.sortable]) {
        assert.ok(catalogue.has(field.split(".")), `${entity}.${field} is not in Intuit's schema`);
      }
    }
  });

  test("every entity the data API serves has its row", async () => {
    const { SPECS } = await import("../entities/registry.ts");
    for (const spec of SPECS) assert.ok(QUERYABLE[spec.name], `${spec.name} has no queryable fields`);
  });
});
