import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { SPECS } from "../entities/registry.ts";
import { EmulatorState } from "../state.ts";
import { handleData } from "./resources.ts";

// Whatever a client sends, the emulator answers with a QuickBooks response or a validation fault;
// an unexpected failure (SystemFault 10000, HTTP 500) would be a bug in a rule.
const state = new EmulatorState();
const company = state.createCompany({ seed: "demo" });

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -5, max: 500 }),
  fc.boolean(),
  fc.constant(null),
);
const ref = fc.oneof(
  fc.record({ value: fc.constantFrom("1", "2", "3", "40", "999", "TAX", "NON", "") }),
  scalar,
);
const line = fc.record(
  {
    Amount: fc.oneof(fc.double({ min: -100, max: 1000, noNaN: true }), scalar),
    DetailType: fc.constantFrom(
      "SalesItemLineDetail",
      "DiscountLineDetail",
      "AccountBasedExpenseLineDetail",
      "ItemBasedExpenseLineDetail",
      "JournalEntryLineDetail",
      "SubTotalLineDetail",
      "DescriptionOnly",
      "Bogus",
    ),
    SalesItemLineDetail: fc.record(
      { ItemRef: ref, Qty: scalar, UnitPrice: scalar, TaxCodeRef: ref },
      { requiredKeys: [] },
    ),
    DiscountLineDetail: fc.record({ PercentBased: scalar, DiscountPercent: scalar }, { requiredKeys: [] }),
    AccountBasedExpenseLineDetail: fc.record(
      { AccountRef: ref, BillableStatus: scalar },
      { requiredKeys: [] },
    ),
    ItemBasedExpenseLineDetail: fc.record({ ItemRef: ref, Qty: scalar }, { requiredKeys: [] }),
    JournalEntryLineDetail: fc.record(
      {
        PostingType: fc.constantFrom("Debit", "Credit", "x"),
        AccountRef: ref,
        Entity: fc.record({ EntityRef: ref }),
      },
      { requiredKeys: [] },
    ),
    LinkedTxn: fc.array(
      fc.record({
        TxnId: fc.constantFrom("1", "2", "5000"),
        TxnType: fc.constantFrom("Invoice", "Bill", "CreditMemo"),
      }),
      {
        maxLength: 2,
      },
    ),
  },
  { requiredKeys: [] },
);
const body = fc.record(
  {
    Id: fc.constantFrom("1", "2", "3", "999"),
    SyncToken: fc.constantFrom("0", "1"),
    sparse: fc.boolean(),
    DisplayName: scalar,
    Name: scalar,
    Type: fc.constantFrom("Inventory", "Service", "NonInventory", "Group", "x"),
    AccountType: fc.constantFrom("Bank", "Expense", "Nope"),
    CustomerRef: ref,
    VendorRef: ref,
    AccountRef: ref,
    ParentRef: ref,
    Job: scalar,
    Active: scalar,
    PaymentType: fc.constantFrom("Cash", "Check", "CreditCard", "Wire"),
    PayType: fc.constantFrom("Check", "CreditCard"),
    TotalAmt: scalar,
    TxnDate: fc.constantFrom("2026-01-01", "2026-02-30", "x"),
    DocNumber: scalar,
    TxnTaxDetail: fc.record({ TxnTaxCodeRef: ref, TotalTax: scalar }, { requiredKeys: [] }),
    DepositToAccountRef: ref,
    CashBack: fc.record({ AccountRef: ref, Amount: scalar }, { requiredKeys: [] }),
    PaymentMethodRef: ref,
    TxnStatus: fc.constantFrom("Pending", "Closed", "x"),
    LinkedTxn: fc.array(
      fc.record({ TxnId: fc.constantFrom("1", "2"), TxnType: fc.constantFrom("Estimate", "Payment") }),
      {
        maxLength: 1,
      },
    ),
    Line: fc.oneof(fc.array(line, { maxLength: 4 }), scalar),
  },
  { requiredKeys: [] },
);

test("no request body makes a rule fail unexpectedly", () => {
  const entities = SPECS.map((s) => s.name.toLowerCase());
  fc.assert(
    fc.property(
      fc.constantFrom(...entities),
      fc.constantFrom(undefined, "update", "delete", "void"),
      body,
      (entity, operation, payload) => {
        const ctx = state.context(company, new Set());
        const res = handleData(ctx, {
          method: "POST",
          rest: entity,
          query: operation ? { operation } : {},
          body: JSON.stringify(payload),
          url: `/v3/company/${company.realmId}/${entity}`,
        });
        const code = (res.body.Fault as { Error: { code: string; Detail: string }[] } | undefined)?.Error[0];
        assert.notEqual(code?.code, "10000", code?.Detail);
        assert.ok(res.status === 200 || res.status === 400, `status ${res.status}`);
      },
    ),
    { numRuns: 1500, seed: 42 },
  );
});
