// `GET /reports/{name}`: TrialBalance, ProfitAndLoss, BalanceSheet, AgedReceivables and AgedPayables,
// computed from the ledger (./ledger.ts) and the open documents, in Intuit's report JSON shape
// (Report.xsd: Header, Columns, Rows of Section rows with Header/Rows/Summary and Data rows of ColData;
// amounts as strings with two decimals). Query parameters as Intuit names them: start_date, end_date,
// accounting_method (Accrual | Cash, default the company's ReportPrefs.ReportBasis), report_date for the
// aging reports.
import { isObject, str } from "../entities/spec.ts";
import { fault } from "../faults.ts";
import { cents, dec } from "../money.ts";
import type { Company, QboObject } from "../store/company.ts";
import { formatDay, formatResponseTime, isDay } from "../time.ts";
import { type Basis, postings, sumByAccount } from "./ledger.ts";

type ColData = { value: string; id?: string };
type Row =
  | { ColData: ColData[]; type: "Data" }
  | {
      Header?: { ColData: ColData[] };
      Rows?: { Row: Row[] };
      Summary: { ColData: ColData[] };
      type: "Section";
      group?: string;
    };

export interface Report {
  Header: Record<string, unknown>;
  Columns: { Column: { ColTitle: string; ColType: string }[] };
  Rows: { Row: Row[] };
}

const money = (n: number) => cents(n).toFixed(2);
const blank = (n: number) => (cents(n) === 0 ? "" : money(n));

const P_AND_L_TYPES = ["Income", "Cost of Goods Sold", "Expense", "Other Income", "Other Expense"];
const CREDIT_NATURE = new Set([
  "Income",
  "Other Income",
  "Accounts Payable",
  "Credit Card",
  "Other Current Liability",
  "Long Term Liability",
  "Equity",
]);

interface Params {
  start: string;
  end: string;
  basis: Basis;
}

function param(query: Record<string, string | undefined>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === "") return undefined;
  if (!isDay(value)) throw fault.invalidProperty(`${name}: ${value} is not a date (YYYY-MM-DD)`, name);
  return value;
}

function params(company: Company, now: number, query: Record<string, string | undefined>): Params {
  const end = param(query, "end_date") ?? formatDay(now);
  const start = param(query, "start_date") ?? `${end.slice(0, 4)}-01-01`;
  const method = query.accounting_method;
  const prefs = company.get("Preferences", "1")?.ReportPrefs;
  const fallback = isObject(prefs) && prefs.ReportBasis === "Cash" ? "Cash" : "Accrual";
  if (method !== undefined && method !== "Accrual" && method !== "Cash") {
    throw fault.invalidEnumeration(method, "accounting_method");
  }
  return { start, end, basis: (method as Basis | undefined) ?? fallback };
}

function currency(company: Company): string {
  const prefs = company.get("Preferences", "1")?.CurrencyPrefs;
  const home = isObject(prefs) && isObject(prefs.HomeCurrency) ? str(prefs.HomeCurrency.value) : undefined;
  return home ?? "USD";
}

function header(company: Company, now: number, name: string, p: Partial<Params>, empty: boolean) {
  return {
    Time: formatResponseTime(now),
    ReportName: name,
    ...(p.basis ? { ReportBasis: p.basis } : {}),
    ...(p.start ? { StartPeriod: p.start } : {}),
    ...(p.end ? { EndPeriod: p.end } : {}),
    Currency: currency(company),
    Option: [{ Name: "NoReportData", Value: String(empty) }],
  };
}

function accountCell(a: QboObject): ColData {
  return { value: String(a.FullyQualifiedName ?? a.Name), id: a.Id };
}

function accounts(company: Company): QboObject[] {
  return company
    .all("Account")
    .sort((a, b) => String(a.FullyQualifiedName).localeCompare(String(b.FullyQualifiedName)));
}

/** A section of account rows with its total, or nothing when no account in it has an amount. */
function section(
  title: string,
  group: string,
  rows: { account: QboObject; amount: number }[],
  extra: Row[] = [],
): { row?: Row; total: number } {
  const data: Row[] = rows
    .filter((r) => cents(r.amount) !== 0)
    .map((r) => ({ ColData: [accountCell(r.account), { value: money(r.amount) }], type: "Data" as const }));
  data.push(...extra);
  const total = cents(rows.reduce((t, r) => t.plus(r.amount), dec(0)).plus(extraTotal(extra)));
  if (data.length === 0) return { total: 0 };
  return {
    row: {
      Header: { ColData: [{ value: title }, { value: "" }] },
      Rows: { Row: data },
      Summary: { ColData: [{ value: `Total ${title}` }, { value: money(total) }] },
      type: "Section",
      group,
    },
    total,
  };
}

function extraTotal(rows: Row[]): number {
  let t = dec(0);
  for (const r of rows) if ("ColData" in r) t = t.plus(Number(r.ColData[1]?.value ?? 0) || 0);
  return t.toNumber();
}

function summaryRow(label: string, group: string, amount: number): Row {
  return { Summary: { ColData: [{ value: label }, { value: money(amount) }] }, type: "Section", group };
}

/** Amount in the account's natural sign: credits positive for income, liabilities and equity. */
function natural(account: QboObject, debit: number): number {
  return CREDIT_NATURE.has(String(account.AccountType)) ? -debit : debit;
}

function byType(company: Company, sums: Map<string, number>, type: string) {
  return accounts(company)
    .filter((a) => a.AccountType === type && sums.has(a.Id))
    .map((a) => ({ account: a, amount: natural(a, sums.get(a.Id) ?? 0) }));
}

function isPandL(a: QboObject | undefined): boolean {
  return P_AND_L_TYPES.includes(String(a?.AccountType));
}

function trialBalance(company: Company, now: number, p: Params): Report {
  // Balance-sheet accounts as of the end date; income and expense for the period, with everything
  // earned before it carried in Retained Earnings, as QuickBooks' trial balance shows.
  const all = sumByAccount(postings(company, p.basis, undefined, p.end));
  const period = sumByAccount(postings(company, p.basis, p.start, p.end));
  const rows: Row[] = [];
  let debit = dec(0);
  let credit = dec(0);
  let prior = dec(0);
  const retained = accounts(company).find((a) => a.AccountSubType === "RetainedEarnings");
  for (const a of accounts(company)) {
    const pl = isPandL(a);
    let amount = (pl ? period.get(a.Id) : all.get(a.Id)) ?? 0;
    if (pl) prior = prior.plus((all.get(a.Id) ?? 0) - (period.get(a.Id) ?? 0));
    if (retained && a.Id === retained.Id) amount = cents(dec(amount).plus(priorOf(company, all, period)));
    if (cents(amount) === 0) continue;
    if (amount > 0) debit = debit.plus(amount);
    else credit = credit.minus(amount);
    rows.push({
      ColData: [
        accountCell(a),
        { value: amount > 0 ? money(amount) : "" },
        { value: amount < 0 ? money(-amount) : "" },
      ],
      type: "Data",
    });
  }
  if (!retained && cents(prior) !== 0) {
    const amount = cents(prior);
    if (amount > 0) debit = debit.plus(amount);
    else credit = credit.minus(amount);
    rows.push({
      ColData: [
        { value: "Retained Earnings" },
        { value: amount > 0 ? money(amount) : "" },
        { value: amount < 0 ? money(-amount) : "" },
      ],
      type: "Data",
    });
  }
  rows.push({
    Summary: {
      ColData: [{ value: "TOTAL" }, { value: money(debit.toNumber()) }, { value: money(credit.toNumber()) }],
    },
    type: "Section",
    group: "GrandTotal",
  });
  return {
    Header: header(company, now, "TrialBalance", p, rows.length === 1),
    Columns: {
      Column: [
        { ColTitle: "", ColType: "Account" },
        { ColTitle: "Debit", ColType: "Money" },
        { ColTitle: "Credit", ColType: "Money" },
      ],
    },
    Rows: { Row: rows },
  };
}

/** Income and expense posted before the period: what Retained Earnings carries into it (debits positive). */
function priorOf(company: Company, all: Map<string, number>, period: Map<string, number>): number {
  let prior = dec(0);
  for (const a of company.all("Account")) {
    if (isPandL(a)) prior = prior.plus((all.get(a.Id) ?? 0) - (period.get(a.Id) ?? 0));
  }
  return prior.toNumber();
}

/** Net income of a set of sums: income less expenses, positive for a profit. */
function netIncome(company: Company, sums: Map<string, number>): number {
  let total = dec(0);
  for (const a of company.all("Account")) if (isPandL(a)) total = total.minus(sums.get(a.Id) ?? 0);
  return cents(total);
}

function profitAndLoss(company: Company, now: number, p: Params): Report {
  const sums = sumByAccount(postings(company, p.basis, p.start, p.end));
  const income = section("Income", "Income", byType(company, sums, "Income"));
  const cogs = section("Cost of Goods Sold", "COGS", byType(company, sums, "Cost of Goods Sold"));
  const gross = cents(income.total - cogs.total);
  const expenses = section("Expenses", "Expenses", byType(company, sums, "Expense"));
  const operating = cents(gross - expenses.total);
  const otherIncome = section("Other Income", "OtherIncome", byType(company, sums, "Other Income"));
  const otherExpense = section("Other Expenses", "OtherExpenses", byType(company, sums, "Other Expense"));
  const other = cents(otherIncome.total - otherExpense.total);
  const rows: Row[] = [
    ...(income.row ? [income.row] : []),
    ...(cogs.row ? [cogs.row] : []),
    summaryRow("Gross Profit", "GrossProfit", gross),
    ...(expenses.row ? [expenses.row] : []),
    summaryRow("Net Operating Income", "NetOperatingIncome", operating),
    ...(otherIncome.row ? [otherIncome.row] : []),
    ...(otherExpense.row ? [otherExpense.row] : []),
    summaryRow("Net Other Income", "NetOtherIncome", other),
    summaryRow("Net Income", "NetIncome", cents(operating + other)),
  ];
  const empty = ![income, cogs, expenses, otherIncome, otherExpense].some((s) => s.row);
  return {
    Header: header(company, now, "ProfitAndLoss", p, empty),
    Columns: {
      Column: [
        { ColTitle: "", ColType: "Account" },
        { ColTitle: "Total", ColType: "Money" },
      ],
    },
    Rows: { Row: rows },
  };
}

const ASSET_SECTIONS: [string, string][] = [
  ["Bank", "Bank Accounts"],
  ["Accounts Receivable", "Accounts Receivable"],
  ["Other Current Asset", "Other Current Assets"],
  ["Fixed Asset", "Fixed Assets"],
  ["Other Asset", "Other Assets"],
];
const LIABILITY_SECTIONS: [string, string][] = [
  ["Accounts Payable", "Accounts Payable"],
  ["Credit Card", "Credit Cards"],
  ["Other Current Liability", "Other Current Liabilities"],
  ["Long Term Liability", "Long-Term Liabilities"],
];

function balanceSheet(company: Company, now: number, p: Params): Report {
  const all = sumByAccount(postings(company, p.basis, undefined, p.end));
  const period = sumByAccount(postings(company, p.basis, p.start, p.end));
  const group = (title: string, groupName: string, parts: [string, string][]) => {
    const subs = parts.map(([type, label]) =>
      section(label, type.replace(/\W/g, ""), byType(company, all, type)),
    );
    const rows = subs.flatMap((s) => (s.row ? [s.row] : []));
    const total = cents(subs.reduce((t, s) => t + s.total, 0));
    return { rows, total, title, groupName };
  };
  const assets = group("Assets", "TotalAssets", ASSET_SECTIONS);
  const liabilities = group("Liabilities", "Liabilities", LIABILITY_SECTIONS);
  // Equity: the equity accounts, earnings before the period in Retained Earnings, the period's Net Income.
  const retained = -priorOf(company, all, period);
  const net = netIncome(company, period);
  const equity = section("Equity", "Equity", byType(company, all, "Equity"), [
    { ColData: [{ value: "Retained Earnings" }, { value: money(retained) }], type: "Data" },
    { ColData: [{ value: "Net Income" }, { value: money(net) }], type: "Data" },
  ]);
  const wrap = (title: string, groupName: string, rows: Row[], total: number): Row => ({
    Header: { ColData: [{ value: title }, { value: "" }] },
    Rows: { Row: rows },
    Summary: { ColData: [{ value: `Total ${title}` }, { value: money(total) }] },
    type: "Section",
    group: groupName,
  });
  const liabilitiesRow = wrap("Liabilities", "Liabilities", liabilities.rows, liabilities.total);
  const rows: Row[] = [
    wrap("ASSETS", "TotalAssets", assets.rows, assets.total),
    wrap(
      "LIABILITIES AND EQUITY",
      "TotalLiabilitiesAndEquity",
      [liabilitiesRow, ...(equity.row ? [equity.row] : [])],
      cents(liabilities.total + equity.total),
    ),
  ];
  return {
    Header: header(company, now, "BalanceSheet", p, all.size === 0),
    Columns: {
      Column: [
        { ColTitle: "", ColType: "Account" },
        { ColTitle: "Total", ColType: "Money" },
      ],
    },
    Rows: { Row: rows },
  };
}

const AGING_COLUMNS = ["Current", "1 - 30", "31 - 60", "61 - 90", "91 and over"];

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function bucket(due: string, asOf: string): number {
  const late = daysBetween(due, asOf);
  if (late <= 0) return 0;
  if (late <= 30) return 1;
  if (late <= 60) return 2;
  if (late <= 90) return 3;
  return 4;
}

/**
 * Open amounts per customer (vendor) by days past due as of the report date: open invoices (bills) by
 * DueDate; open credits (credit memos, unapplied payments; vendor credits) as negative current amounts.
 */
function aging(
  company: Company,
  now: number,
  query: Record<string, string | undefined>,
  receivable: boolean,
): Report {
  const asOf = param(query, "report_date") ?? formatDay(now);
  const nameEntity = receivable ? "Customer" : "Vendor";
  const nameRef = receivable ? "CustomerRef" : "VendorRef";
  const docs: [string, string, number][] = receivable
    ? [
        ["Invoice", "Balance", 1],
        ["CreditMemo", "RemainingCredit", -1],
        ["Payment", "UnappliedAmt", -1],
      ]
    : [
        ["Bill", "Balance", 1],
        ["VendorCredit", "Balance", -1],
      ];
  const byName = new Map<string, number[]>();
  for (const [entity, field, sign] of docs) {
    for (const doc of company.all(entity)) {
      const open = Number(doc[field] ?? 0) || 0;
      const date = String(doc.TxnDate ?? "");
      if (open === 0 || date > asOf) continue;
      const name = isObject(doc[nameRef]) ? String((doc[nameRef] as Record<string, unknown>).value) : "";
      const buckets = byName.get(name) ?? [0, 0, 0, 0, 0];
      const i = sign > 0 ? bucket(String(doc.DueDate ?? date), asOf) : 0;
      buckets[i] = cents(dec(buckets[i] ?? 0).plus(open * sign));
      byName.set(name, buckets);
    }
  }
  const totals = [0, 0, 0, 0, 0];
  const rows: Row[] = [];
  const names = [...byName.entries()]
    .map(([id, buckets]) => ({ id, buckets, name: company.get(nameEntity, id) }))
    .sort((a, b) => String(a.name?.DisplayName ?? "").localeCompare(String(b.name?.DisplayName ?? "")));
  for (const { id, buckets, name } of names) {
    const total = cents(buckets.reduce((t, b) => t + b, 0));
    if (total === 0 && buckets.every((b) => b === 0)) continue;
    buckets.forEach((b, i) => {
      totals[i] = cents(dec(totals[i] ?? 0).plus(b));
    });
    rows.push({
      ColData: [
        { value: String(name?.DisplayName ?? id), id },
        ...buckets.map((b) => ({ value: blank(b) })),
        { value: money(total) },
      ],
      type: "Data",
    });
  }
  const grand = cents(totals.reduce((t, b) => t + b, 0));
  rows.push({
    Summary: {
      ColData: [{ value: "TOTAL" }, ...totals.map((b) => ({ value: money(b) })), { value: money(grand) }],
    },
    type: "Section",
    group: "GrandTotal",
  });
  const name = receivable ? "AgedReceivables" : "AgedPayables";
  const head = header(company, now, name, { end: asOf }, rows.length === 1);
  head.Option = [{ Name: "report_date", Value: asOf }, ...head.Option];
  return {
    Header: head,
    Columns: {
      Column: [
        { ColTitle: "", ColType: nameEntity },
        ...AGING_COLUMNS.map((t) => ({ ColTitle: t, ColType: "Money" })),
        { ColTitle: "Total", ColType: "Money" },
      ],
    },
    Rows: { Row: rows },
  };
}

export const REPORT_NAMES = [
  "TrialBalance",
  "ProfitAndLoss",
  "BalanceSheet",
  "AgedReceivables",
  "AgedPayables",
];

/** The report, or undefined for a name the emulator does not serve. */
export function report(
  company: Company,
  now: number,
  name: string,
  query: Record<string, string | undefined>,
): Report | undefined {
  const known = REPORT_NAMES.find((r) => r.toLowerCase() === name.toLowerCase());
  if (known === "AgedReceivables" || known === "AgedPayables") {
    return aging(company, now, query, known === "AgedReceivables");
  }
  if (!known) return undefined;
  const p = params(company, now, query);
  if (known === "TrialBalance") return trialBalance(company, now, p);
  if (known === "ProfitAndLoss") return profitAndLoss(company, now, p);
  return balanceSheet(company, now, p);
}
