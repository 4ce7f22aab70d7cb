// Reports from the double-entry ledger, and the property that holds after any mix of transactions:
// the trial balance balances to the cent, every account's balance is the sum of its postings, and the
// balance sheet balances, on the accrual and the cash basis.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import { prng as rng } from "../../../test/helpers/random.ts";
import { naturalBalance } from "../entities/ledger.ts";
import { specByName } from "../entities/registry.ts";
import type { Ctx } from "../entities/spec.ts";
import { QboFault } from "../faults.ts";
import { remove, save, voidTxn } from "../operations.ts";
import { EmulatorState } from "../state.ts";
import type { Company, QboObject } from "../store/company.ts";
import { postings, sumByAccount } from "./ledger.ts";
import { type Report, report } from "./reports.ts";

const spec = (name: string) => {
  const s = specByName(name);
  if (!s) throw new Error(name);
  return s;
};

type R = ReturnType<typeof rng>;

/** One random business event; refusals (a payment over the balance…) are part of the mix. */
function randomEvent(ctx: Ctx, r: R, day: string): void {
  const c = ctx.company;
  const customers = c.all("Customer").slice(0, 20);
  const vendors = c.all("Vendor").slice(0, 10);
  const items = c
    .all("Item")
    .filter((i) => i.Type !== "Category")
    .slice(0, 40);
  const accounts = c.all("Account");
  const byType = (t: string) => accounts.filter((a) => a.AccountType === t);
  const bank = byType("Bank")[0] as QboObject;
  const ref = (o: QboObject) => ({ value: o.Id });
  const salesLine = () => {
    const item = r.pick(items);
    return {
      DetailType: "SalesItemLineDetail",
      SalesItemLineDetail: { ItemRef: ref(item), Qty: 1 + r.int(5), UnitPrice: r.money(300) },
    };
  };
  const salesBody = () => ({
    TxnDate: day,
    CustomerRef: ref(r.pick(customers)),
    Line: [
      ...Array.from({ length: 1 + r.int(3) }, salesLine),
      ...(r.next() < 0.3
        ? [
            {
              DetailType: "DiscountLineDetail",
              Amount: r.money(20),
              DiscountLineDetail: { PercentBased: false },
            },
          ]
        : []),
    ],
    ...(r.next() < 0.5 ? { TxnTaxDetail: { TxnTaxCodeRef: ref(r.pick(c.all("TaxCode"))) } } : {}),
  });
  const expenseAccount = () => r.pick([...byType("Expense"), ...byType("Cost of Goods Sold")]);
  const expenseBody = () => ({
    TxnDate: day,
    Line: Array.from({ length: 1 + r.int(3) }, () => ({
      DetailType: "AccountBasedExpenseLineDetail",
      Amount: r.money(500),
      AccountBasedExpenseLineDetail: { AccountRef: ref(expenseAccount()) },
    })),
  });
  const open = (entity: string) => c.all(entity).filter((d) => Number(d.Balance ?? 0) > 0);
  const kind = r.int(15);
  if (kind <= 2) save(ctx, spec("Invoice"), salesBody());
  else if (kind === 3) save(ctx, spec("SalesReceipt"), { ...salesBody(), DepositToAccountRef: ref(bank) });
  else if (kind === 4) save(ctx, spec("CreditMemo"), salesBody());
  else if (kind === 5) {
    const inv = r.pick(open("Invoice"));
    if (!inv) return;
    const amount = Math.min(Number(inv.Balance), r.money(Number(inv.Balance) * 1.2));
    save(ctx, spec("Payment"), {
      TxnDate: day,
      CustomerRef: inv.CustomerRef,
      TotalAmt: amount + (r.next() < 0.2 ? r.money(50) : 0),
      Line: [{ Amount: amount, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    });
  } else if (kind === 6) save(ctx, spec("Bill"), { ...expenseBody(), VendorRef: ref(r.pick(vendors)) });
  else if (kind === 7) {
    const bill = r.pick(open("Bill"));
    if (!bill) return;
    const amount = Math.min(Number(bill.Balance), r.money(Number(bill.Balance)));
    save(ctx, spec("BillPayment"), {
      TxnDate: day,
      VendorRef: bill.VendorRef,
      PayType: "Check",
      CheckPayment: { BankAccountRef: ref(bank) },
      TotalAmt: amount,
      Line: [{ Amount: amount, LinkedTxn: [{ TxnId: bill.Id, TxnType: "Bill" }] }],
    });
  } else if (kind === 8)
    save(ctx, spec("Purchase"), { ...expenseBody(), PaymentType: "Check", AccountRef: ref(bank) });
  else if (kind === 9) {
    const amount = r.money(1000);
    const [debit, credit] = [r.pick(accounts), r.pick(accounts)] as [QboObject, QboObject];
    const line = (a: QboObject, type: string) => ({
      DetailType: "JournalEntryLineDetail",
      Amount: amount,
      JournalEntryLineDetail: { PostingType: type, AccountRef: ref(a) },
    });
    save(ctx, spec("JournalEntry"), { TxnDate: day, Line: [line(debit, "Debit"), line(credit, "Credit")] });
  } else if (kind === 12) {
    save(ctx, spec("RefundReceipt"), { ...salesBody(), DepositToAccountRef: ref(bank) });
  } else if (kind === 13) {
    save(ctx, spec("VendorCredit"), { ...expenseBody(), VendorRef: ref(r.pick(vendors)) });
  } else if (kind === 14) {
    const [from, to] = [r.pick(byType("Bank")), r.pick([...byType("Bank"), ...byType("Credit Card")])];
    save(ctx, spec("Transfer"), {
      TxnDate: day,
      FromAccountRef: ref(from as QboObject),
      ToAccountRef: ref(to as QboObject),
      Amount: r.money(800),
    });
  } else {
    // Change history: void, delete or re-date a transaction.
    const entity = r.pick([
      "Invoice",
      "SalesReceipt",
      "Payment",
      "Bill",
      "Purchase",
      "JournalEntry",
      "VendorCredit",
      "Transfer",
    ]);
    const doc = r.pick(c.all(entity));
    if (!doc) return;
    const s = spec(entity);
    if (kind === 10 && s.voidable) voidTxn(ctx, s, { Id: doc.Id, SyncToken: doc.SyncToken });
    else if (kind === 10) remove(ctx, s, { Id: doc.Id, SyncToken: doc.SyncToken });
    else save(ctx, s, { Id: doc.Id, SyncToken: doc.SyncToken, sparse: true, TxnDate: day });
  }
}

/** Total debits and credits of a trial balance's TOTAL row. */
function totals(tb: Report): [number, number] {
  const last = tb.Rows.Row.at(-1) as { Summary: { ColData: { value: string }[] } };
  return [Number(last.Summary.ColData[1]?.value), Number(last.Summary.ColData[2]?.value)];
}

function sectionTotal(bs: Report, group: string): number {
  const row = bs.Rows.Row.find((r) => "group" in r && r.group === group) as {
    Summary: { ColData: { value: string }[] };
  };
  return Number(row.Summary.ColData[1]?.value);
}

function checkBooks(company: Company, now: number, label: string): void {
  const query = { start_date: "2020-01-01", end_date: "2030-12-31" };
  for (const basis of ["Accrual", "Cash"] as const) {
    const tb = report(company, now, "TrialBalance", { ...query, accounting_method: basis }) as Report;
    const [debit, credit] = totals(tb);
    assert.equal(debit.toFixed(2), credit.toFixed(2), `${label} ${basis}: trial balance`);
    const bs = report(company, now, "BalanceSheet", { ...query, accounting_method: basis }) as Report;
    assert.equal(
      sectionTotal(bs, "TotalAssets").toFixed(2),
      sectionTotal(bs, "TotalLiabilitiesAndEquity").toFixed(2),
      `${label} ${basis}: balance sheet`,
    );
  }
  const sums = sumByAccount(postings(company, "Accrual"));
  for (const account of company.all("Account")) {
    const expected = naturalBalance(String(account.AccountType), sums.get(account.Id) ?? 0);
    if (naturalBalance(String(account.AccountType), 1) === 0) continue; // income and expense carry none
    assert.equal(
      Number(account.CurrentBalance ?? 0).toFixed(2),
      expected.toFixed(2),
      `${label}: ${account.Name} balance equals the sum of its postings`,
    );
  }
  for (const entry of company.journal()) {
    const sum = entry.lines.reduce((t, l) => t + Math.round(l.amount * 100), 0);
    assert.equal(sum, 0, `${label}: ${entry.entity} ${entry.id} is balanced`);
  }
}

describe("the ledger after any mix of transactions", () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`seed ${seed}: trial balance balances, balances equal postings, balance sheet balances`, () => {
      const state = new EmulatorState();
      const company = state.createCompany({ seed: "demo" });
      const ctx = state.context(company);
      const r = rng(seed);
      const refused = new Map<string, number>();
      for (let i = 0; i < 120; i++) {
        const day = `2025-${String(1 + r.int(12)).padStart(2, "0")}-${String(1 + r.int(28)).padStart(2, "0")}`;
        try {
          randomEvent(ctx, r, day);
        } catch (e) {
          if (!(e instanceof QboFault)) throw e; // a refused write changes nothing
          refused.set(e.message.slice(0, 80), (refused.get(e.message.slice(0, 80)) ?? 0) + 1);
        }
        if (i % 20 === 19) checkBooks(company, state.now(), `seed ${seed} step ${i}`);
      }
      checkBooks(company, state.now(), `seed ${seed} end`);
      // The mix must mostly go through, or the property says little.
      const posted = [...company.journal()].length;
      assert.ok(
        posted >= 60,
        `only ${posted} transactions posted; refusals: ${JSON.stringify([...refused])}`,
      );
    });
  }
});

describe("reports over HTTP", () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator({ seed: "demo" });
  });
  after(() => t.close());

  test("an invoice and a partial payment: P&L by basis, aging, the report shape", async () => {
    const customer = (await t.api("GET", "query?query=select%20*%20from%20Customer%20maxresults%201")).body
      .QueryResponse.Customer[0];
    const service = (
      await t.api(
        "GET",
        `query?query=${encodeURIComponent("select * from Item where Type = 'Service' maxresults 1")}`,
      )
    ).body.QueryResponse.Item[0];
    const inv = await t.api("POST", "invoice", {
      TxnDate: "2025-03-01",
      DueDate: "2025-03-31",
      CustomerRef: { value: customer.Id },
      Line: [
        {
          DetailType: "SalesItemLineDetail",
          Amount: 400,
          SalesItemLineDetail: { ItemRef: { value: service.Id }, Qty: 4, UnitPrice: 100 },
        },
      ],
    });
    assert.equal(inv.status, 200, inv.text);
    const pay = await t.api("POST", "payment", {
      TxnDate: "2025-04-10",
      CustomerRef: { value: customer.Id },
      TotalAmt: 100,
      Line: [{ Amount: 100, LinkedTxn: [{ TxnId: inv.body.Invoice.Id, TxnType: "Invoice" }] }],
    });
    assert.equal(pay.status, 200, pay.text);

    const pl = async (method: string) =>
      (
        await t.api(
          "GET",
          `reports/ProfitAndLoss?start_date=2025-01-01&end_date=2025-12-31&accounting_method=${method}`,
        )
      ).body;
    const accrual = await pl("Accrual");
    assert.deepEqual(Object.keys(accrual), ["Header", "Columns", "Rows"]);
    assert.equal(accrual.Header.ReportName, "ProfitAndLoss");
    assert.equal(accrual.Header.ReportBasis, "Accrual");
    assert.equal(accrual.Header.StartPeriod, "2025-01-01");
    assert.deepEqual(
      accrual.Columns.Column.map((c: { ColType: string }) => c.ColType),
      ["Account", "Money"],
    );
    const net = (body: Report) => {
      const row = body.Rows.Row.find((r) => "group" in r && r.group === "NetIncome") as {
        Summary: { ColData: { value: string }[] };
      };
      return row.Summary.ColData[1]?.value;
    };
    assert.equal(net(accrual), "400.00");
    assert.equal(net(await pl("Cash")), "100.00", "cash basis recognises only what was paid");

    const aged = (await t.api("GET", "reports/AgedReceivables?report_date=2025-05-15")).body;
    const row = aged.Rows.Row.find(
      (r: { ColData?: { id?: string }[] }) => r.ColData?.[0]?.id === customer.Id,
    );
    // 45 days past due on 2025-05-15: the 31 - 60 column.
    assert.deepEqual(
      row.ColData.slice(1).map((c: { value: string }) => c.value),
      ["", "", "300.00", "", "", "300.00"],
    );
    assert.deepEqual(
      aged.Columns.Column.map((c: { ColTitle: string }) => c.ColTitle),
      ["", "Current", "1 - 30", "31 - 60", "61 - 90", "91 and over", "Total"],
    );
    const tb = (await t.api("GET", "reports/TrialBalance?end_date=2025-12-31")).body as Report;
    const [debit, credit] = totals(tb);
    assert.equal(debit, credit);
  });

  test("an unknown report and a bad date are refused", async () => {
    const unknown = await t.api("GET", "reports/NoSuchReport");
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.Fault.Error[0].code, "500");
    const bad = await t.api("GET", "reports/ProfitAndLoss?start_date=yesterday");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.Fault.Error[0].element, "start_date");
  });
});

describe("accounts the ledger creates", () => {
  test("a sale without tax in a new company creates no tax account; a line with no account creates Uncategorized Income once", () => {
    const state = new EmulatorState();
    const company = state.createCompany({ seed: "empty" });
    const ctx = state.context(company);
    const customer = save(ctx, spec("Customer"), { DisplayName: "Ledger Buyer" });
    const before = company.all("Account").length;
    const item = save(ctx, spec("Item"), { Name: "No Account Goods", Type: "NonInventory" });
    const line = {
      DetailType: "SalesItemLineDetail",
      Amount: 10,
      SalesItemLineDetail: { ItemRef: { value: item.Id } },
    };
    save(ctx, spec("Invoice"), { CustomerRef: { value: customer.Id }, Line: [line] });
    save(ctx, spec("Invoice"), { CustomerRef: { value: customer.Id }, Line: [line] });
    const added = company
      .all("Account")
      .slice(before)
      .map((a) => a.Name);
    assert.deepEqual(added, ["Uncategorized Income"]);
    checkBooks(company, state.now(), "uncategorized");
  });
});
