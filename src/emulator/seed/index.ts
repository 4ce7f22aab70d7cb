// Company seeds. `empty` is what a fresh QuickBooks company holds before anyone uses it: company info,
// preferences and the system accounts. `demo` is a US manufacturer of industrial hardware with a
// working chart of accounts, terms, sales tax, classes, locations, employees and a few hundred
// customers, vendors and items (from ./names.ts). Seeds go through the same write path as API
// requests, so every computed field is what the API would have produced.

import { specByName } from "../entities/registry.ts";
import type { Ctx } from "../entities/spec.ts";
import { save } from "../operations.ts";
import type { Company, QboObject } from "../store/company.ts";
import { formatTimestamp } from "../time.ts";
import { type CompanyKind, DEFAULT_COMPANY_KIND, LOCALES, type SeedName } from "./kinds.ts";
import { demoNames } from "./names.ts";

export { COMPANY_KINDS, type CompanyKind, DEFAULT_COMPANY_KIND, SEEDS, type SeedName } from "./kinds.ts";

type Body = Record<string, unknown>;

function ctxFor(company: Company, now: number): Ctx {
  return { company, now, include: new Set(), changes: [] };
}

function create(ctx: Ctx, entity: string, body: Body): QboObject {
  const spec = specByName(entity);
  if (!spec) throw new Error(`no entity ${entity}`);
  return save(ctx, spec, body);
}

/** Stores an object the data API cannot create (singletons, tax codes and rates). */
function putDirect(ctx: Ctx, entity: string, body: Body, id?: string): QboObject {
  const stamp = formatTimestamp(ctx.now);
  const obj = {
    ...body,
    domain: "QBO",
    sparse: false,
    Id: id ?? ctx.company.nextId(entity),
    SyncToken: "0",
    MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
  } as QboObject;
  ctx.company.put(entity, obj, ctx.now);
  return obj;
}

const ref = (obj: QboObject, nameField = "Name") => ({ value: obj.Id, name: String(obj[nameField]) });

function companyInfo(name: string, demo: boolean, kind: CompanyKind): Body {
  const locale = LOCALES[kind];
  const addr =
    locale.country !== "US"
      ? locale.address
      : demo
        ? {
            Line1: "4200 Foundry Road",
            City: "Columbus",
            CountrySubDivisionCode: "OH",
            PostalCode: "43219",
            Country: "US",
          }
        : {
            Line1: "123 Sierra Way",
            City: "San Pablo",
            CountrySubDivisionCode: "CA",
            PostalCode: "87999",
            Country: "US",
          };
  return {
    CompanyName: name,
    LegalName: name,
    CompanyAddr: { Id: "1", ...addr },
    CustomerCommunicationAddr: { Id: "1", ...addr },
    LegalAddr: { Id: "1", ...addr },
    PrimaryPhone: { FreeFormNumber: demo ? "(614) 555-0142" : "(650) 944-4444" },
    CompanyStartDate: "2024-01-01",
    FiscalYearStartMonth: "January",
    Country: locale.country,
    Email: { Address: demo ? "accounts@foundryline.example.com" : "noreply@quickbooks.com" },
    WebAddr: demo ? { URI: "https://foundryline.example.com" } : {},
    SupportedLanguages: "en",
    NameValue: [
      { Name: "NeoEnabled", Value: "true" },
      { Name: "IndustryType", Value: demo ? "Manufacturing" : "Other" },
      { Name: "CompanyType", Value: "Corporation" },
      { Name: "SubscriptionStatus", Value: "SUBSCRIBED" },
      { Name: "OfferingSku", Value: "QuickBooks Online Advanced" },
      { Name: "ItemCategoriesFeature", Value: "true" },
      { Name: "AssignedTime", Value: "2024-01-01T00:00:00-08:00" },
    ],
  };
}

function preferences(kind: CompanyKind): Body {
  const locale = LOCALES[kind];
  return {
    AccountingInfoPrefs: {
      FirstMonthOfFiscalYear: "January",
      UseAccountNumbers: false,
      TaxYearMonth: "January",
      ClassTrackingPerTxn: false,
      ClassTrackingPerTxnLine: true,
      TrackDepartments: true,
      DepartmentTerminology: "Location",
      CustomerTerminology: "Customers",
    },
    ProductAndServicesPrefs: {
      ForSales: true,
      ForPurchase: true,
      QuantityWithPriceAndRate: true,
      QuantityOnHand: true,
    },
    SalesFormsPrefs: {
      CustomFields: [],
      CustomTxnNumbers: false,
      AllowDeposit: true,
      AllowDiscount: true,
      AllowEstimates: true,
      AllowShipping: true,
      AllowServiceDate: true,
      AllowGratuity: false,
      ETransactionEnabledStatus: "NotApplicable",
      IPNSupportEnabled: false,
      UsingPriceLevels: false,
      UsingProgressInvoicing: false,
      DefaultCustomerMessage: "Thank you for your business.",
    },
    VendorAndPurchasesPrefs: {
      TrackingByCustomer: true,
      BillableExpenseTracking: true,
      DefaultMarkup: 0,
      POCustomField: [],
    },
    TimeTrackingPrefs: {
      UseServices: true,
      BillCustomers: true,
      ShowBillRateToAll: false,
      WorkWeekStartDate: "Monday",
    },
    TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: kind === "us-automated-tax" },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: locale.currency.value } },
    ReportPrefs: { ReportBasis: "Accrual", CalcAgingReportFromTxnDate: false },
    OtherPrefs: { NameValue: [{ Name: "SalesFormsPrefs.DefaultItem", Value: "" }] },
  };
}

/** The system accounts every company has. */
const SYSTEM_ACCOUNTS: [string, string, string][] = [
  ["Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"],
  ["Undeposited Funds", "Other Current Asset", "UndepositedFunds"],
  ["Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"],
];

const DEMO_ACCOUNTS: [string, string, string][] = [
  ["Checking", "Bank", "Checking"],
  ["Savings", "Bank", "Savings"],
  ["Inventory Asset", "Other Current Asset", "Inventory"],
  ["Raw Materials Inventory", "Other Current Asset", "Inventory"],
  ["Prepaid Expenses", "Other Current Asset", "PrepaidExpenses"],
  ["Machinery and Equipment", "Fixed Asset", "MachineryAndEquipment"],
  ["Accumulated Depreciation", "Fixed Asset", "AccumulatedDepreciation"],
  ["Security Deposits", "Other Asset", "SecurityDeposits"],
  ["Business Credit Card", "Credit Card", "CreditCard"],
  ["Sales Tax Payable", "Other Current Liability", "SalesTaxPayable"],
  ["Payroll Liabilities", "Other Current Liability", "PayrollTaxPayable"],
  ["Equipment Loan", "Long Term Liability", "NotesPayable"],
  ["Opening Balance Equity", "Equity", "OpeningBalanceEquity"],
  ["Owner's Equity", "Equity", "OwnersEquity"],
  ["Retained Earnings", "Equity", "RetainedEarnings"],
  ["Sales of Product Income", "Income", "SalesOfProductIncome"],
  ["Services", "Income", "ServiceFeeIncome"],
  ["Shipping Income", "Income", "OtherPrimaryIncome"],
  ["Discounts given", "Income", "DiscountsRefundsGiven"],
  ["Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"],
  ["Supplies & Materials - COGS", "Cost of Goods Sold", "SuppliesMaterialsCogs"],
  ["Freight In", "Cost of Goods Sold", "ShippingFreightDeliveryCos"],
  ["Direct Labor", "Cost of Goods Sold", "CostOfLaborCos"],
  ["Advertising & Marketing", "Expense", "AdvertisingPromotional"],
  ["Bank Charges & Fees", "Expense", "BankCharges"],
  ["Insurance", "Expense", "Insurance"],
  ["Office Supplies & Software", "Expense", "OfficeGeneralAdministrativeExpenses"],
  ["Rent & Lease", "Expense", "RentOrLeaseOfBuildings"],
  ["Repairs & Maintenance", "Expense", "RepairMaintenance"],
  ["Shipping & Delivery", "Expense", "ShippingFreightDelivery"],
  ["Utilities", "Expense", "Utilities"],
  ["Legal & Professional Services", "Expense", "LegalProfessionalFees"],
  ["Payroll Expenses", "Expense", "PayrollExpenses"],
  ["Interest Earned", "Other Income", "InterestEarned"],
  ["Depreciation", "Other Expense", "Depreciation"],
];

const TERMS: Body[] = [
  { Name: "Due on receipt", Type: "Standard", DueDays: 0 },
  { Name: "Net 15", Type: "Standard", DueDays: 15 },
  { Name: "Net 30", Type: "Standard", DueDays: 30 },
  { Name: "Net 60", Type: "Standard", DueDays: 60 },
  { Name: "2% 10 Net 30", Type: "Standard", DueDays: 30, DiscountDays: 10, DiscountPercent: 2 },
];

function baseCompany(ctx: Ctx, name: string, demo: boolean, kind: CompanyKind): Map<string, QboObject> {
  // Automatic document numbers of a new company start at 1001.
  ctx.company.bumpCounter("doc:sales", 1000);
  ctx.company.bumpCounter("doc:po", 1000);
  ctx.company.bumpCounter("doc:estimate", 1000);
  putDirect(ctx, "CompanyInfo", companyInfo(name, demo, kind), "1");
  putDirect(ctx, "Preferences", preferences(kind), "1");
  // The payment methods every new QuickBooks company starts with.
  for (const [methodName, type] of [
    ["Cash", "NON_CREDIT_CARD"],
    ["Check", "NON_CREDIT_CARD"],
    ["Credit Card", "CREDIT_CARD"],
    ["Visa", "CREDIT_CARD"],
    ["MasterCard", "CREDIT_CARD"],
    ["American Express", "CREDIT_CARD"],
    ["Discover", "CREDIT_CARD"],
  ]) {
    create(ctx, "PaymentMethod", { Name: methodName, Type: type });
  }
  const accounts = new Map<string, QboObject>();
  // A company whose sales tax QuickBooks sets up itself (automated, or outside the US) has its tax
  // liability account from the start; the demo has one in its chart of accounts.
  const taxAccount = LOCALES[kind].taxAccount;
  const chart = [...SYSTEM_ACCOUNTS, ...(demo ? DEMO_ACCOUNTS : [])].map(
    ([n, t, st]): [string, string, string] => [st === "SalesTaxPayable" ? taxAccount : n, t, st],
  );
  if (!demo && kind !== "us-manual-tax")
    chart.push([taxAccount, "Other Current Liability", "SalesTaxPayable"]);
  for (const [accountName, type, subtype] of chart) {
    accounts.set(
      accountName,
      create(ctx, "Account", { Name: accountName, AccountType: type, AccountSubType: subtype }),
    );
  }
  return accounts;
}

function setPreferences(ctx: Ctx, patch: Record<string, Body>): void {
  const prefs = ctx.company.get("Preferences", "1");
  if (!prefs) return;
  const next = { ...prefs } as QboObject;
  for (const [group, values] of Object.entries(patch)) {
    next[group] = { ...(prefs[group] as Body), ...values };
  }
  ctx.company.put("Preferences", next, ctx.now);
}

/**
 * The kind's tax agency, rates and codes, as QuickBooks holds them once sales tax is set up. Returns
 * the first code (the demo's default), if the kind has codes.
 */
function taxes(ctx: Ctx, kind: CompanyKind): QboObject | undefined {
  const locale = LOCALES[kind];
  const agency = create(ctx, "TaxAgency", { DisplayName: locale.agency });
  const rates = new Map<string, QboObject>();
  for (const r of locale.rates) {
    rates.set(
      r.name,
      putDirect(ctx, "TaxRate", {
        Name: r.name,
        Description: r.description,
        Active: true,
        RateValue: r.value,
        AgencyRef: { value: agency.Id },
        SpecialTaxType: "NONE",
        DisplayType: "ReadOnly",
        EffectiveTaxRate: [{ RateValue: r.value, EffectiveDate: "2024-01-01T00:00:00-08:00" }],
      }),
    );
  }
  const codes = locale.codes.map((c) => {
    const list = c.rates.map((name) => rates.get(name)).filter((r): r is QboObject => r !== undefined);
    const detail = list.map((r, i) => ({
      TaxRateRef: ref(r),
      TaxTypeApplicable: "TaxOnAmount",
      TaxOrder: i,
    }));
    return putDirect(ctx, "TaxCode", {
      Name: c.name,
      Description: c.description,
      Active: true,
      Hidden: false,
      Taxable: list.some((r) => Number(r.RateValue) > 0),
      TaxGroup: list.length > 1,
      SalesTaxRateList: { TaxRateDetail: detail },
      // Non-US codes also apply to purchases (input tax); US codes are for sales only.
      PurchaseTaxRateList: { TaxRateDetail: locale.country === "US" ? [] : detail },
    });
  });
  return codes[0];
}

/** Deterministic stand-in for randomness, so every demo company is identical. */
function spread(i: number, mod: number): number {
  return (i * 7919 + 13) % mod;
}

function demo(ctx: Ctx, name: string, kind: CompanyKind): void {
  const accounts = baseCompany(ctx, name, true, kind);
  const account = (name: string) => {
    const a = accounts.get(name);
    if (!a) throw new Error(`demo seed: no account ${name}`);
    return ref(a);
  };
  const terms = new Map(TERMS.map((t) => [String(t.Name), create(ctx, "Term", t)]));
  const net30 = terms.get("Net 30") as QboObject;
  const taxCode = taxes(ctx, kind);
  for (const name of ["Fabrication", "Assembly", "Distribution"]) create(ctx, "Class", { Name: name });
  for (const name of ["Columbus Plant", "Dayton Warehouse"]) create(ctx, "Department", { Name: name });
  setPreferences(ctx, {
    SalesFormsPrefs: {
      DefaultTerms: { value: net30.Id },
      DefaultDiscountAccount: account("Discounts given").value,
      DefaultShippingAccount: account("Shipping Income").value,
    },
    VendorAndPurchasesPrefs: { DefaultTerms: { value: net30.Id } },
    ...(taxCode && kind === "us-manual-tax" ? { TaxPrefs: { TaxGroupCodeRef: { value: taxCode.Id } } } : {}),
  });

  const names = demoNames();
  const termList = [...terms.values()];
  names.customers.forEach((c, i) => {
    create(ctx, "Customer", {
      DisplayName: c.displayName,
      ...(c.companyName ? { CompanyName: c.companyName } : {}),
      ...(c.email ? { PrimaryEmailAddr: { Address: c.email } } : {}),
      ...(c.phone ? { PrimaryPhone: { FreeFormNumber: c.phone } } : {}),
      SalesTermRef: ref(termList[spread(i, termList.length)] as QboObject),
    });
  });
  names.vendors.forEach((v, i) => {
    create(ctx, "Vendor", {
      DisplayName: v.displayName,
      ...(v.companyName ? { CompanyName: v.companyName } : {}),
      ...(v.email ? { PrimaryEmailAddr: { Address: v.email } } : {}),
      ...(v.phone ? { PrimaryPhone: { FreeFormNumber: v.phone } } : {}),
      TermRef: ref(i % 3 === 0 ? (terms.get("Net 15") as QboObject) : net30),
    });
  });
  const employees: Body[] = [
    { GivenName: "Maria", FamilyName: "Okafor", Title: "Controller" },
    { GivenName: "Dean", FamilyName: "Kowalski" },
    { GivenName: "Priya", FamilyName: "Raman" },
    { GivenName: "Tom", FamilyName: "Brennan" },
  ];
  for (const e of employees) create(ctx, "Employee", { ...e, DisplayName: `${e.GivenName} ${e.FamilyName}` });

  names.items.forEach((item, i) => {
    const common: Body = {
      Name: item.name,
      ...(item.sku ? { Sku: item.sku } : {}),
      ...(item.description ? { Description: item.description, PurchaseDesc: item.description } : {}),
      UnitPrice: Number(item.unitPrice),
      ...(item.unitCost ? { PurchaseCost: Number(item.unitCost) } : {}),
      Taxable: item.type !== "Service",
    };
    if (item.type === "Inventory") {
      create(ctx, "Item", {
        ...common,
        Type: "Inventory",
        TrackQtyOnHand: true,
        QtyOnHand: spread(i, 400),
        InvStartDate: "2024-01-01",
        IncomeAccountRef: account("Sales of Product Income"),
        ExpenseAccountRef: account("Cost of Goods Sold"),
        AssetAccountRef: account("Inventory Asset"),
      });
    } else if (item.type === "Service") {
      create(ctx, "Item", { ...common, Type: "Service", IncomeAccountRef: account("Services") });
    } else {
      create(ctx, "Item", {
        ...common,
        Type: "NonInventory",
        IncomeAccountRef: account("Sales of Product Income"),
        ExpenseAccountRef: account("Supplies & Materials - COGS"),
      });
    }
  });
}

function empty(ctx: Ctx, name: string, kind: CompanyKind): void {
  baseCompany(ctx, name, false, kind);
  // A new US company has not set up sales tax; QuickBooks sets it up itself in the other kinds.
  if (kind !== "us-manual-tax") taxes(ctx, kind);
}

/** Which kind a company is, read from what a client can read too: its country and tax preferences. */
export function kindOf(company: Company): CompanyKind {
  const country = String(company.get("CompanyInfo", "1")?.Country ?? "US");
  const found = (Object.entries(LOCALES) as [CompanyKind, (typeof LOCALES)[CompanyKind]][]).find(
    ([, l]) => l.country === country && country !== "US",
  );
  if (found) return found[0];
  const tax = company.get("Preferences", "1")?.TaxPrefs as Record<string, unknown> | undefined;
  return tax?.PartnerTaxEnabled === true ? "us-automated-tax" : "us-manual-tax";
}

export function defaultCompanyName(seed: SeedName): string {
  return seed === "demo" ? "Foundry Line Industrial Supply, Inc." : "Sandbox Company_US_1";
}

/** Fills an empty company with a seed; the changes are not announced to webhooks. */
export function applySeed(
  company: Company,
  seed: SeedName,
  now: number,
  name = defaultCompanyName(seed),
  kind: CompanyKind = DEFAULT_COMPANY_KIND,
): void {
  const ctx = ctxFor(company, now);
  if (seed === "demo") demo(ctx, name, kind);
  else empty(ctx, name, kind);
  company.name = name;
}
