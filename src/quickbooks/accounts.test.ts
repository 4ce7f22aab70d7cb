import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkDefaultAccount, type QboAccountSummary, searchAccounts } from "./accounts.ts";

const chart: QboAccountSummary[] = [
  { Id: "1", Name: "Inventory Asset", AccountType: "Other Current Asset", AccountSubType: "Inventory" },
  { Id: "2", Name: "Sales of Product Income", AccountType: "Income", AccountSubType: "SalesOfProductIncome" },
  { Id: "3", Name: "Services", AccountType: "Income", AccountSubType: "ServiceFeeIncome" },
  {
    Id: "4",
    Name: "Cost of Goods Sold",
    AccountType: "Cost of Goods Sold",
    AccountSubType: "SuppliesMaterialsCogs",
  },
  {
    Id: "5",
    Name: "Accounts Payable (A/P)",
    AccountType: "Accounts Payable",
    AccountSubType: "AccountsPayable",
  },
  { Id: "6", Name: "Checking", AccountType: "Bank", AccountSubType: "Checking" },
  {
    Id: "7",
    Name: "Old Inventory",
    AccountType: "Other Current Asset",
    AccountSubType: "Inventory",
    Active: false,
  },
];

describe("default accounts", () => {
  test("each default takes the type and detail type QuickBooks needs", () => {
    assert.equal(checkDefaultAccount("asset", chart[0] as QboAccountSummary), undefined);
    assert.equal(checkDefaultAccount("income", chart[1] as QboAccountSummary), undefined);
    assert.equal(checkDefaultAccount("expense", chart[3] as QboAccountSummary), undefined);
    assert.equal(checkDefaultAccount("accountsPayable", chart[4] as QboAccountSummary), undefined);
  });

  test("a wrong choice is refused naming the type needed", () => {
    assert.equal(
      checkDefaultAccount("income", chart[2] as QboAccountSummary),
      "the income account must be Income with detail type Sales of Product Income; Services is Income (ServiceFeeIncome)",
    );
    assert.match(
      checkDefaultAccount("asset", chart[5] as QboAccountSummary) ?? "",
      /must be Other Current Asset with detail type Inventory; Checking is Bank/,
    );
    assert.match(checkDefaultAccount("asset", chart[6] as QboAccountSummary) ?? "", /inactive/);
  });

  test("searching by name lists only accounts that fit, those starting with the text first", () => {
    assert.deepEqual(
      searchAccounts("income", chart, "sales").map((a) => a.Id),
      ["2"],
    );
    assert.deepEqual(
      searchAccounts("payment", chart, "").map((a) => a.Name),
      ["Checking"],
    );
  });
});
