// Host names (customers, vendors, items, accounts, terms) as QuickBooks Online list objects.
import type { Account, AccountType } from "#domain/account.ts";
import type { Customer } from "#domain/customer.ts";
import type { Item } from "#domain/item.ts";
import type { Term } from "#domain/term.ts";
import type { Vendor } from "#domain/vendor.ts";
import { address, amount, Mapper, QBO_MAX } from "./mapper.ts";
import type { Mapped, MappingContext } from "./types.ts";

export function mapCustomer(c: Customer, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  m.currency(c.currency, "/currency");
  const parent = m.optionalRef("customers", "parent customer", c.parentExternalId, "/parentExternalId");
  return m.result("Customer", {
    DisplayName: c.name,
    CompanyName: c.companyName,
    GivenName: c.givenName,
    FamilyName: c.familyName,
    PrimaryEmailAddr: emailAddr(m, c.email, "/email"),
    PrimaryPhone: c.phone === undefined ? undefined : { FreeFormNumber: c.phone },
    Mobile: c.mobile === undefined ? undefined : { FreeFormNumber: c.mobile },
    BillAddr: address(c.billingAddress),
    ShipAddr: address(c.shippingAddress),
    SalesTermRef: m.optionalRef("terms", "terms", c.termsExternalId, "/termsExternalId"),
    DefaultTaxCodeRef:
      c.taxCodeExternalId !== undefined && ctx.taxModel === "per_line"
        ? taxCodeRef(m, c.taxCodeExternalId, "/taxCodeExternalId")
        : undefined,
    Taxable: c.taxable,
    // A sub-customer (a job): QuickBooks needs Job true beside the parent.
    ParentRef: parent,
    Job: c.parentExternalId === undefined ? undefined : true,
    Notes: m.text(c.notes, QBO_MAX.notes, "/notes", "notes"),
    Active: c.active,
  });
}

export function mapVendor(v: Vendor, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  m.currency(v.currency, "/currency");
  return m.result("Vendor", {
    DisplayName: v.name,
    CompanyName: v.companyName,
    PrimaryEmailAddr: emailAddr(m, v.email, "/email"),
    PrimaryPhone: v.phone === undefined ? undefined : { FreeFormNumber: v.phone },
    BillAddr: address(v.address),
    TermRef: m.optionalRef("terms", "terms", v.termsExternalId, "/termsExternalId"),
    AcctNum: v.accountNumber,
    TaxIdentifier: v.taxId,
    Vendor1099: v.is1099,
    Notes: m.text(v.notes, QBO_MAX.notes, "/notes", "notes"),
    Active: v.active,
  });
}

const ITEM_TYPES = { inventory: "Inventory", non_inventory: "NonInventory", service: "Service" } as const;

export function mapItem(item: Item, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  const inventory = item.type === "inventory";
  const body: Record<string, unknown> = {
    Name: item.name,
    Sku: item.sku,
    Description: item.description,
    PurchaseDesc: m.text(
      item.purchaseDescription,
      QBO_MAX.purchaseDescription,
      "/purchaseDescription",
      "the purchase description",
    ),
    Type: ITEM_TYPES[item.type],
    UnitPrice: item.unitPrice === undefined ? undefined : amount(item.unitPrice),
    PurchaseCost: item.unitCost === undefined ? undefined : amount(item.unitCost),
    Taxable: item.taxable,
    PrefVendorRef: m.optionalRef(
      "vendors",
      "preferred vendor",
      item.preferredVendorExternalId,
      "/preferredVendorExternalId",
    ),
    IncomeAccountRef: m.accountRef(
      item.incomeAccountExternalId,
      "income",
      "income",
      "/incomeAccountExternalId",
    ),
    Active: item.active,
  };
  // Service and non-inventory items may be bought too; inventory items always are (their cost of goods
  // sold). Without an expense account of its own, a bought item takes the company default.
  if (inventory || item.expenseAccountExternalId !== undefined || item.unitCost !== undefined) {
    body.ExpenseAccountRef = m.accountRef(
      item.expenseAccountExternalId,
      "expense",
      "expense (cost of goods sold)",
      "/expenseAccountExternalId",
    );
  }
  if (inventory) {
    body.AssetAccountRef = m.accountRef(
      item.assetAccountExternalId,
      "asset",
      "inventory asset",
      "/assetAccountExternalId",
    );
    body.TrackQtyOnHand = true;
    body.QtyOnHand = amount(item.quantityOnHand ?? "0");
    body.InvStartDate = item.quantityAsOf ?? ctx.inventoryStartDate;
  }
  return m.result("Item", body);
}

/** Host account types in QuickBooks' words (its AccountTypeEnum). */
export const ACCOUNT_TYPES: Record<AccountType, string> = {
  bank: "Bank",
  accounts_receivable: "Accounts Receivable",
  other_current_asset: "Other Current Asset",
  fixed_asset: "Fixed Asset",
  other_asset: "Other Asset",
  accounts_payable: "Accounts Payable",
  credit_card: "Credit Card",
  other_current_liability: "Other Current Liability",
  long_term_liability: "Long Term Liability",
  equity: "Equity",
  income: "Income",
  other_income: "Other Income",
  cost_of_goods_sold: "Cost of Goods Sold",
  expense: "Expense",
  other_expense: "Other Expense",
};

export function mapAccount(a: Account, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  m.currency(a.currency, "/currency");
  const parent = m.optionalRef("accounts", "parent account", a.parentExternalId, "/parentExternalId");
  return m.result("Account", {
    Name: a.name,
    AcctNum: a.number,
    AccountType: ACCOUNT_TYPES[a.type],
    AccountSubType: a.subType,
    Description: a.description,
    SubAccount: parent === undefined ? undefined : true,
    ParentRef: parent,
    Active: a.active,
  });
}

export function mapTerm(t: Term, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  const dateDriven = t.dayOfMonthDue !== undefined;
  return m.result("Term", {
    Name: t.name,
    Type: dateDriven ? "DateDriven" : "Standard",
    DueDays: t.dueDays,
    DayOfMonthDue: t.dayOfMonthDue,
    DueNextMonthDays: t.dueNextMonthDays,
    DiscountPercent: t.discountPercent === undefined ? undefined : amount(t.discountPercent),
    // A date-driven term's discount is by day of the month, a standard term's by days after the date.
    DiscountDays: dateDriven ? undefined : t.discountDays,
    DiscountDayOfMonth: dateDriven ? t.discountDays : undefined,
    Active: t.active,
  });
}

function emailAddr(m: Mapper, email: string | undefined, path: string): { Address: string } | undefined {
  const kept = m.text(email, QBO_MAX.email, path, "the e-mail address");
  return kept === undefined ? undefined : { Address: kept };
}

/** A QuickBooks tax code reference for a host tax code, or an unmapped_tax_code problem. */
export function taxCodeRef(m: Mapper, hostCode: string, path: string): { value: string } | undefined {
  const id = m.ctx.taxCodeOf(hostCode);
  if (id !== undefined) return { value: id };
  m.problem(
    "unmapped_tax_code",
    path,
    `tax code ${hostCode} has no QuickBooks tax code mapped to it; map it in the connection settings`,
  );
  return undefined;
}
