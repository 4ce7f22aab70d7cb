// The journal as the reports read it: the postings of a date range, on the accrual or the cash basis.
//
// Accrual is the journal as posted. Cash recognises income and expense when money moves: invoices,
// credit memos, bills and vendor credits post nothing themselves; a payment applied to an invoice
// brings in that invoice's income, tax and cost lines in proportion to the amount applied, dated on the
// payment, in place of its A/R credit (a bill payment does the same for a bill's expense lines). What
// stays unapplied remains in A/R or A/P. Credit memos and vendor credits applied through payments are
// not converted (see docs/emulator.md, known gaps).
import { cents, dec } from "../money.ts";
import type { Company, JournalEntry, Posting, QboObject } from "../store/company.ts";

export type Basis = "Accrual" | "Cash";

export interface DatedPosting extends Posting {
  date: string;
}

const ACCRUAL_ONLY = new Set(["Invoice", "CreditMemo", "Bill", "VendorCredit"]);

/** The lines of `entry` other than the receivable or payable, scaled to `share` of the document. */
function scaled(entry: JournalEntry, controlAccount: string, share: number, date: string): DatedPosting[] {
  const lines = entry.lines.filter((l) => l.account !== controlAccount);
  const out = lines.map((l) => ({ account: l.account, amount: cents(dec(l.amount).times(share)), date }));
  // Rounding goes to the largest line, so the scaled lines add up exactly.
  const target = cents(
    dec(entry.lines.filter((l) => l.account === controlAccount).reduce((t, l) => t + l.amount, 0))
      .times(share)
      .negated(),
  );
  const sum = out.reduce((t, l) => t.plus(l.amount), dec(0));
  const diff = cents(dec(target).minus(sum));
  if (diff !== 0 && out.length > 0) {
    const largest = out.reduce((a, b) => (Math.abs(b.amount) > Math.abs(a.amount) ? b : a));
    largest.amount = cents(dec(largest.amount).plus(diff));
  }
  return out;
}

function linked(obj: QboObject, txnType: string): { id: string; amount: number }[] {
  const lines = Array.isArray(obj.Line) ? obj.Line : [];
  const out: { id: string; amount: number }[] = [];
  for (const line of lines) {
    if (typeof line !== "object" || line === null) continue;
    const l = line as Record<string, unknown>;
    for (const link of Array.isArray(l.LinkedTxn) ? l.LinkedTxn : []) {
      const k = link as Record<string, unknown>;
      if (k.TxnType === txnType) out.push({ id: String(k.TxnId), amount: Number(l.Amount ?? 0) || 0 });
    }
  }
  return out;
}

/** A payment's or bill payment's postings on the cash basis. */
function cashSettlement(company: Company, entry: JournalEntry, docType: "Invoice" | "Bill"): DatedPosting[] {
  const obj = company.get(entry.entity, entry.id);
  if (!obj) return entry.lines.map((l) => ({ ...l, date: entry.date }));
  const out: DatedPosting[] = [];
  let settled = dec(0);
  let control = "";
  for (const { id, amount } of linked(obj, docType)) {
    const doc = company.get(docType, id);
    const docEntry = company.journalEntry(docType, id);
    const total = Number(doc?.TotalAmt ?? 0);
    if (!doc || !docEntry || total === 0) continue;
    control = docEntry.lines.find((l) => l.name)?.account ?? control;
    if (!control) continue;
    out.push(...scaled(docEntry, control, amount / total, entry.date));
    settled = settled.plus(amount);
  }
  const sign = docType === "Invoice" ? 1 : -1; // a payment credits A/R, a bill payment debits A/P
  for (const l of entry.lines) {
    const isControl = l.name !== undefined && (control === "" || l.account === control);
    const amount = isControl ? cents(dec(l.amount).plus(settled.times(sign))) : l.amount;
    if (amount !== 0) out.push({ ...l, amount, date: entry.date });
  }
  return out;
}

/** Every posting dated within [start, end] (either may be open), on the given basis. */
export function postings(company: Company, basis: Basis, start?: string, end?: string): DatedPosting[] {
  const out: DatedPosting[] = [];
  for (const entry of company.journal()) {
    if ((start && entry.date < start) || (end && entry.date > end)) continue;
    if (basis === "Accrual") {
      for (const l of entry.lines) out.push({ ...l, date: entry.date });
    } else if (ACCRUAL_ONLY.has(entry.entity)) {
    } else if (entry.entity === "Payment") {
      out.push(...cashSettlement(company, entry, "Invoice"));
    } else if (entry.entity === "BillPayment") {
      out.push(...cashSettlement(company, entry, "Bill"));
    } else {
      for (const l of entry.lines) out.push({ ...l, date: entry.date });
    }
  }
  return out;
}

/** Debits (positive) less credits per account. */
export function sumByAccount(lines: readonly Posting[]): Map<string, number> {
  const sums = new Map<string, ReturnType<typeof dec>>();
  for (const l of lines) sums.set(l.account, (sums.get(l.account) ?? dec(0)).plus(l.amount));
  return new Map([...sums].map(([k, v]) => [k, cents(v)]));
}
