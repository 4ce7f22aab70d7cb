import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
after(() => t.close());

describe("names: customers, vendors, employees", () => {
  test("create returns the entity wrapped with time, string Id and SyncToken, MetaData", async () => {
    const res = await t.api("POST", "customer?minorversion=75", {
      DisplayName: "Acme Tools",
      Balance: 999,
      SyncToken: "5",
    });
    assert.equal(res.status, 200);
    const c = res.body.Customer;
    assert.equal(typeof c.Id, "string");
    assert.equal(c.SyncToken, "0", "a client's SyncToken is ignored on create");
    assert.equal(c.domain, "QBO");
    assert.equal(c.sparse, false);
    assert.equal(c.Balance, 0, "Balance is computed, not echoed");
    assert.match(c.MetaData.CreateTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    assert.match(res.body.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    assert.ok(res.headers.get("intuit_tid"));
  });

  test("DisplayName is built from the name parts when omitted", async () => {
    const res = await t.api("POST", "customer", { GivenName: "Ada", FamilyName: "Lovelace", Title: "Ms." });
    assert.equal(res.body.Customer.DisplayName, "Ms. Ada Lovelace");
  });

  test("a customer with no name at all is 2020", async () => {
    const res = await t.api("POST", "customer", { CompanyName: "" });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "2020");
  });

  test("DisplayName is unique across customers, vendors and employees, ignoring case (6240)", async () => {
    const vendor = (await t.api("POST", "vendor", { DisplayName: "Shared Name LLC" })).body.Vendor;
    const asCustomer = await t.api("POST", "customer", { DisplayName: "shared name llc" });
    assert.equal(asCustomer.status, 400);
    const f = faultOf(asCustomer);
    assert.equal(f.code, "6240");
    assert.equal(f.Message, "Duplicate Name Exists Error");
    assert.equal(f.Detail, `The name supplied already exists. : Id=${vendor.Id}`);
    assert.equal(asCustomer.body.Fault.type, "ValidationFault");
    const asEmployee = await t.api("POST", "employee", { DisplayName: "Shared Name LLC", GivenName: "X" });
    assert.equal(faultOf(asEmployee).code, "6240");
  });

  test("full update clears omitted writable fields and bumps SyncToken", async () => {
    const created = (
      await t.api("POST", "customer", { DisplayName: "Full Update Co", CompanyName: "FU Co", Notes: "keep?" })
    ).body.Customer;
    const res = await t.api("POST", "customer", {
      Id: created.Id,
      SyncToken: created.SyncToken,
      DisplayName: "Full Update Co",
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.Customer.SyncToken, "1");
    assert.equal(res.body.Customer.CompanyName, undefined);
    assert.equal(res.body.Customer.Notes, undefined);
    assert.equal(res.body.Customer.MetaData.CreateTime, created.MetaData.CreateTime);
  });

  test("sparse update changes only the fields sent", async () => {
    const created = (await t.api("POST", "customer", { DisplayName: "Sparse Co", CompanyName: "Sparse Inc" }))
      .body.Customer;
    const res = await t.api("POST", "customer?operation=update", {
      Id: created.Id,
      SyncToken: "0",
      sparse: true,
      Notes: "hello",
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.Customer.CompanyName, "Sparse Inc");
    assert.equal(res.body.Customer.Notes, "hello");
    assert.equal(res.body.Customer.sparse, false);
  });

  test("a stale SyncToken is refused with 5010", async () => {
    const created = (await t.api("POST", "customer", { DisplayName: "Stale Co" })).body.Customer;
    await t.api("POST", "customer", { Id: created.Id, SyncToken: "0", sparse: true, Notes: "a" });
    const res = await t.api("POST", "customer", { Id: created.Id, SyncToken: "0", sparse: true, Notes: "b" });
    assert.equal(res.status, 400);
    const f = faultOf(res);
    assert.equal(f.code, "5010");
    assert.equal(f.Message, "Stale Object Error");
  });

  test("an update without SyncToken is 2020", async () => {
    const created = (await t.api("POST", "customer", { DisplayName: "No Token Co" })).body.Customer;
    const res = await t.api("POST", "customer", { Id: created.Id, sparse: true, Notes: "x" });
    assert.equal(faultOf(res).code, "2020");
  });

  test("reading or updating an id that does not exist is 610", async () => {
    const read = await t.api("GET", "customer/999999");
    assert.equal(read.status, 400);
    assert.equal(faultOf(read).code, "610");
    const upd = await t.api("POST", "customer", { Id: "999999", SyncToken: "0", DisplayName: "Ghost" });
    assert.equal(faultOf(upd).code, "610");
  });

  test("names cannot be deleted, only made inactive", async () => {
    const created = (await t.api("POST", "customer", { DisplayName: "Delete Me" })).body.Customer;
    const del = await t.api("POST", "customer?operation=delete", { Id: created.Id, SyncToken: "0" });
    assert.equal(del.status, 400);
    assert.equal(faultOf(del).code, "500");
    assert.equal(faultOf(del).Message, "Unsupported Operation");
    const inactive = await t.api("POST", "customer", {
      Id: created.Id,
      SyncToken: "0",
      sparse: true,
      Active: false,
    });
    assert.equal(inactive.body.Customer.Active, false);
    const stored = await t.control("GET", `/companies/${t.realmId}/Customer`);
    assert.ok(
      stored.body.some((c: { Id: string; Active: boolean }) => c.Id === created.Id && c.Active === false),
    );
  });

  test("a sub-customer needs Job true and a ParentRef (6150), and gets a FullyQualifiedName", async () => {
    const parent = (await t.api("POST", "customer", { DisplayName: "Parent Corp" })).body.Customer;
    const noJob = await t.api("POST", "customer", {
      DisplayName: "Child A",
      ParentRef: { value: parent.Id },
    });
    assert.equal(faultOf(noJob).code, "6150");
    const noParent = await t.api("POST", "customer", { DisplayName: "Child B", Job: true });
    assert.equal(faultOf(noParent).code, "6150");
    const ok = await t.api("POST", "customer", {
      DisplayName: "Child C",
      Job: true,
      ParentRef: { value: parent.Id },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.Customer.FullyQualifiedName, "Parent Corp:Child C");
    assert.equal(ok.body.Customer.Level, 1);
    assert.deepEqual(ok.body.Customer.ParentRef, { value: parent.Id, name: "Parent Corp" });
    const child = ok.body.Customer;
    const unparent = await t.api("POST", "customer", {
      Id: child.Id,
      SyncToken: child.SyncToken,
      DisplayName: "Child C",
    });
    assert.equal(faultOf(unparent).code, "6150", "a job cannot be turned back into a top-level customer");
  });

  test("a reference to an id that does not exist is 2500; to an inactive name, 610", async () => {
    const missing = await t.api("POST", "customer", {
      DisplayName: "Child D",
      Job: true,
      ParentRef: { value: "424242" },
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(faultOf(missing), {
      Message: "Invalid Reference Id",
      Detail: "Invalid Reference Id : Names element id 424242 not found",
      code: "2500",
      element: "Reference Id",
    });
    const parent = (await t.api("POST", "customer", { DisplayName: "Sleeping Parent" })).body.Customer;
    await t.api("POST", "customer", { Id: parent.Id, SyncToken: "0", sparse: true, Active: false });
    const inactive = await t.api("POST", "customer", {
      DisplayName: "Child E",
      Job: true,
      ParentRef: { value: parent.Id },
    });
    assert.equal(faultOf(inactive).code, "610");
  });

  test("vendor A/P account must be of type Accounts Payable", async () => {
    const accounts = await t.control("GET", `/companies/${t.realmId}/Account`);
    const ar = accounts.body.find((a: { AccountType: string }) => a.AccountType === "Accounts Receivable");
    const res = await t.api("POST", "vendor", {
      DisplayName: "Wrong AP Vendor",
      APAccountRef: { value: ar.Id },
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).Message, "Invalid account type");
  });

  test("a non-boolean Active is refused with 2010", async () => {
    const res = await t.api("POST", "customer", { DisplayName: "Bad Bool", Active: "yes" });
    assert.equal(faultOf(res).code, "2010");
  });
});
