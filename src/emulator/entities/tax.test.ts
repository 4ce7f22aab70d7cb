// The three sales-tax models, each in a company of its kind: US automated, US manual (the default,
// covered by sales.test.ts), and non-US with a tax code on every line.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

const open: TestEmulator[] = [];
after(async () => {
  for (const t of open) await t.close();
});

async function company(kind: "us-automated-tax" | "uk" | "ca" | "au") {
  const t = await startTestEmulator({ seed: "empty", company: kind });
  open.push(t);
  const made = async (entity: string, body: Record<string, unknown>) => {
    const res = await t.api("POST", entity, body);
    assert.equal(res.status, 200, res.text);
    return Object.values(res.body)[0] as Record<string, unknown> & { Id: string };
  };
  const income = await made("account", { Name: "Sales", AccountType: "Income" });
  const item = await made("item", {
    Name: "Widget",
    Type: "Service",
    Taxable: true,
    IncomeAccountRef: { value: income.Id },
  });
  return { t, made, item: item.Id };
}

const query = async (t: TestEmulator, text: string) =>
  (await t.api("GET", `query?query=${encodeURIComponent(text)}`)).body.QueryResponse;

const line = (item: string, amount: number, taxCode?: string) => ({
  DetailType: "SalesItemLineDetail",
  Amount: amount,
  SalesItemLineDetail: {
    ItemRef: { value: item },
    ...(taxCode ? { TaxCodeRef: { value: taxCode } } : {}),
  },
});

describe("US company with automated sales tax", () => {
  test("tax comes from the rate table by ship-to state; the client's tax detail is ignored", async () => {
    const { t, made, item } = await company("us-automated-tax");
    const info = (await t.api("GET", `companyinfo/${t.realmId}`)).body.CompanyInfo;
    assert.equal(info.Country, "US");
    assert.equal((await t.api("GET", "preferences")).body.Preferences.TaxPrefs.PartnerTaxEnabled, true);
    const ohio = await made("customer", {
      DisplayName: "Columbus Buyer",
      ShipAddr: { City: "Columbus", CountrySubDivisionCode: "OH" },
    });
    const res = await t.api("POST", "invoice", {
      CustomerRef: { value: ohio.Id },
      Line: [line(item, 100, "TAX"), line(item, 50, "NON")],
      TxnTaxDetail: { TotalTax: 99 },
    });
    assert.equal(res.status, 200, res.text);
    const invoice = res.body.Invoice;
    assert.equal(invoice.TxnTaxDetail.TotalTax, 7.5);
    assert.equal(invoice.TotalAmt, 157.5);
    const rates = (await query(t, "select * from TaxRate")).TaxRate as { Id: string; Name: string }[];
    const named = new Map(rates.map((r) => [r.Id, r.Name]));
    assert.deepEqual(
      invoice.TxnTaxDetail.TaxLine.map(
        (l: { Amount: number; TaxLineDetail: { TaxRateRef: { value: string } } }) => [
          named.get(l.TaxLineDetail.TaxRateRef.value),
          l.Amount,
        ],
      ),
      [
        ["OH State", 5.75],
        ["OH Franklin County", 1.75],
      ],
    );
    const california = await made("customer", {
      DisplayName: "LA Buyer",
      ShipAddr: { City: "Los Angeles", CountrySubDivisionCode: "CA" },
    });
    const ca = await t.api("POST", "invoice", {
      CustomerRef: { value: california.Id },
      Line: [line(item, 200, "TAX")],
    });
    assert.equal(ca.body.Invoice.TxnTaxDetail.TotalTax, 14.5);
    const agencies = (await query(t, "select * from TaxAgency")).TaxAgency;
    assert.ok(agencies.length >= 1);
  });

  test("a line tax code other than TAX or NON is refused", async () => {
    const { t, made, item } = await company("us-automated-tax");
    const c = await made("customer", { DisplayName: "Code Sender" });
    const code = ((await query(t, "select * from TaxRate")).TaxRate as { Id: string }[])[0]?.Id ?? "1";
    const res = await t.api("POST", "invoice", {
      CustomerRef: { value: c.Id },
      Line: [line(item, 10, code)],
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "6000");
    assert.equal(faultOf(res).element, "TaxCodeRef");
  });
});

describe("non-US companies: a tax code on every line, GlobalTaxCalculation", () => {
  test("UK: a line without a tax code is refused with Intuit's VAT wording; TAX does not exist", async () => {
    const { t, made, item } = await company("uk");
    const c = await made("customer", { DisplayName: "London Buyer" });
    const missing = await t.api("POST", "invoice", { CustomerRef: { value: c.Id }, Line: [line(item, 10)] });
    assert.equal(missing.status, 400);
    assert.equal(faultOf(missing).code, "6000");
    assert.equal(
      faultOf(missing).Detail,
      "Business Validation Error: Make sure all your transactions have a VAT rate before you save.",
    );
    const pseudo = await t.api("POST", "invoice", {
      CustomerRef: { value: c.Id },
      Line: [line(item, 10, "TAX")],
    });
    assert.equal(pseudo.status, 400);
    assert.equal(faultOf(pseudo).code, "2500");
  });

  test("UK: tax excluded, included and not applicable, computed per line", async () => {
    const { t, made, item } = await company("uk");
    const info = (await t.api("GET", `companyinfo/${t.realmId}`)).body.CompanyInfo;
    assert.equal(info.Country, "GB");
    const codes = new Map(
      ((await query(t, "select * from TaxCode")).TaxCode as { Id: string; Name: string }[]).map((c) => [
        c.Name,
        c.Id,
      ]),
    );
    const standard = codes.get("20.0% S") ?? "";
    const reduced = codes.get("5.0% R") ?? "";
    const c = await made("customer", { DisplayName: "Leeds Buyer" });
    const excluded = (
      await t.api("POST", "invoice", {
        CustomerRef: { value: c.Id },
        Line: [line(item, 100, standard), line(item, 50, reduced)],
      })
    ).body.Invoice;
    assert.equal(excluded.GlobalTaxCalculation, "TaxExcluded");
    assert.equal(excluded.TxnTaxDetail.TotalTax, 22.5);
    assert.equal(excluded.TotalAmt, 172.5);
    assert.equal(excluded.CurrencyRef.value, "GBP");
    assert.deepEqual(
      excluded.TxnTaxDetail.TaxLine.map(
        (l: { Amount: number; TaxLineDetail: { NetAmountTaxable: number } }) => [
          l.Amount,
          l.TaxLineDetail.NetAmountTaxable,
        ],
      ),
      [
        [20, 100],
        [2.5, 50],
      ],
    );
    const included = (
      await t.api("POST", "invoice", {
        CustomerRef: { value: c.Id },
        GlobalTaxCalculation: "TaxInclusive",
        Line: [line(item, 120, standard)],
      })
    ).body.Invoice;
    assert.equal(included.TxnTaxDetail.TotalTax, 20);
    assert.equal(included.TotalAmt, 120);
    assert.equal(included.Line[0].SalesItemLineDetail.TaxInclusiveAmt, 120);
    assert.equal(included.TxnTaxDetail.TaxLine[0].TaxLineDetail.NetAmountTaxable, 100);
    const none = (
      await t.api("POST", "invoice", {
        CustomerRef: { value: c.Id },
        GlobalTaxCalculation: "NotApplicable",
        Line: [line(item, 120, standard)],
      })
    ).body.Invoice;
    assert.equal(none.TxnTaxDetail.TotalTax, 0);
    assert.equal(none.TotalAmt, 120);
    const bad = await t.api("POST", "invoice", {
      CustomerRef: { value: c.Id },
      GlobalTaxCalculation: "Sometimes",
      Line: [line(item, 1, standard)],
    });
    assert.equal(faultOf(bad).code, "2170");
  });

  test("Canada and Australia: their own codes and wording", async () => {
    const ca = await company("ca");
    const c = await ca.made("customer", { DisplayName: "Toronto Buyer" });
    const missing = await ca.t.api("POST", "invoice", {
      CustomerRef: { value: c.Id },
      Line: [line(ca.item, 10)],
    });
    assert.match(faultOf(missing).Detail, /have a GST\/HST rate before you save/);
    const hst = (
      (await query(ca.t, "select * from TaxCode where Name = 'HST ON'")).TaxCode as { Id: string }[]
    )[0];
    const invoice = (
      await ca.t.api("POST", "invoice", { CustomerRef: { value: c.Id }, Line: [line(ca.item, 100, hst?.Id)] })
    ).body.Invoice;
    assert.equal(invoice.TxnTaxDetail.TotalTax, 13);
    assert.equal(invoice.CurrencyRef.value, "CAD");

    const au = await company("au");
    const buyer = await au.made("customer", { DisplayName: "Melbourne Buyer" });
    const gst = (
      (await query(au.t, "select * from TaxCode where Name = 'GST'")).TaxCode as { Id: string }[]
    )[0];
    const sale = (
      await au.t.api("POST", "invoice", {
        CustomerRef: { value: buyer.Id },
        Line: [line(au.item, 110, gst?.Id)],
      })
    ).body.Invoice;
    assert.equal(sale.TxnTaxDetail.TotalTax, 11);
    assert.equal(sale.TotalAmt, 121);
  });
});
