import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
let agencyId: string;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  const agency = await t.api("POST", "taxagency", { DisplayName: "State Board of Equalization" });
  assert.equal(agency.status, 200, agency.text);
  agencyId = agency.body.TaxAgency.Id;
});
after(() => t.close());

describe("tax service", () => {
  test("creates a tax code with new and existing rates, usable on an invoice", async () => {
    const res = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "Springfield",
      TaxRateDetails: [
        { TaxRateName: "State 6%", RateValue: "6", TaxAgencyId: agencyId, TaxApplicableOn: "Sales" },
        { TaxRateName: "City 1.5%", RateValue: 1.5, TaxAgencyId: agencyId },
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.TaxCode, "Springfield");
    assert.equal(typeof res.body.TaxCodeId, "string");
    assert.deepEqual(
      res.body.TaxRateDetails.map((r: { TaxRateName: string; RateValue: number }) => [
        r.TaxRateName,
        r.RateValue,
      ]),
      [
        ["State 6%", 6],
        ["City 1.5%", 1.5],
      ],
    );
    const stateRate = res.body.TaxRateDetails[0].TaxRateId;
    const reuse = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "State only",
      TaxRateDetails: [{ TaxRateId: stateRate, TaxApplicableOn: "Sales" }],
    });
    assert.equal(reuse.status, 200, reuse.text);

    const code = (await t.api("GET", `taxcode/${res.body.TaxCodeId}`)).body.TaxCode;
    assert.equal(code.SalesTaxRateList.TaxRateDetail.length, 2);
    const income = (await t.api("POST", "account", { Name: "Sales", AccountType: "Income" })).body.Account;
    const item = (
      await t.api("POST", "item", { Name: "Widget", Type: "Service", IncomeAccountRef: { value: income.Id } })
    ).body.Item;
    const customer = (await t.api("POST", "customer", { DisplayName: "Taxed Buyer" })).body.Customer;
    const inv = await t.api("POST", "invoice", {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          DetailType: "SalesItemLineDetail",
          Amount: 200,
          SalesItemLineDetail: { ItemRef: { value: item.Id }, TaxCodeRef: { value: "TAX" } },
        },
      ],
      TxnTaxDetail: { TxnTaxCodeRef: { value: res.body.TaxCodeId } },
    });
    assert.equal(inv.body.Invoice.TxnTaxDetail.TotalTax, 15);
    assert.equal(inv.body.Invoice.TotalAmt, 215);
  });

  test("refuses a duplicate name, an unknown agency or rate, a rate out of range, a rate listed twice", async () => {
    const dupCode = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "springfield",
      TaxRateDetails: [{ TaxRateName: "Other", RateValue: 1, TaxAgencyId: agencyId }],
    });
    assert.equal(faultOf(dupCode).code, "6240");
    const noAgency = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "X1",
      TaxRateDetails: [{ TaxRateName: "R1", RateValue: 1, TaxAgencyId: "999" }],
    });
    assert.equal(faultOf(noAgency).code, "2500");
    const noRate = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "X2",
      TaxRateDetails: [{ TaxRateId: "999" }],
    });
    assert.equal(faultOf(noRate).code, "2500");
    const tooHigh = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "X3",
      TaxRateDetails: [{ TaxRateName: "R3", RateValue: 101, TaxAgencyId: agencyId }],
    });
    assert.equal(faultOf(tooHigh).code, "6000");
    const twice = await t.api("POST", "taxservice/taxcode", {
      TaxCode: "X4",
      TaxRateDetails: [
        { TaxRateName: "R4", RateValue: 1, TaxAgencyId: agencyId },
        { TaxRateName: "r4", RateValue: 2, TaxAgencyId: agencyId },
      ],
    });
    assert.equal(faultOf(twice).code, "6000");
    const codes = await t.api("GET", `query?query=${encodeURIComponent("select count(*) from TaxRate")}`);
    assert.equal(codes.body.QueryResponse.totalCount, 2, "refused requests stored no rates");
  });
});
