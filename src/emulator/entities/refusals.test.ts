// Writes Intuit refuses, sent as a client sends them, and the empty values it accepts as absent.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
let customerId: string;
let itemId: string;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  customerId = (await t.api("POST", "customer", { DisplayName: "Refusal Test Co" })).body.Customer.Id;
  const income = (await t.api("POST", "account", { Name: "Refusal Sales", AccountType: "Income" })).body
    .Account.Id;
  itemId = (
    await t.api("POST", "item", {
      Name: "Refusal Widget",
      Type: "Service",
      IncomeAccountRef: { value: income },
    })
  ).body.Item.Id;
});
after(() => t.close());

const line = () => ({
  DetailType: "SalesItemLineDetail",
  Amount: 10,
  SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 10 },
});

describe("e-mail on sales forms", () => {
  test("EmailStatus NeedToSend without a BillEmail is refused, naming BillEmail", async () => {
    const res = await t.api("POST", "invoice", {
      CustomerRef: { value: customerId },
      Line: [line()],
      EmailStatus: "NeedToSend",
    });
    assert.equal(res.status, 400);
    const error = faultOf(res);
    assert.equal(error.code, "2020");
    assert.equal(error.element, "BillEmail");
    assert.equal(
      (await t.api("GET", "query?query=select%20count(*)%20from%20Invoice")).body.QueryResponse.totalCount,
      0,
    );
  });

  test("NeedToSend with a BillEmail is stored, and the customer's address fills an absent BillEmail", async () => {
    const res = await t.api("POST", "invoice", {
      CustomerRef: { value: customerId },
      Line: [line()],
      EmailStatus: "NeedToSend",
      BillEmail: { Address: "ap@refusal.example.com, owner@refusal.example.com" },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.Invoice.EmailStatus, "NeedToSend");

    const withMail = (
      await t.api("POST", "customer", {
        DisplayName: "Mail Holder",
        PrimaryEmailAddr: { Address: "a@b.example" },
      })
    ).body.Customer.Id;
    const filled = await t.api("POST", "invoice", {
      CustomerRef: { value: withMail },
      Line: [line()],
      EmailStatus: "NeedToSend",
    });
    assert.equal(filled.status, 200, filled.text);
    assert.deepEqual(filled.body.Invoice.BillEmail, { Address: "a@b.example" });
  });

  test("a malformed address is refused on a name and on an invoice, and nothing is stored", async () => {
    for (const address of ["no-at-sign.example.com", "two words@example.com", "a@nodot", "a@b.example,"]) {
      const res = await t.api("POST", "customer", {
        DisplayName: `Bad Mail ${address}`,
        PrimaryEmailAddr: { Address: address },
      });
      assert.equal(res.status, 400, address);
      const error = faultOf(res);
      assert.equal(error.code, "2210");
      assert.equal(error.element, "PrimaryEmailAddr");
      assert.equal(
        error.Detail,
        `Email Address does not conform to the syntax rules of RFC 822. Supplied value: ${address}`,
      );
    }
    const bad = await t.api("POST", "invoice", {
      CustomerRef: { value: customerId },
      Line: [line()],
      BillEmail: { Address: "billing at example.com" },
    });
    assert.equal(bad.status, 400);
    assert.equal(faultOf(bad).element, "BillEmail");
  });

  test("an invoice reads back PrintStatus NeedToPrint when none is sent, a sales receipt NotSet", async () => {
    const invoice = await t.api("POST", "invoice", { CustomerRef: { value: customerId }, Line: [line()] });
    assert.equal(invoice.body.Invoice.PrintStatus, "NeedToPrint");
    assert.equal(invoice.body.Invoice.EmailStatus, "NotSet");
    const receipt = await t.api("POST", "salesreceipt", {
      CustomerRef: { value: customerId },
      Line: [line()],
    });
    assert.equal(receipt.body.SalesReceipt.PrintStatus, "NotSet");
  });
});

describe("names and lists", () => {
  test("a colon in a customer's or vendor's DisplayName is refused", async () => {
    for (const entity of ["customer", "vendor"]) {
      const res = await t.api("POST", entity, { DisplayName: "Acme: West" });
      assert.equal(res.status, 400, entity);
      assert.equal(faultOf(res).code, "6000");
      assert.equal(faultOf(res).element, "DisplayName");
    }
  });

  test("an account number over 7 characters is refused in a US company", async () => {
    const res = await t.api("POST", "account", {
      Name: "Long Number",
      AccountType: "Expense",
      AcctNum: "12345678",
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "6000");
    assert.equal(faultOf(res).element, "AcctNum");
    const ok = await t.api("POST", "account", {
      Name: "Short Number",
      AccountType: "Expense",
      AcctNum: "6100100",
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.Account.AcctNum, "6100100");
  });

  test("with item categories on, an item's parent must be a category", async () => {
    const parent = await t.api("POST", "item", {
      Name: "Parent Service",
      Type: "Service",
      IncomeAccountRef: { value: "1" },
    });
    const income = (await t.api("POST", "account", { Name: "Sub Sales", AccountType: "Income" })).body.Account
      .Id;
    const res = await t.api("POST", "item", {
      Name: "Child Service",
      Type: "Service",
      SubItem: true,
      ParentRef: { value: parent.body.Item?.Id ?? itemId },
      IncomeAccountRef: { value: income },
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "6000");
    assert.equal(faultOf(res).element, "ParentRef");
    const category = (await t.api("POST", "item", { Name: "Fasteners", Type: "Category" })).body.Item.Id;
    const inCategory = await t.api("POST", "item", {
      Name: "Categorised Service",
      Type: "Service",
      SubItem: true,
      ParentRef: { value: category },
      IncomeAccountRef: { value: income },
    });
    assert.equal(inCategory.status, 200, inCategory.text);
    assert.equal(inCategory.body.Item.FullyQualifiedName, "Fasteners:Categorised Service");
  });

  test("without item categories, a category cannot be created", async () => {
    const company = t.qbo.state.company(t.realmId);
    const info = company?.get("CompanyInfo", "1");
    assert.ok(company && info);
    const flags = (info.NameValue as { Name: string; Value: string }[]).filter(
      (p) => p.Name !== "ItemCategoriesFeature",
    );
    company.put("CompanyInfo", { ...info, NameValue: flags }, Date.now());
    try {
      const res = await t.api("POST", "item", { Name: "Not A Category", Type: "Category" });
      assert.equal(res.status, 400);
      assert.deepEqual(faultOf(res), {
        code: "500",
        Message: "Unsupported Operation",
        Detail: "Operation CREATE CATEGORY is not supported.",
        element: "",
      });
    } finally {
      company.put("CompanyInfo", info, Date.now());
    }
  });
});

describe("empty values Intuit's own client sends", () => {
  test('"DueDate": "", "ShipDate": "", "TxnDate": "" and "TotalAmt": "" are read as absent', async () => {
    const res = await t.api("POST", "invoice", {
      CustomerRef: { value: customerId },
      Line: [line()],
      DueDate: "",
      ShipDate: "",
      TxnDate: "",
      TotalAmt: "",
    });
    assert.equal(res.status, 200, res.text);
    const invoice = res.body.Invoice;
    assert.match(invoice.TxnDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(invoice.DueDate, invoice.TxnDate);
    assert.equal(invoice.ShipDate, undefined);
    assert.equal(invoice.TotalAmt, 10);
  });

  test("a date that is not empty and not a date is still refused", async () => {
    const res = await t.api("POST", "invoice", {
      CustomerRef: { value: customerId },
      Line: [line()],
      DueDate: "soon",
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "2010");
  });
});
