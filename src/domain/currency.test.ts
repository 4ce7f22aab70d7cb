import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { currencyDecimals } from "./currency.ts";
import { validateRecord } from "./validate.ts";

function issues(collection: Parameters<typeof validateRecord>[0], body: unknown): Record<string, string> {
  const r = validateRecord(collection, body);
  return r.ok ? {} : Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
}

const invoice = {
  number: "INV-1",
  customerExternalId: "C-1",
  date: "2026-11-02",
  lines: [{ itemExternalId: "P-1", quantity: "3", unitPrice: "12.50" }],
};

describe("amounts carry their currency's decimals", () => {
  test("ISO 4217 minor units: USD 2, JPY 0, KWD 3, CLF 4; no currency is USD", () => {
    assert.deepEqual(
      ["USD", "EUR", "JPY", "KRW", "KWD", "BHD", "CLF", undefined].map(currencyDecimals),
      [2, 2, 0, 0, 3, 3, 4, 2],
    );
  });

  test("a payment of 10.005 and a delivery fee of 1.234 in USD are refused, naming the field", () => {
    assert.match(
      issues("payments", { customerExternalId: "C-1", date: "2026-11-02", amount: "10.005" })["/amount"] ??
        "",
      /more than 2 digits after the decimal point \(USD amounts have 2\)/,
    );
    const fee = issues("invoices", { ...invoice, currency: "USD", deliveryFee: "1.234" });
    assert.match(fee["/deliveryFee"] ?? "", /USD amounts have 2/);
    assert.equal(validateRecord("invoices", { ...invoice, deliveryFee: "1.23" }).ok, true);
  });

  test("JPY amounts are whole; KWD amounts may have three decimals", () => {
    const yen = { ...invoice, currency: "JPY", lines: [{ description: "Bolts", amount: "1000.5" }] };
    assert.match(issues("invoices", yen)["/lines/0/amount"] ?? "", /JPY amounts are whole numbers/);
    assert.equal(
      validateRecord("invoices", {
        ...yen,
        lines: [{ description: "Bolts", amount: "1000" }],
        taxAmount: "100",
      }).ok,
      true,
    );
    const dinar = { customerExternalId: "C-1", date: "2026-11-02", amount: "10.125", currency: "KWD" };
    assert.equal(validateRecord("payments", dinar).ok, true);
    assert.match(issues("payments", { ...dinar, amount: "10.1255" })["/amount"] ?? "", /KWD amounts have 3/);
  });

  test("journal entries, bills and purchase orders are held to the currency too", () => {
    const journal = issues("journal-entries", {
      date: "2026-11-02",
      currency: "JPY",
      lines: [
        { accountExternalId: "A-1", debit: "10.50" },
        { accountExternalId: "A-2", credit: "10.50" },
      ],
    });
    assert.ok(journal["/lines/0/debit"] && journal["/lines/1/credit"]);
    const bill = issues("bills", {
      number: "B-1",
      vendorExternalId: "V-1",
      date: "2026-11-02",
      lines: [{ accountExternalId: "A-1", amount: "5.555" }],
    });
    assert.ok(bill["/lines/0/amount"]);
  });

  test("unit prices and costs keep up to 7 decimals; the line amount is rounded to cents", () => {
    const r = validateRecord("invoices", {
      ...invoice,
      lines: [{ itemExternalId: "P-1", quantity: "1000", unitPrice: "0.0123457" }],
    });
    assert.ok(r.ok);
    assert.equal((r.value.lines[0] as { amount: string }).amount, "12.35");
    assert.ok(issues("items", { name: "Tiny", type: "service", unitPrice: "0.12345678" })["/unitPrice"]);
  });

  test("credits: a negative line is allowed, a negative price, total or payment is not", () => {
    const credit = validateRecord("invoices", {
      ...invoice,
      lines: [
        { itemExternalId: "P-1", quantity: "3", unitPrice: "12.50" },
        { itemExternalId: "P-1", quantity: "-1", unitPrice: "12.50", description: "Returned" },
        { description: "Goodwill credit", amount: "-5.00" },
      ],
      total: "20.00",
    });
    assert.ok(credit.ok, JSON.stringify(credit));
    assert.ok(
      issues("invoices", {
        ...invoice,
        lines: [{ itemExternalId: "P-1", quantity: "1", unitPrice: "-12.50" }],
      })["/lines/0/unitPrice"],
    );
    assert.ok(
      issues("invoices", { ...invoice, lines: [{ description: "Credit", amount: "-5.00" }], total: "-5.00" })[
        "/total"
      ],
    );
    assert.ok(
      issues("invoices", { ...invoice, lines: [{ description: "Credit", amount: "-5.00" }] })["/lines"],
    );
    assert.ok(issues("payments", { customerExternalId: "C-1", date: "2026-11-02", amount: "-5" })["/amount"]);
  });
});
