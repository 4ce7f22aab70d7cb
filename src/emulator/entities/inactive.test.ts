// Inactive names: shown as "Name (deleted)", their name free for reuse, refused while money is owed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
});
after(() => t.close());

async function create(entity: string, body: Record<string, unknown>) {
  const res = await t.api("POST", entity, body);
  assert.equal(res.status, 200, res.text);
  return Object.values(res.body)[0] as Record<string, unknown> & { Id: string; SyncToken: string };
}

/** Accounts ignore `sparse` (every update is a full one), so they get their whole body back. */
async function setActive(entity: string, obj: { Id: string; SyncToken: string }, active: boolean) {
  const body =
    entity === "account"
      ? { ...obj, Active: active }
      : { Id: obj.Id, SyncToken: obj.SyncToken, sparse: true, Active: active };
  const res = await t.api("POST", entity, body);
  assert.equal(res.status, 200, res.text);
  return Object.values(res.body)[0] as Record<string, unknown> & { Id: string; SyncToken: string };
}

describe("making a name inactive", () => {
  for (const [entity, field, extra] of [
    ["customer", "DisplayName", {}],
    ["vendor", "DisplayName", {}],
    ["employee", "DisplayName", { GivenName: "Pat" }],
    ["account", "Name", { AccountType: "Expense" }],
    ["item", "Name", { Type: "NonInventory" }],
  ] as const) {
    test(`${entity}: shows as "Name (deleted)" and frees the name for a new ${entity}`, async () => {
      const name = `Reused ${entity}`;
      const first = await create(entity, { [field]: name, ...extra });
      const gone = await setActive(entity, first, false);
      assert.equal(gone[field], `${name} (deleted)`);
      assert.equal(gone.Active, false);
      const again = await create(entity, { [field]: name, ...extra });
      assert.notEqual(again.Id, first.Id);
      assert.equal(again[field], name);
      // The second namesake made inactive is numbered rather than refused.
      const goneToo = await setActive(entity, again, false);
      assert.equal(goneToo[field], `${name} (deleted-2)`);
    });
  }

  test("reactivation keeps the suffix until the client renames it", async () => {
    const c = await create("customer", { DisplayName: "Comes Back Co" });
    const back = await setActive("customer", await setActive("customer", c, false), true);
    assert.equal(back.DisplayName, "Comes Back Co (deleted)");
    assert.equal(back.Active, true);
    const renamed = await t.api("POST", "customer", {
      Id: back.Id,
      SyncToken: back.SyncToken,
      sparse: true,
      DisplayName: "Comes Back Co",
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.Customer.DisplayName, "Comes Back Co");
  });

  test("a query by the old name no longer finds the inactive one, so find-or-create creates anew", async () => {
    const c = await create("customer", { DisplayName: "Looked Up Ltd" });
    await setActive("customer", c, false);
    const q = encodeURIComponent(
      "select * from Customer where DisplayName = 'Looked Up Ltd' and Active IN (true, false)",
    );
    const res = await t.api("GET", `query?query=${q}`);
    assert.deepEqual(res.body.QueryResponse, {});
  });

  test("a customer or vendor with an open balance cannot be made inactive; nothing changes", async () => {
    const income = await create("account", { Name: "Balance Sales", AccountType: "Income" });
    const item = await create("item", {
      Name: "Balance Service",
      Type: "Service",
      IncomeAccountRef: { value: income.Id },
    });
    const customer = await create("customer", { DisplayName: "Owes Money Inc" });
    await create("invoice", {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          DetailType: "SalesItemLineDetail",
          Amount: 25,
          SalesItemLineDetail: { ItemRef: { value: item.Id } },
        },
      ],
    });
    const fresh = (await t.api("GET", `customer/${customer.Id}`)).body.Customer;
    const res = await t.api("POST", "customer", {
      Id: fresh.Id,
      SyncToken: fresh.SyncToken,
      sparse: true,
      Active: false,
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).Message, "Delete List Has Balance Error");
    const after = (await t.api("GET", `customer/${customer.Id}`)).body.Customer;
    assert.equal(after.DisplayName, "Owes Money Inc");
    assert.equal(after.Active, true);
  });
});
