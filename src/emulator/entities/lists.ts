// List entities other than names: accounts, items, terms, classes, departments, tax codes and rates,
// and the two per-company singletons, CompanyInfo and Preferences.
import { fault } from "../faults.ts";
import type { QboObject } from "../store/company.ts";
import {
  type Ctx,
  checkBoolean,
  checkEnum,
  companyCountry,
  companyFlag,
  type Draft,
  defaultCurrency,
  type EntitySpec,
  isObject,
  lowerKey,
  markInactiveName,
  nonEmpty,
  numberField,
  pref,
  refId,
  requireField,
  resolveRef,
  str,
} from "./spec.ts";

export const ACCOUNT_TYPES = [
  "Bank",
  "Accounts Receivable",
  "Other Current Asset",
  "Fixed Asset",
  "Other Asset",
  "Accounts Payable",
  "Credit Card",
  "Other Current Liability",
  "Long Term Liability",
  "Equity",
  "Income",
  "Cost of Goods Sold",
  "Expense",
  "Other Income",
  "Other Expense",
  "Non-Posting",
] as const;

const CLASSIFICATION: Record<string, string> = {
  Bank: "Asset",
  "Accounts Receivable": "Asset",
  "Other Current Asset": "Asset",
  "Fixed Asset": "Asset",
  "Other Asset": "Asset",
  "Accounts Payable": "Liability",
  "Credit Card": "Liability",
  "Other Current Liability": "Liability",
  "Long Term Liability": "Liability",
  Equity: "Equity",
  Income: "Revenue",
  "Other Income": "Revenue",
  "Cost of Goods Sold": "Expense",
  Expense: "Expense",
  "Other Expense": "Expense",
};

/** The US detail types the emulator knows, grouped by the account type they belong to. */
const SUBTYPES: Record<string, readonly string[]> = {
  Bank: ["Checking", "Savings", "MoneyMarket", "CashOnHand", "TrustAccounts", "RentsHeldInTrust"],
  "Accounts Receivable": ["AccountsReceivable"],
  "Other Current Asset": [
    "OtherCurrentAssets",
    "Inventory",
    "UndepositedFunds",
    "PrepaidExpenses",
    "AllowanceForBadDebts",
    "EmployeeCashAdvances",
    "LoansToOfficers",
    "LoansToOthers",
    "LoansToStockholders",
    "DevelopmentCosts",
    "Retainage",
    "Investment_Other",
    "Investment_MortgageRealEstateLoans",
    "Investment_TaxExemptSecurities",
    "Investment_USGovernmentObligations",
  ],
  "Fixed Asset": [
    "OtherFixedAssets",
    "MachineryAndEquipment",
    "FurnitureAndFixtures",
    "Buildings",
    "Land",
    "Vehicles",
    "LeaseholdImprovements",
    "AccumulatedDepreciation",
    "AccumulatedAmortization",
    "AccumulatedDepletion",
    "DepletableAssets",
    "FixedAssetComputers",
    "FixedAssetCopiers",
    "FixedAssetFurniture",
    "FixedAssetPhone",
    "FixedAssetPhotoVideo",
    "FixedAssetSoftware",
    "FixedAssetOtherToolsEquipment",
    "IntangibleAssets",
  ],
  "Other Asset": [
    "OtherLongTermAssets",
    "SecurityDeposits",
    "Goodwill",
    "Licenses",
    "LeaseBuyout",
    "OrganizationalCosts",
    "AccumulatedAmortizationOfOtherAssets",
  ],
  "Accounts Payable": ["AccountsPayable"],
  "Credit Card": ["CreditCard"],
  "Other Current Liability": [
    "OtherCurrentLiabilities",
    "SalesTaxPayable",
    "PayrollTaxPayable",
    "PayrollClearing",
    "LineOfCredit",
    "LoanPayable",
    "InsurancePayable",
    "PrepaidExpensesPayable",
    "DirectDepositPayable",
    "FederalIncomeTaxPayable",
    "StateLocalIncomeTaxPayable",
    "IncomeTaxPayable",
    "TrustAccountsLiabilities",
    "RentsInTrustLiability",
  ],
  "Long Term Liability": ["OtherLongTermLiabilities", "NotesPayable", "ShareholderNotesPayable"],
  Equity: [
    "OwnersEquity",
    "OpeningBalanceEquity",
    "RetainedEarnings",
    "PartnersEquity",
    "CommonStock",
    "PaidInCapitalOrSurplus",
    "PartnerContributions",
    "PartnerDistributions",
    "PreferredStock",
    "TreasuryStock",
    "AccumulatedAdjustment",
    "EstimatedTaxes",
    "Healthcare",
    "PersonalIncome",
    "PersonalExpense",
  ],
  Income: [
    "SalesOfProductIncome",
    "ServiceFeeIncome",
    "DiscountsRefundsGiven",
    "OtherPrimaryIncome",
    "NonProfitIncome",
    "UnappliedCashPaymentIncome",
  ],
  "Cost of Goods Sold": [
    "SuppliesMaterialsCogs",
    "CostOfLaborCos",
    "EquipmentRentalCos",
    "OtherCostsOfServiceCos",
    "ShippingFreightDeliveryCos",
  ],
  Expense: [
    "OtherBusinessExpenses",
    "AdvertisingPromotional",
    "Auto",
    "BadDebts",
    "BankCharges",
    "CharitableContributions",
    "Communications",
    "CostOfLabor",
    "DuesSubscriptions",
    "Entertainment",
    "EntertainmentMeals",
    "EquipmentRental",
    "Insurance",
    "InterestPaid",
    "LegalProfessionalFees",
    "OfficeGeneralAdministrativeExpenses",
    "OtherMiscellaneousServiceCost",
    "PayrollExpenses",
    "PromotionalMeals",
    "RentOrLeaseOfBuildings",
    "RepairMaintenance",
    "ShippingFreightDelivery",
    "SuppliesMaterials",
    "TaxesPaid",
    "Travel",
    "TravelMeals",
    "UnappliedCashBillPaymentExpense",
    "Utilities",
  ],
  "Other Income": [
    "OtherMiscellaneousIncome",
    "InterestEarned",
    "DividendIncome",
    "OtherInvestmentIncome",
    "TaxExemptInterest",
  ],
  "Other Expense": [
    "OtherMiscellaneousExpense",
    "Depreciation",
    "Amortization",
    "ExchangeGainOrLoss",
    "PenaltiesSettlements",
    "Vehicle",
  ],
};

const TYPE_OF_SUBTYPE = new Map<string, string>();
for (const [type, subs] of Object.entries(SUBTYPES)) for (const s of subs) TYPE_OF_SUBTYPE.set(s, type);

function fullyQualified(
  parent: QboObject | undefined,
  name: string,
): { FullyQualifiedName: string; level: number } {
  if (!parent) return { FullyQualifiedName: name, level: 0 };
  return {
    FullyQualifiedName: `${parent.FullyQualifiedName ?? parent.Name}:${name}`,
    level: Number(parent.Level ?? 0) + 1,
  };
}

function checkUnique(ctx: Ctx, entity: string, key: string | undefined, prev: QboObject | undefined): void {
  if (!key) return;
  const holder = ctx.company.holderOf(key);
  if (holder && holder !== `${entity}:${prev?.Id}`) throw fault.duplicateName(holder.split(":")[1] ?? "");
}

function requireName(draft: Draft): string {
  const name = nonEmpty(requireField(draft, "Name"));
  if (!name) throw fault.requiredParam("Name");
  if (name.includes(":") || name.includes('"')) {
    throw fault.businessValidation('Names cannot contain a colon (:) or a double quote (").', "Name");
  }
  draft.Name = name;
  return name;
}

function activeByDefault(draft: Draft): void {
  checkBoolean(draft, "Active");
  if (draft.Active === undefined || draft.Active === null) draft.Active = true;
}

/** Resolves ParentRef for the sub-entity pattern (SubAccount, SubItem, SubClass, SubDepartment). */
function subEntity(ctx: Ctx, entity: string, draft: Draft, prev: QboObject | undefined, flag: string) {
  checkBoolean(draft, flag);
  const hasParent = draft.ParentRef !== undefined && draft.ParentRef !== null;
  if (draft[flag] === true && !hasParent) throw fault.requiredParam("ParentRef");
  const parent = resolveRef(ctx, draft, "ParentRef", [entity]);
  if (parent && parent.Id === prev?.Id)
    throw fault.businessValidation(`A ${entity.toLowerCase()} cannot be its own parent.`);
  draft[flag] = parent !== undefined;
  const { FullyQualifiedName, level } = fullyQualified(parent, String(draft.Name));
  if (level > 4) throw fault.businessValidation("Lists can only be nested 5 levels deep.");
  draft.FullyQualifiedName = FullyQualifiedName;
  return { parent, level };
}

/** An inactive account or item shows as `Name (deleted)`; see markInactiveName. */
function markInactive(ctx: Ctx, entity: string, prefix: string, draft: Draft, prev: QboObject | undefined) {
  const parentId = refId(draft.ParentRef);
  const parent = parentId ? ctx.company.get(entity, parentId) : undefined;
  const path = parent ? `${parent.FullyQualifiedName ?? parent.Name}:` : "";
  markInactiveName(draft, "Name", (candidate) => {
    const holder = ctx.company.holderOf(lowerKey(prefix, path + candidate) ?? "");
    return holder !== undefined && holder !== `${entity}:${prev?.Id}`;
  });
}

/** Account numbers: at most 7 characters in US, UK and Indian companies, 20 elsewhere (Intuit account reference). */
function checkAccountNumber(ctx: Ctx, draft: Draft): void {
  const number = draft.AcctNum;
  if (number === undefined || number === null || number === "") return;
  const text = str(number);
  if (text === undefined) throw fault.invalidProperty("AcctNum must be a string", "AcctNum");
  if (text.includes(":"))
    throw fault.businessValidation("Account numbers cannot contain a colon (:).", "AcctNum");
  const max = ["US", "GB", "UK", "IN"].includes(companyCountry(ctx)) ? 7 : 20;
  if (text.length > max) {
    throw fault.businessValidation(
      `The account number is too long. It can have up to ${max} characters.`,
      "AcctNum",
    );
  }
  draft.AcctNum = text;
}

const fqnKey = (prefix: string) => (obj: QboObject) => {
  const key = lowerKey(prefix, obj.FullyQualifiedName ?? obj.Name);
  return key ? [key] : [];
};

export const Account: EntitySpec = {
  name: "Account",
  kind: "list",
  sequence: "Account",
  cdc: true,
  deletable: false,
  voidable: false,
  sparseIgnored: true,
  readOnly: ["FullyQualifiedName", "Classification", "CurrentBalance", "CurrentBalanceWithSubAccounts"],
  normalize(ctx, draft, prev) {
    requireName(draft);
    activeByDefault(draft);
    markInactive(ctx, "Account", "account", draft, prev);
    const name = String(draft.Name);
    let type = checkEnum(draft.AccountType, ACCOUNT_TYPES, "AccountType");
    const subtype = str(draft.AccountSubType);
    if (subtype !== undefined) {
      const known = TYPE_OF_SUBTYPE.get(subtype);
      if (!known && !type) throw fault.invalidEnumeration(subtype, "AccountSubType");
      if (known && type && known !== type) throw fault.invalidEnumeration(subtype, "AccountSubType");
      type ??= known;
    }
    if (!type) throw fault.requiredParam("AccountType");
    draft.AccountType = type;
    draft.AccountSubType = subtype ?? SUBTYPES[type]?.[0];
    draft.Classification = CLASSIFICATION[type];
    if (draft.Classification === undefined) delete draft.Classification;
    checkAccountNumber(ctx, draft);
    const { parent } = subEntity(ctx, "Account", draft, prev, "SubAccount");
    if (parent && parent.AccountType !== type) throw fault.invalidAccountType("ParentRef");
    checkUnique(ctx, "Account", lowerKey("account", draft.FullyQualifiedName ?? name), prev);
    draft.CurrentBalance = prev?.CurrentBalance ?? 0;
    draft.CurrentBalanceWithSubAccounts = prev?.CurrentBalanceWithSubAccounts ?? 0;
    defaultCurrency(ctx, draft);
  },
  keys: fqnKey("account"),
};

const ITEM_TYPES_CREATABLE = ["Inventory", "NonInventory", "Service", "Category"];
const ITEM_TYPES_SCHEMA = [
  "Assembly",
  "Category",
  "Fixed Asset",
  "Group",
  "Inventory",
  "NonInventory",
  "Other Charge",
  "Payment",
  "Service",
  "Subtotal",
  "Discount",
  "Tax",
  "Tax Group",
  "Bundle",
];

const TRACK_QTY_OFF =
  "When you create an item, if Track quantity on hand is turned off, the item cannot be of type Inventory.";

function accountOfType(ctx: Ctx, draft: Draft, field: string, types: readonly string[], required: boolean) {
  const account = resolveRef(ctx, draft, field, ["Account"], { required });
  if (account && !types.includes(String(account.AccountType))) throw fault.invalidAccountType(field);
  return account;
}

export const Item: EntitySpec = {
  name: "Item",
  kind: "list",
  sequence: "Item",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: ["FullyQualifiedName", "Level"],
  normalize(ctx, draft, prev) {
    requireName(draft);
    activeByDefault(draft);
    markInactive(ctx, "Item", "item", draft, prev);
    const type = checkEnum(draft.Type ?? "NonInventory", ITEM_TYPES_SCHEMA, "Type") as string;
    if (!ITEM_TYPES_CREATABLE.includes(type)) {
      throw fault.businessValidation(
        `Items of type ${type} cannot be created or changed through the API.`,
        "Type",
      );
    }
    draft.Type = type;
    const categories = companyFlag(ctx, "ItemCategoriesFeature");
    // Without the categories feature QuickBooks refuses category items outright (minimul/qbo_api #41,
    // QuickBooks-V3-PHP-SDK #534: "Operation CREATE CATEGORY is not supported.").
    if (type === "Category" && !categories) throw fault.unsupportedOperation("CREATE CATEGORY");
    if (prev?.Type === "Inventory" && type !== "Inventory") {
      throw fault.businessValidation("You can't change the type of an inventory item.", "Type");
    }
    for (const f of ["UnitPrice", "PurchaseCost", "QtyOnHand", "ReorderPoint"]) numberField(draft, f);
    for (const f of ["Taxable", "TrackQtyOnHand", "SalesTaxIncluded", "PurchaseTaxIncluded"])
      checkBoolean(draft, f);
    if (prev?.TrackQtyOnHand === true && draft.TrackQtyOnHand === false) {
      throw fault.businessValidation(
        "Once quantity on hand is tracked for an item, it cannot be turned off.",
      );
    }
    const { parent, level } = subEntity(ctx, "Item", draft, prev, "SubItem");
    // With categories on, items sit in categories and "cannot have children" (Intuit item reference):
    // a parent must be a category.
    if (parent && categories && parent.Type !== "Category") {
      throw fault.businessValidation(
        "Sub-items are not available when the company uses categories. Choose a category as the parent.",
        "ParentRef",
      );
    }
    draft.Level = level;
    checkUnique(ctx, "Item", lowerKey("item", draft.FullyQualifiedName), prev);
    if (type === "Inventory") {
      if (draft.TrackQtyOnHand !== true || pref(ctx, "ProductAndServicesPrefs", "QuantityOnHand") === false) {
        throw fault.businessValidation(TRACK_QTY_OFF);
      }
      requireField(draft, "QtyOnHand");
      requireField(draft, "InvStartDate");
      accountOfType(ctx, draft, "IncomeAccountRef", ["Income", "Other Income"], true);
      accountOfType(ctx, draft, "ExpenseAccountRef", ["Cost of Goods Sold"], true);
      accountOfType(ctx, draft, "AssetAccountRef", ["Other Current Asset"], true);
    } else if (type !== "Category") {
      draft.TrackQtyOnHand = false;
      accountOfType(ctx, draft, "IncomeAccountRef", ["Income", "Other Income"], type === "Service");
      accountOfType(
        ctx,
        draft,
        "ExpenseAccountRef",
        ["Cost of Goods Sold", "Expense", "Other Expense"],
        false,
      );
      accountOfType(ctx, draft, "AssetAccountRef", ["Other Current Asset"], false);
    }
    resolveRef(ctx, draft, "SalesTaxCodeRef", ["TaxCode"]);
    resolveRef(ctx, draft, "PurchaseTaxCodeRef", ["TaxCode"]);
    resolveRef(ctx, draft, "PrefVendorRef", ["Vendor"]);
    if (type !== "Category") {
      if (draft.UnitPrice === undefined) draft.UnitPrice = 0;
      if (draft.PurchaseCost === undefined) draft.PurchaseCost = 0;
      if (draft.Taxable === undefined) draft.Taxable = false;
    }
  },
  keys: fqnKey("item"),
};

const TERM_TYPES = ["DateDriven", "Standard"];

export const Term: EntitySpec = {
  name: "Term",
  kind: "list",
  sequence: "Term",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: [],
  normalize(ctx, draft, prev) {
    const name = requireName(draft);
    activeByDefault(draft);
    checkUnique(ctx, "Term", lowerKey("term", name), prev);
    draft.Type = checkEnum(draft.Type ?? "Standard", TERM_TYPES, "Type");
    for (const f of [
      "DueDays",
      "DiscountDays",
      "DiscountPercent",
      "DayOfMonthDue",
      "DueNextMonthDays",
      "DiscountDayOfMonth",
    ]) {
      numberField(draft, f);
    }
    if (draft.Type === "Standard" && draft.DueDays === undefined) draft.DueDays = 0;
  },
  keys: (obj) => {
    const key = lowerKey("term", obj.Name);
    return key ? [key] : [];
  },
};

function simpleList(name: string, flag: string): EntitySpec {
  const prefix = name.toLowerCase();
  return {
    name,
    kind: "list",
    sequence: name,
    cdc: true,
    deletable: false,
    voidable: false,
    readOnly: ["FullyQualifiedName"],
    normalize(ctx, draft, prev) {
      requireName(draft);
      activeByDefault(draft);
      subEntity(ctx, name, draft, prev, flag);
      checkUnique(ctx, name, lowerKey(prefix, draft.FullyQualifiedName), prev);
    },
    keys: fqnKey(prefix),
  };
}

export const Class = simpleList("Class", "SubClass");
export const Department = simpleList("Department", "SubDepartment");

function readOnlyList(name: string, cdc: boolean): EntitySpec {
  const prefix = name.toLowerCase();
  return {
    name,
    kind: "readonly",
    sequence: name,
    cdc,
    deletable: false,
    voidable: false,
    readOnly: [],
    normalize() {
      throw fault.unsupportedOperation("Create");
    },
    keys: (obj) => {
      const key = lowerKey(prefix, obj.Name);
      return key ? [key] : [];
    },
  };
}

/** Tax codes and rates are created through the tax service (../http/tax-service.ts), not the data API. */
export const TaxCode = readOnlyList("TaxCode", false);
export const TaxRate = readOnlyList("TaxRate", false);

const PAYMENT_METHOD_TYPES = ["CREDIT_CARD", "NON_CREDIT_CARD"];

/** How a customer paid (Cash, Check, Visa…), referenced by payments and sales receipts. */
export const PaymentMethod: EntitySpec = {
  name: "PaymentMethod",
  kind: "list",
  sequence: "PaymentMethod",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: [],
  normalize(ctx, draft, prev) {
    const name = requireName(draft);
    activeByDefault(draft);
    checkUnique(ctx, "PaymentMethod", lowerKey("paymentmethod", name), prev);
    draft.Type = checkEnum(draft.Type ?? "NON_CREDIT_CARD", PAYMENT_METHOD_TYPES, "Type");
  },
  keys: (obj) => {
    const key = lowerKey("paymentmethod", obj.Name);
    return key ? [key] : [];
  },
};

/** The agency a sales tax is paid to; tax rates created through the tax service name one. */
export const TaxAgency: EntitySpec = {
  name: "TaxAgency",
  kind: "list",
  sequence: "TaxAgency",
  cdc: false,
  deletable: false,
  voidable: false,
  readOnly: [],
  normalize(ctx, draft, prev) {
    const name = nonEmpty(draft.DisplayName);
    if (!name) throw fault.requiredParam("DisplayName");
    draft.DisplayName = name;
    checkUnique(ctx, "TaxAgency", lowerKey("taxagency", name), prev);
    for (const f of ["TaxTrackedOnSales", "TaxTrackedOnPurchases"]) checkBoolean(draft, f);
    if (draft.TaxTrackedOnSales === undefined) draft.TaxTrackedOnSales = true;
    if (draft.TaxTrackedOnPurchases === undefined) draft.TaxTrackedOnPurchases = false;
  },
  keys: (obj) => {
    const key = lowerKey("taxagency", obj.DisplayName);
    return key ? [key] : [];
  },
};

export const CompanyInfo: EntitySpec = {
  name: "CompanyInfo",
  kind: "singleton",
  sequence: "CompanyInfo",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: ["Country", "SupportedLanguages", "CompanyStartDate"],
  normalize(_ctx, draft, prev) {
    if (!nonEmpty(draft.CompanyName)) throw fault.requiredParam("CompanyName");
    for (const f of ["Country", "SupportedLanguages", "CompanyStartDate"]) {
      if (prev && prev[f] !== undefined) draft[f] = prev[f];
    }
  },
};

export const Preferences: EntitySpec = {
  name: "Preferences",
  kind: "singleton",
  sequence: "Preferences",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: [],
  normalize(_ctx, draft, prev) {
    for (const [group, value] of Object.entries(draft)) {
      if (value !== undefined && value !== null && !isObject(value)) {
        throw fault.invalidProperty(`${group} must be an object`, group);
      }
    }
    // The book close date is set in QuickBooks' own screens (here: the control API), never by an app.
    const prevAccounting = isObject(prev?.AccountingInfoPrefs) ? prev.AccountingInfoPrefs : {};
    const accounting = isObject(draft.AccountingInfoPrefs) ? { ...draft.AccountingInfoPrefs } : {};
    delete accounting.BookCloseDate;
    if (prevAccounting.BookCloseDate !== undefined) accounting.BookCloseDate = prevAccounting.BookCloseDate;
    draft.AccountingInfoPrefs = accounting;
  },
};
