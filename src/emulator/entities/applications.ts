// Which payments are applied to which documents. A Payment's lines link invoices and credit memos, a
// BillPayment's lines link bills, a Deposit's lines link payments and sales receipts; the documents' Balance (and a credit memo's RemainingCredit) is
// what is left once every live application is subtracted. The index is derived from the stored
// payments, built on first use and kept current as payments change.
import type { Company, QboObject } from "../store/company.ts";
import { isObject, str } from "./spec.ts";

/** Payment-side entity → the document types its lines may link, by LinkedTxn.TxnType. */
export const LINKABLE: Record<string, Record<string, string>> = {
  Payment: { Invoice: "Invoice", CreditMemo: "CreditMemo" },
  BillPayment: { Bill: "Bill", VendorCredit: "VendorCredit" },
  // A deposit "applies" to the payments and sales receipts it takes out of Undeposited Funds.
  Deposit: { Payment: "Payment", SalesReceipt: "SalesReceipt" },
};

export interface Link {
  /** "Invoice:12" */
  target: string;
  amount: number;
}

type Index = Map<string, Map<string, number>>;

const indexes = new WeakMap<Company, Index>();

/** The applications a payment object makes, summed per document. */
export function linksOf(entity: string, obj: QboObject | Record<string, unknown> | undefined): Link[] {
  const types = LINKABLE[entity];
  if (!obj || !types || !Array.isArray(obj.Line)) return [];
  const sums = new Map<string, number>();
  for (const line of obj.Line) {
    if (!isObject(line) || !Array.isArray(line.LinkedTxn)) continue;
    const amount = Number(line.Amount ?? 0);
    for (const linked of line.LinkedTxn) {
      if (!isObject(linked)) continue;
      const target = types[str(linked.TxnType) ?? ""];
      const id = str(linked.TxnId);
      if (!target || !id) continue;
      const key = `${target}:${id}`;
      sums.set(key, (sums.get(key) ?? 0) + amount);
    }
  }
  return [...sums].map(([target, amount]) => ({ target, amount }));
}

function index(company: Company): Index {
  let idx = indexes.get(company);
  if (idx) return idx;
  idx = new Map();
  indexes.set(company, idx);
  for (const entity of Object.keys(LINKABLE)) {
    for (const obj of company.all(entity)) {
      for (const link of linksOf(entity, obj)) add(idx, link.target, `${entity}:${obj.Id}`, link.amount);
    }
  }
  return idx;
}

function add(idx: Index, target: string, source: string, amount: number): void {
  let sources = idx.get(target);
  if (!sources) {
    sources = new Map();
    idx.set(target, sources);
  }
  sources.set(source, (sources.get(source) ?? 0) + amount);
}

/** Replaces one payment's applications; returns every document whose applications changed. */
export function replaceLinks(
  company: Company,
  entity: string,
  id: string,
  prev: Link[],
  next: Link[],
): string[] {
  const idx = index(company);
  const source = `${entity}:${id}`;
  const touched = new Set<string>();
  for (const link of prev) {
    const sources = idx.get(link.target);
    sources?.delete(source);
    if (sources?.size === 0) idx.delete(link.target);
    touched.add(link.target);
  }
  for (const link of next) {
    add(idx, link.target, source, link.amount);
    touched.add(link.target);
  }
  return [...touched];
}

/** Total applied to a document, optionally leaving out one payment (the one being edited). */
export function appliedTo(company: Company, target: string, except?: string): number {
  const sources = index(company).get(target);
  if (!sources) return 0;
  let total = 0;
  for (const [source, amount] of sources) if (source !== except) total += amount;
  return Math.round(total * 100) / 100;
}

/** The payments applied to a document, as "Entity:Id". */
export function sourcesOf(company: Company, target: string): string[] {
  return [...(index(company).get(target)?.keys() ?? [])];
}

/** Forgets a company's index (after a reset or restore replaced its objects). */
export function dropIndex(company: Company): void {
  indexes.delete(company);
}
