// The demo company's chart of accounts, payment terms and sales tax codes. Account external ids are the
// account numbers, as most small-business systems key them.
import type { AccountType } from "#domain/account.ts";
import type { RecordInput } from "#domain/collections.ts";
import type { DemoRecord } from "./types.ts";

type AccountRow = readonly [
  number: string,
  name: string,
  type: AccountType,
  subType: string,
  description?: string,
];

const CHART: readonly AccountRow[] = [
  ["1000", "Checking - Rock River Bank", "bank", "Checking", "Operating account"],
  ["1010", "Savings - Rock River Bank", "bank", "Savings"],
  ["1050", "Petty Cash", "bank", "CashOnHand"],
  ["1100", "Accounts Receivable", "accounts_receivable", "AccountsReceivable"],
  ["1200", "Inventory - Raw Materials", "other_current_asset", "Inventory", "Bar stock and plate"],
  ["1210", "Inventory - Finished Goods", "other_current_asset", "Inventory", "Fasteners and machined parts"],
  ["1250", "Undeposited Funds", "other_current_asset", "UndepositedFunds"],
  ["1300", "Prepaid Expenses", "other_current_asset", "PrepaidExpenses"],
  ["1500", "Machinery & Equipment", "fixed_asset", "MachineryAndEquipment", "CNC mills, lathes, saws"],
  ["1510", "Accumulated Depreciation", "fixed_asset", "AccumulatedDepreciation"],
  ["1520", "Vehicles", "fixed_asset", "Vehicles"],
  ["1530", "Leasehold Improvements", "fixed_asset", "LeaseholdImprovements"],
  ["2000", "Accounts Payable", "accounts_payable", "AccountsPayable"],
  ["2100", "Business Card - Rock River Bank", "credit_card", "CreditCard"],
  ["2200", "Accrued Payroll", "other_current_liability", "PayrollClearing"],
  ["2210", "Sales Tax Payable", "other_current_liability", "SalesTaxPayable"],
  ["2300", "Customer Deposits", "other_current_liability", "OtherCurrentLiabilities"],
  ["2500", "Equipment Loan", "long_term_liability", "NotesPayable", "Note on the 5-axis mill"],
  ["3000", "Common Stock", "equity", "CommonStock"],
  ["3100", "Retained Earnings", "equity", "RetainedEarnings"],
  ["4000", "Sales - Fasteners", "income", "SalesOfProductIncome"],
  ["4010", "Sales - Machined Parts", "income", "SalesOfProductIncome"],
  ["4020", "Machining Services", "income", "ServiceFeeIncome"],
  ["4100", "Freight & Delivery Income", "income", "OtherPrimaryIncome"],
  ["4200", "Sales Discounts", "income", "DiscountsRefundsGiven"],
  ["5000", "Cost of Goods Sold - Fasteners", "cost_of_goods_sold", "SuppliesMaterialsCogs"],
  ["5010", "Cost of Goods Sold - Machined Parts", "cost_of_goods_sold", "SuppliesMaterialsCogs"],
  ["5100", "Raw Materials", "cost_of_goods_sold", "SuppliesMaterialsCogs", "Bar, plate and tube"],
  [
    "5200",
    "Outside Processing",
    "cost_of_goods_sold",
    "OtherCostsOfServiceCos",
    "Heat treat, plating, grinding",
  ],
  ["5300", "Freight In & Packaging", "cost_of_goods_sold", "ShippingFreightDeliveryCos"],
  ["6000", "Rent", "expense", "RentOrLeaseOfBuildings"],
  ["6010", "Utilities", "expense", "Utilities"],
  ["6020", "Telephone & Internet", "expense", "Utilities"],
  ["6100", "Wages - Shop", "expense", "PayrollExpenses"],
  ["6110", "Wages - Office", "expense", "PayrollExpenses"],
  ["6120", "Payroll Taxes", "expense", "PayrollExpenses"],
  ["6200", "Insurance", "expense", "Insurance"],
  ["6300", "Repairs & Maintenance", "expense", "RepairMaintenance"],
  ["6310", "Shop Supplies", "expense", "SuppliesMaterials"],
  ["6320", "Tooling & Cutting Tools", "expense", "SuppliesMaterials"],
  ["6400", "Office Supplies", "expense", "OfficeGeneralAdministrativeExpenses"],
  ["6500", "Professional Fees", "expense", "LegalProfessionalFees"],
  ["6600", "Vehicle Expense", "expense", "Auto"],
  ["6700", "Depreciation Expense", "expense", "OtherMiscellaneousServiceCost"],
  ["6800", "Bank Charges", "expense", "BankCharges"],
  ["6850", "Bad Debt Expense", "expense", "BadDebts"],
  ["6900", "Advertising", "expense", "AdvertisingPromotional"],
  ["7000", "Interest Income", "other_income", "InterestEarned"],
  ["8000", "Interest Expense", "other_expense", "OtherMiscellaneousExpense"],
];

export function buildAccounts(): DemoRecord<"accounts">[] {
  return CHART.map(([number, name, type, subType, description]) => {
    const data: RecordInput<"accounts"> = { number, name, type, subType };
    if (description) data.description = description;
    return { externalId: number, data };
  });
}

export interface DemoTerm {
  externalId: string;
  name: string;
  dueDays?: number;
  dayOfMonthDue?: number;
  dueNextMonthDays?: number;
  discountPercent?: string;
  discountDays?: number;
}

export const TERMS: readonly DemoTerm[] = [
  { externalId: "net-30", name: "Net 30", dueDays: 30 },
  { externalId: "net-15", name: "Net 15", dueDays: 15 },
  { externalId: "net-45", name: "Net 45", dueDays: 45 },
  { externalId: "net-60", name: "Net 60", dueDays: 60 },
  { externalId: "due-on-receipt", name: "Due on receipt", dueDays: 0 },
  { externalId: "2-10-net-30", name: "2% 10 Net 30", dueDays: 30, discountPercent: "2", discountDays: 10 },
  { externalId: "1-10-net-30", name: "1% 10 Net 30", dueDays: 30, discountPercent: "1", discountDays: 10 },
  { externalId: "10th-prox", name: "10th Prox", dayOfMonthDue: 10, dueNextMonthDays: 0 },
];

export function buildTerms(): DemoRecord<"terms">[] {
  return TERMS.map(({ externalId, ...data }) => ({ externalId, data }));
}

export interface DemoTaxCode {
  externalId: string;
  name: string;
  description: string;
  /** Basis points: 625 is 6.25 %. Absent for exempt codes. */
  basisPoints?: number;
}

export const TAX_CODES: readonly DemoTaxCode[] = [
  {
    externalId: "IL",
    name: "Illinois Sales Tax",
    description: "Illinois state sales tax 6.25%",
    basisPoints: 625,
  },
  {
    externalId: "WI",
    name: "Wisconsin Sales Tax",
    description: "Wisconsin state sales tax 5%",
    basisPoints: 500,
  },
  { externalId: "RESALE", name: "Exempt - Resale", description: "Resale certificate on file" },
  {
    externalId: "MFG",
    name: "Exempt - Manufacturing",
    description: "Manufacturing machinery and equipment exemption",
  },
  { externalId: "NON", name: "Out of State", description: "Shipped out of state; no sales tax collected" },
];

export function buildTaxCodes(): DemoRecord<"tax-codes">[] {
  return TAX_CODES.map(({ externalId, name, description, basisPoints }) => {
    const data: RecordInput<"tax-codes"> = { name, description, taxable: basisPoints !== undefined };
    if (basisPoints !== undefined) data.rate = (basisPoints / 100).toString();
    return { externalId, data };
  });
}
