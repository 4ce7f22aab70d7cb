// Every entity the emulator serves, through the operations QuickBooks allows it, as a client sends them: create,
// read, full update of what was read, sparse update, a stale SyncToken, then delete, void or (for
// names and lists) make inactive. Status, body shape and fault codes are checked at every step.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type ApiResponse,
  faultOf,
  startTestEmulator,
  type TestEmulator,
} from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
const id: Record<string, string> = {};

before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  const accounts: [string, string][] = [
    ["Operating", "Bank"],
    ["Sales", "Income"],
    ["Rent", "Expense"],
    ["Amex", "Credit Card"],
  ];
  for (const [name, type] of accounts) {
    id[name] = (await t.api("POST", "account", { Name: name, AccountType: type })).body.Account.Id;
  }
  id.customer = (await t.api("POST", "customer", { DisplayName: "Lifecycle Customer" })).body.Customer.Id;
  id.vendor = (await t.api("POST", "vendor", { DisplayName: "Lifecycle Vendor" })).body.Vendor.Id;
  id.item = (
    await t.api("POST", "item", {
      Name: "Lifecycle Service",
      Type: "Service",
      IncomeAccountRef: { value: id.Sales },
    })
  ).body.Item.Id;
});
after(() => t.close());

const sale = () => [
  { DetailType: "SalesItemLineDetail", Amount: 50, SalesItemLineDetail: { ItemRef: { value: id.item } } },
];
const expense = () => [
  {
    DetailType: "AccountBasedExpenseLineDetail",
    Amount: 30,
    AccountBasedExpenseLineDetail: { AccountRef: { value: id.Rent } },
  },
];

/** Documents a payment-like entity can apply to, created fresh for each case. */
async function openInvoice(): Promise<string> {
  return (await t.api("POST", "invoice", { CustomerRef: { value: id.customer }, Line: sale() })).body.Invoice
    .Id;
}
async function openBill(): Promise<string> {
  return (await t.api("POST", "bill", { VendorRef: { value: id.vendor }, Line: expense() })).body.Bill.Id;
}

interface Case {
  entity: string;
  create: () => Promise<Record<string, unknown>>;
  /** A writable field and the value a sparse update gives it. */
  sparse: [string, unknown];
  end: "delete" | "void" | "inactive";
}

let serial = 0;
const next = () => ++serial;

const CASES: Case[] = [
  {
    entity: "Account",
    create: async () => ({ Name: `Supplies ${next()}`, AccountType: "Expense" }),
    sparse: ["Description", "Shop supplies"],
    end: "inactive",
  },
  {
    entity: "Customer",
    create: async () => ({ DisplayName: `Customer ${next()}` }),
    sparse: ["CompanyName", "Acme"],
    end: "inactive",
  },
  {
    entity: "Vendor",
    create: async () => ({ DisplayName: `Vendor ${next()}` }),
    sparse: ["CompanyName", "Acme"],
    end: "inactive",
  },
  {
    entity: "Employee",
    create: async () => ({ GivenName: "Pat", FamilyName: `Worker ${next()}` }),
    sparse: ["EmployeeNumber", "E-7"],
    end: "inactive",
  },
  {
    entity: "Item",
    create: async () => ({
      Name: `Service ${next()}`,
      Type: "Service",
      IncomeAccountRef: { value: id.Sales },
    }),
    sparse: ["Description", "Hourly"],
    end: "inactive",
  },
  {
    entity: "Term",
    create: async () => ({ Name: `Net ${next() + 40}`, DueDays: 45 }),
    sparse: ["DueDays", 50],
    end: "inactive",
  },
  {
    entity: "Class",
    create: async () => ({ Name: `Class ${next()}` }),
    sparse: ["Name", "Renamed class"],
    end: "inactive",
  },
  {
    entity: "Department",
    create: async () => ({ Name: `Location ${next()}` }),
    sparse: ["Name", "Renamed location"],
    end: "inactive",
  },
  {
    entity: "Estimate",
    create: async () => ({ CustomerRef: { value: id.customer }, Line: sale() }),
    sparse: ["PrivateNote", "sparse"],
    end: "delete",
  },
  {
    entity: "Invoice",
    create: async () => ({ CustomerRef: { value: id.customer }, Line: sale() }),
    sparse: ["PrivateNote", "sparse"],
    end: "void",
  },
  {
    entity: "SalesReceipt",
    create: async () => ({ CustomerRef: { value: id.customer }, Line: sale() }),
    sparse: ["PrivateNote", "sparse"],
    end: "void",
  },
  {
    entity: "CreditMemo",
    create: async () => ({ CustomerRef: { value: id.customer }, Line: sale() }),
    sparse: ["PrivateNote", "sparse"],
    end: "delete",
  },
  {
    entity: "Payment",
    create: async () => ({
      CustomerRef: { value: id.customer },
      TotalAmt: 20,
      Line: [{ Amount: 20, LinkedTxn: [{ TxnId: await openInvoice(), TxnType: "Invoice" }] }],
    }),
    sparse: ["PrivateNote", "sparse"],
    end: "void",
  },
  {
    entity: "Bill",
    create: async () => ({ VendorRef: { value: id.vendor }, Line: expense() }),
    sparse: ["PrivateNote", "sparse"],
    end: "delete",
  },
  {
    entity: "BillPayment",
    create: async () => ({
      VendorRef: { value: id.vendor },
      PayType: "Check",
      CheckPayment: { BankAccountRef: { value: id.Operating } },
      TotalAmt: 10,
      Line: [{ Amount: 10, LinkedTxn: [{ TxnId: await openBill(), TxnType: "Bill" }] }],
    }),
    sparse: ["PrivateNote", "sparse"],
    end: "void",
  },
  {
    entity: "Purchase",
    create: async () => ({ PaymentType: "CreditCard", AccountRef: { value: id.Amex }, Line: expense() }),
    sparse: ["PrivateNote", "sparse"],
    end: "delete",
  },
  {
    entity: "PurchaseOrder",
    create: async () => ({ VendorRef: { value: id.vendor }, Line: expense() }),
    sparse: ["PrivateNote", "sparse"],
    end: "delete",
  },
  {
    entity: "JournalEntry",
    create: async () => ({
      Line: [
        {
          DetailType: "JournalEntryLineDetail",
          Amount: 75,
          JournalEntryLineDetail: { PostingType: "Debit", AccountRef: { value: id.Rent } },
        },
        {
          DetailType: "JournalEntryLineDetail",
          Amount: 75,
          JournalEntryLineDetail: { PostingType: "Credit", AccountRef: { value: id.Operating } },
        },
      ],
    }),
    sparse: ["PrivateNote", "sparse"],
    end: "delete",
  },
];

const path = (entity: string) => entity.toLowerCase();

function entityOf(
  res: ApiResponse,
  entity: string,
): Record<string, unknown> & { Id: string; SyncToken: string } {
  assert.equal(res.status, 200, `${entity}: ${res.text.slice(0, 400)}`);
  assert.match(res.body.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[-+]\d{2}:\d{2}$/);
  const obj = res.body[entity];
  assert.ok(obj, `${entity} missing from ${Object.keys(res.body).join(", ")}`);
  return obj;
}

function assertFault(res: ApiResponse, code: string, label: string): void {
  assert.equal(res.status, 400, `${label}: ${res.text.slice(0, 300)}`);
  assert.equal(res.body.Fault.type, "ValidationFault", label);
  assert.equal(faultOf(res).code, code, label);
}

describe("every entity through its lifecycle", () => {
  for (const c of CASES) {
    test(`${c.entity}: create, read, full and sparse update, stale token, ${c.end}`, async () => {
      const created = entityOf(
        await t.api("POST", `${path(c.entity)}?minorversion=75`, await c.create()),
        c.entity,
      );
      assert.match(created.Id, /^\d+$/);
      assert.equal(created.SyncToken, "0");
      assert.equal(created.domain, "QBO");
      assert.equal(created.sparse, false);
      const meta = created.MetaData as { CreateTime: string; LastUpdatedTime: string };
      assert.ok(meta.CreateTime && meta.LastUpdatedTime);

      const read = entityOf(await t.api("GET", `${path(c.entity)}/${created.Id}?minorversion=75`), c.entity);
      assert.deepEqual(read, created);

      // Posting back what was read is a full update that changes nothing but the version.
      const full = entityOf(await t.api("POST", path(c.entity), read), c.entity);
      assert.equal(full.SyncToken, "1");
      assert.equal(full.Id, created.Id);

      const [field, value] = c.sparse;
      const sparseBody =
        c.entity === "Account" // accounts ignore sparse: the whole object goes back
          ? { ...full, [field]: value }
          : { Id: full.Id, SyncToken: full.SyncToken, sparse: true, [field]: value };
      const sparse = entityOf(await t.api("POST", path(c.entity), sparseBody), c.entity);
      assert.equal(sparse.SyncToken, "2");
      assert.deepEqual(sparse[field], value);
      // A new Name also renames the FullyQualifiedName QuickBooks derives from it.
      const derived = field === "Name" ? ["FullyQualifiedName"] : [];
      for (const [k, v] of Object.entries(full)) {
        if (derived.includes(k)) continue;
        if (!["SyncToken", "MetaData", field].includes(k))
          assert.deepEqual(sparse[k], v, `${c.entity}.${k} kept`);
      }

      const stale = await t.api("POST", path(c.entity), {
        Id: full.Id,
        SyncToken: "1",
        sparse: true,
        [field]: value,
      });
      assertFault(stale, "5010", `${c.entity} stale`);

      const current = { Id: sparse.Id, SyncToken: sparse.SyncToken };
      if (c.end === "inactive") {
        assertFault(
          await t.api("POST", `${path(c.entity)}?operation=delete`, current),
          "500",
          `${c.entity} cannot be deleted`,
        );
        const inactive = entityOf(
          await t.api(
            "POST",
            path(c.entity),
            c.entity === "Account"
              ? { ...sparse, Active: false }
              : { ...current, sparse: true, Active: false },
          ),
          c.entity,
        );
        assert.equal(inactive.Active, false);
      } else if (c.end === "void") {
        const voided = entityOf(await t.api("POST", `${path(c.entity)}?operation=void`, current), c.entity);
        assert.equal(voided.SyncToken, "3");
        assert.equal(voided.TotalAmt, 0);
        assert.match(String(voided.PrivateNote), /^Voided/);
      } else {
        assertFault(
          await t.api("POST", `${path(c.entity)}?operation=void`, current),
          "500",
          `${c.entity} cannot be voided`,
        );
        const deleted = await t.api("POST", `${path(c.entity)}?operation=delete`, current);
        assert.equal(deleted.status, 200, deleted.text);
        assert.deepEqual(deleted.body[c.entity], { status: "Deleted", domain: "QBO", Id: created.Id });
        assertFault(
          await t.api("GET", `${path(c.entity)}/${created.Id}`),
          "610",
          `${c.entity} read after delete`,
        );
      }
    });
  }

  test("tax codes and rates are read and queried, never written through the data API", async () => {
    const code = await t.api("POST", "taxcode", { Name: "Nope" });
    assertFault(code, "500", "TaxCode create");
    const rate = await t.api("POST", "taxrate", { Name: "Nope", RateValue: 1 });
    assertFault(rate, "500", "TaxRate create");
    const codes = await t.api("GET", `query?query=${encodeURIComponent("select * from TaxCode")}`);
    assert.equal(codes.status, 200);
  });
});
