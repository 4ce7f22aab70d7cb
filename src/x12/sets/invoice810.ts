// The 810 invoice: built from a typed invoice (usually for a received purchase order) and read back,
// with the TDS total (carried in cents) checked against the lines, allowances and charges.
import { Decimal } from "decimal.js";
import type { OutSegment, OutTransactionSet, Problem, Segment, TransactionSet } from "../types.ts";
import {
  type AllowanceCharge,
  type DateReference,
  type Description,
  HEADING,
  HeadingReader,
  type NamedProductIds,
  nameProductIds,
  numeric,
  type Party,
  ProblemLog,
  type ProductId,
  put,
  type Reference,
  readAllowanceCharge,
  readDateElement,
  readDescription,
  readProductIds,
  writeAllowanceCharge,
  writeDate,
  writeDescription,
  writeParty,
  writeProductIds,
  writeReference,
} from "./common.ts";
import type { PurchaseOrder850 } from "./po850.ts";
import { decimal, el, impliedDecimal, opt, toImplied, toReal, x12Date } from "./values.ts";

export interface InvoiceLine extends NamedProductIds {
  /** IT101 assigned identification (usually the PO line number). */
  lineNumber?: string;
  /** IT102 quantity invoiced, IT103 unit, IT104 unit price, IT105 basis of unit price. */
  quantity: string;
  unit: string;
  unitPrice: string;
  priceBasis?: string;
  productIds: ProductId[];
  descriptions: Description[];
  allowancesCharges: AllowanceCharge[];
}

export interface Invoice810 {
  /** BIG01 invoice date (ISO), BIG02 invoice number, BIG03 PO date (ISO), BIG04 PO number. */
  date: string;
  invoiceNumber: string;
  poDate?: string;
  poNumber?: string;
  releaseNumber?: string;
  /** BIG07 transaction type code (e.g. "DR" debit invoice, "CR" credit memo). */
  transactionType?: string;
  currency?: string;
  currencyEntity?: string;
  references: Reference[];
  parties: Party[];
  dates: DateReference[];
  lines: InvoiceLine[];
  /** TDS01: the invoice total as a decimal amount (the element carries it in cents). */
  total: string;
  /** SAC in the summary (after TDS): allowances and charges on the whole invoice. */
  allowancesCharges: AllowanceCharge[];
  totals?: { lineCount: number };
}

/** The heading of an 810 as read here: no PER (the invoice keeps no contacts). */
const HEADING_SEGMENTS = HEADING.CUR | HEADING.REF | HEADING.DTM | HEADING.N1;

export function read810(set: TransactionSet): { invoice: Invoice810; problems: Problem[] } {
  const log = new ProblemLog();
  const invoice: Invoice810 = {
    date: "",
    invoiceNumber: "",
    references: [],
    parties: [],
    dates: [],
    lines: [],
    total: "",
    allowancesCharges: [],
  };
  const heading = new HeadingReader(log);
  let line: InvoiceLine | undefined;
  let big: Segment | undefined;
  let tds: Segment | undefined;
  let ctt: Segment | undefined;
  for (const seg of set.segments) {
    // Inside an IT1 loop only CUR is read (into the heading): the lines carry no REF, DTM or N1 here.
    if (heading.take(seg, invoice, line ? HEADING.CUR : HEADING_SEGMENTS)) continue;
    switch (seg.id) {
      case "BIG":
        big = seg;
        invoice.date = readDateElement(seg, 1, log) ?? "";
        invoice.invoiceNumber = el(seg, 2);
        put(invoice, "poDate", readDateElement(seg, 3, log));
        put(invoice, "poNumber", opt(seg, 4));
        put(invoice, "releaseNumber", opt(seg, 5));
        put(invoice, "transactionType", opt(seg, 7));
        break;
      case "IT1":
        line = {
          quantity: numeric(seg, 2, log, decimal) ?? "",
          unit: el(seg, 3),
          unitPrice: numeric(seg, 4, log, decimal) ?? "",
          productIds: readProductIds(seg, 6),
          descriptions: [],
          allowancesCharges: [],
        };
        put(line, "lineNumber", opt(seg, 1));
        put(line, "priceBasis", opt(seg, 5));
        invoice.lines.push(line);
        break;
      case "PID":
        line?.descriptions.push(readDescription(seg));
        break;
      case "SAC":
        (line && !tds ? line.allowancesCharges : invoice.allowancesCharges).push(
          readAllowanceCharge(seg, log),
        );
        break;
      case "TDS":
        tds = seg;
        line = undefined;
        invoice.total = numeric(seg, 1, log, (v) => impliedDecimal(v, 2)) ?? "";
        break;
      case "CTT":
        ctt = seg;
        line = undefined;
        invoice.totals = { lineCount: Number(el(seg, 1)) };
        break;
    }
  }
  if (!big)
    log.add("error", "SEGMENT_MISSING", `810 ${set.controlNumber} has no BIG segment`, set.segments[0]);
  if (!tds)
    log.add("error", "SEGMENT_MISSING", `810 ${set.controlNumber} has no TDS total`, set.segments.at(-1));
  for (const l of invoice.lines) nameProductIds(l);
  if (ctt && invoice.totals && invoice.totals.lineCount !== invoice.lines.length) {
    log.add(
      "error",
      "CTT_LINE_COUNT",
      `CTT01 says ${invoice.totals.lineCount} line items but the invoice has ${invoice.lines.length} IT1 lines`,
      ctt,
    );
  }
  if (tds && invoice.total !== "") {
    const expected = invoiceTotal(invoice);
    if (!expected.equals(invoice.total)) {
      // Taxes (TXI) and terms may rightly make up the difference, so this is a warning.
      log.add(
        "warning",
        "TDS_TOTAL",
        `TDS01 total ${invoice.total} differs from lines, allowances and charges (${expected.toFixed(2)})`,
        tds,
      );
    }
  }
  return { invoice, problems: log.problems };
}

/** Lines (quantity × unit price), plus charges, minus allowances, at line and invoice level. */
export function invoiceTotal(invoice: Pick<Invoice810, "lines" | "allowancesCharges">): Decimal {
  const adjust = (acc: Decimal, s: AllowanceCharge) => {
    if (s.amount === undefined) return acc;
    if (s.indicator === "A") return acc.minus(s.amount);
    if (s.indicator === "C") return acc.plus(s.amount);
    return acc;
  };
  let total = new Decimal(0);
  for (const l of invoice.lines) {
    total = total.plus(new Decimal(l.quantity || "0").times(l.unitPrice || "0"));
    total = l.allowancesCharges.reduce(adjust, total);
  }
  return invoice.allowancesCharges.reduce(adjust, total);
}

/** Writes an 810 (ST/SE are added by the writer). TDS01 is the total in cents. */
export function build810(invoice: Invoice810, controlNumber: string): OutTransactionSet {
  const segments: OutSegment[] = [
    [
      "BIG",
      x12Date(invoice.date),
      invoice.invoiceNumber,
      invoice.poDate ? x12Date(invoice.poDate) : "",
      invoice.poNumber ?? "",
      invoice.releaseNumber ?? "",
      "",
      invoice.transactionType ?? "",
    ],
  ];
  if (invoice.currency) segments.push(["CUR", invoice.currencyEntity ?? "SE", invoice.currency]);
  for (const r of invoice.references) segments.push(writeReference(r));
  for (const p of invoice.parties) segments.push(...writeParty(p));
  for (const d of invoice.dates) segments.push(writeDate(d));
  invoice.lines.forEach((l, i) => {
    const field = `lines[${i}]`;
    segments.push([
      "IT1",
      l.lineNumber ?? "",
      toReal(l.quantity, `${field}.quantity`),
      l.unit,
      toReal(l.unitPrice, `${field}.unitPrice`),
      l.priceBasis ?? "",
      ...writeProductIds(l.productIds),
    ]);
    for (const d of l.descriptions) segments.push(writeDescription(d));
    l.allowancesCharges.forEach((s, j) => {
      segments.push(writeAllowanceCharge(s, `${field}.allowancesCharges[${j}]`));
    });
  });
  segments.push(["TDS", toImplied(invoice.total, 2, "total")]);
  invoice.allowancesCharges.forEach((s, j) => {
    segments.push(writeAllowanceCharge(s, `allowancesCharges[${j}]`));
  });
  segments.push(["CTT", String(invoice.totals?.lineCount ?? invoice.lines.length)]);
  return { type: "810", controlNumber, segments };
}

/**
 * An invoice for a received order, billing each line's ordered quantity at its price (lines without a
 * price are left out) and totalling it.
 */
export function invoiceOrder(
  order: PurchaseOrder850,
  invoice: { invoiceNumber: string; date: string },
): Invoice810 {
  const lines: InvoiceLine[] = order.lines
    .filter((l) => l.unitPrice !== undefined && l.quantity !== undefined)
    .map((l) => {
      const line: InvoiceLine = {
        quantity: l.quantity as string,
        unit: l.unit ?? "EA",
        unitPrice: l.unitPrice as string,
        productIds: l.productIds,
        descriptions: l.descriptions,
        allowancesCharges: [],
      };
      put(line, "lineNumber", l.lineNumber);
      put(line, "priceBasis", l.priceBasis);
      return line;
    });
  const out: Invoice810 = {
    date: invoice.date,
    invoiceNumber: invoice.invoiceNumber,
    poDate: order.date,
    poNumber: order.poNumber,
    references: [],
    parties: order.parties.filter((p) => p.entity === "ST" || p.entity === "BT"),
    dates: [],
    lines,
    total: "0",
    allowancesCharges: [],
    totals: { lineCount: lines.length },
  };
  out.total = invoiceTotal(out).toDecimalPlaces(2).toFixed();
  return out;
}
