// The 850 purchase order as a typed object, read from a received set (with its business checks: the
// CTT totals against the lines) and written back (for tests, test partners and the benchmark).
import { Decimal } from "decimal.js";
import type { OutSegment, OutTransactionSet, Problem, Segment, TransactionSet } from "../types.ts";
import {
  ALL_HEADING_SEGMENTS,
  type AllowanceCharge,
  type Contact,
  type DateReference,
  type Description,
  HEADING,
  HeadingReader,
  numeric,
  type Party,
  ProblemLog,
  type ProductId,
  put,
  type Reference,
  readAllowanceCharge,
  readCurrency,
  readDescription,
  readProductIds,
  writeAllowanceCharge,
  writeContact,
  writeDate,
  writeDescription,
  writeParty,
  writeProductIds,
  writeReference,
} from "./common.ts";
import { decimal, el, isoDate, opt, toReal, x12Date } from "./values.ts";

export interface PurchaseOrderLine {
  /** PO101 assigned identification (the buyer's line number). */
  lineNumber?: string;
  /** PO102 quantity, PO103 unit of measure, PO104 unit price, PO105 basis of unit price. */
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  priceBasis?: string;
  /** Every product id of PO106 on, in order. The named fields below are read from these. */
  productIds: ProductId[];
  /** BP buyer's part number. */
  buyerPartNumber?: string;
  /** IN buyer's item number, CB buyer's catalog number. */
  buyerItemNumber?: string;
  buyerCatalogNumber?: string;
  /** VN vendor's (seller's) item number, VP vendor's (seller's) part number. */
  vendorItemNumber?: string;
  vendorPartNumber?: string;
  /** UP U.P.C. consumer package code (12 digits). */
  upc?: string;
  /** UK U.P.C./EAN shipping container code (GTIN-14). */
  gtin?: string;
  /** EN European Article Number (EAN-13). */
  ean?: string;
  descriptions: Description[];
  /** The first free-form (PID01 = F) description, for display. */
  description?: string;
  dates: DateReference[];
  references: Reference[];
  allowancesCharges: AllowanceCharge[];
  parties: Party[];
}

export interface PurchaseOrder850 {
  /** BEG01 purpose ("00" original, "05" replace…), BEG02 type ("SA" stand-alone, "DS" drop ship…). */
  purpose: string;
  type: string;
  /** BEG03, BEG04 release number, BEG05 (ISO date), BEG06 contract number. */
  poNumber: string;
  releaseNumber?: string;
  date: string;
  contractNumber?: string;
  /** CUR02 (with CUR01 the entity whose currency it is). */
  currency?: string;
  currencyEntity?: string;
  references: Reference[];
  contacts: Contact[];
  dates: DateReference[];
  /** DTM 010 requested ship, 002 delivery requested, 037/038 ship window, 064/063 delivery window, 001 cancel after. */
  requestedShipDate?: string;
  requestedDeliveryDate?: string;
  shipNotBefore?: string;
  shipNoLater?: string;
  deliverNotBefore?: string;
  deliverNotAfter?: string;
  cancelAfter?: string;
  allowancesCharges: AllowanceCharge[];
  parties: Party[];
  lines: PurchaseOrderLine[];
  /** CTT01 number of line items and CTT02 hash total, as sent. */
  totals?: { lineCount: number; hashTotal?: string };
  /** AMT segments (after CTT, or in the heading): qualifier and amount. */
  amounts: { qualifier: string; amount: string }[];
}

/** A line (PO1 loop) carries its own references, dates and parties. */
const LINE_SEGMENTS = HEADING.REF | HEADING.DTM | HEADING.N1;

const NAMED_DATES: Record<string, keyof PurchaseOrder850> = {
  "010": "requestedShipDate",
  "002": "requestedDeliveryDate",
  "037": "shipNotBefore",
  "038": "shipNoLater",
  "064": "deliverNotBefore",
  "063": "deliverNotAfter",
  "001": "cancelAfter",
};

/**
 * The same, for lookups: a qualifier read from the input is a fresh string, which as a property key
 * would be looked up in V8's string table on every access; a Map uses its hash, computed once.
 */
const NAMED_DATE_KEYS = new Map(Object.entries(NAMED_DATES));

/** Reads an 850. Never throws: what cannot be read becomes a problem. */
export function read850(set: TransactionSet): { order: PurchaseOrder850; problems: Problem[] } {
  const log = new ProblemLog();
  const order: PurchaseOrder850 = {
    purpose: "",
    type: "",
    poNumber: "",
    date: "",
    references: [],
    contacts: [],
    dates: [],
    allowancesCharges: [],
    parties: [],
    lines: [],
    amounts: [],
  };
  const heading = new HeadingReader(log);
  let line: PurchaseOrderLine | undefined;
  let ctt: Segment | undefined;
  let beg: Segment | undefined;

  for (const seg of set.segments) {
    if (line ? heading.take(seg, line, LINE_SEGMENTS) : heading.take(seg, order, ALL_HEADING_SEGMENTS))
      continue;
    switch (seg.id) {
      case "BEG":
        beg = seg;
        order.purpose = el(seg, 1);
        order.type = el(seg, 2);
        order.poNumber = el(seg, 3);
        put(order, "releaseNumber", opt(seg, 4));
        order.date = isoDate(el(seg, 5)) ?? "";
        if (!order.date)
          log.add("error", "DATE_INVALID", `BEG05 "${el(seg, 5)}" is not a valid order date`, seg, 5);
        put(order, "contractNumber", opt(seg, 6));
        break;
      case "CUR":
        // In the PO1 loop: the order has one currency, so a line's CUR sets it too.
        readCurrency(seg, order);
        break;
      case "SAC":
        (line?.allowancesCharges ?? order.allowancesCharges).push(readAllowanceCharge(seg, log));
        break;
      case "PO1":
        if (ctt) log.add("error", "SEGMENT_OUT_OF_SEQUENCE", "PO1 after the CTT summary", seg);
        line = readLine(seg, log);
        order.lines.push(line);
        break;
      case "PID":
        if (line) {
          const description = readDescription(seg);
          line.descriptions.push(description);
          // The line's description for display is its first free-form (PID01 = F) one.
          if (line.description === undefined && description.type === "F" && description.text) {
            line.description = description.text;
          }
        }
        break;
      case "CTT":
        ctt = seg;
        line = undefined;
        order.totals = { lineCount: Number(el(seg, 1)) };
        put(order.totals, "hashTotal", numeric(seg, 2, log, decimal));
        break;
      case "AMT": {
        const amount = numeric(seg, 2, log, decimal);
        if (amount !== undefined) order.amounts.push({ qualifier: el(seg, 1), amount });
        break;
      }
    }
  }
  for (const date of order.dates) nameDate(order, date);
  if (!beg)
    log.add("error", "SEGMENT_MISSING", `850 ${set.controlNumber} has no BEG segment`, set.segments[0]);
  if (ctt) checkTotals(order, ctt, log);
  return { order, problems: log.problems };
}

function readLine(seg: Segment, log: ProblemLog): PurchaseOrderLine {
  const line: PurchaseOrderLine = {
    productIds: readProductIds(seg, 6),
    descriptions: [],
    dates: [],
    references: [],
    allowancesCharges: [],
    parties: [],
  };
  const lineNumber = el(seg, 1);
  if (lineNumber) line.lineNumber = lineNumber;
  const quantity = numeric(seg, 2, log, decimal);
  if (quantity !== undefined) line.quantity = quantity;
  const unit = el(seg, 3);
  if (unit) line.unit = unit;
  const unitPrice = numeric(seg, 4, log, decimal);
  if (unitPrice !== undefined) line.unitPrice = unitPrice;
  const priceBasis = el(seg, 5);
  if (priceBasis) line.priceBasis = priceBasis;
  nameProductIds(line);
  return line;
}

/** Gives a header date its named field, e.g. DTM*010 the requested ship date (the first one wins). */
function nameDate(order: PurchaseOrder850, d: DateReference): void {
  const key = NAMED_DATE_KEYS.get(d.qualifier);
  if (key && d.date && order[key] === undefined) (order as unknown as Record<string, string>)[key] = d.date;
}

/** Gives a line its named product ids (the first id of each qualifier wins). */
function nameProductIds(line: PurchaseOrderLine): void {
  for (const { qualifier, id } of line.productIds) {
    if (id === "" || qualifier.length !== 2) continue;
    // Switched on the two characters as one number: a qualifier is a fresh slice of the input, which a
    // switch on strings would compare character by character with each case in turn.
    switch ((qualifier.charCodeAt(0) << 8) | qualifier.charCodeAt(1)) {
      case BP:
        line.buyerPartNumber ??= id;
        break;
      case IN:
        line.buyerItemNumber ??= id;
        break;
      case CB:
        line.buyerCatalogNumber ??= id;
        break;
      case VN:
        line.vendorItemNumber ??= id;
        break;
      case VP:
        line.vendorPartNumber ??= id;
        break;
      case UP:
        line.upc ??= id;
        break;
      case UK:
        line.gtin ??= id;
        break;
      case EN:
        line.ean ??= id;
        break;
    }
  }
}

const pair = (q: string) => (q.charCodeAt(0) << 8) | q.charCodeAt(1);
const BP = pair("BP");
const IN = pair("IN");
const CB = pair("CB");
const VN = pair("VN");
const VP = pair("VP");
const UP = pair("UP");
const UK = pair("UK");
const EN = pair("EN");

/**
 * CTT01 must equal the number of PO1 lines; CTT02, when sent, the hash total of the PO102 quantities.
 * X12 defines a hash total as the sum of the values "without regard to decimal points", truncated on
 * the left to the element's 10 digits; senders also send the plain sum, so either is accepted.
 */
function checkTotals(order: PurchaseOrder850, ctt: Segment, log: ProblemLog): void {
  const totals = order.totals;
  if (!totals) return;
  if (totals.lineCount !== order.lines.length) {
    log.add(
      "error",
      "CTT_LINE_COUNT",
      `CTT01 says ${totals.lineCount} line items but the order has ${order.lines.length} PO1 lines`,
      ctt,
    );
  }
  if (totals.hashTotal !== undefined) {
    const quantities = order.lines.map((l) => l.quantity ?? "0");
    if (!hashTotalMatches(totals.hashTotal, quantities)) {
      log.add(
        "error",
        "CTT_HASH_TOTAL",
        `CTT02 hash total ${totals.hashTotal} differs from the sum of the PO102 quantities (${plainSum(quantities)})`,
        ctt,
      );
    }
  }
}

function plainSum(values: readonly string[]): string {
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0)).toFixed();
}

/** Whether a CTT02 hash total matches the quantities (plain sum, or X12's digits-only sum). */
export function hashTotalMatches(hashTotal: string, quantities: readonly string[]): boolean {
  const whole = wholeSum(quantities);
  if (whole !== undefined && allDigits(hashTotal)) {
    // Whole quantities (the usual case): the plain sum and the digits-only sum are the same number.
    const total = String(whole);
    const sent = stripLeadingZeros(hashTotal);
    return total === sent || total.slice(-10) === sent.slice(-10);
  }
  const plain = quantities.reduce((acc, v) => acc.plus(v), new Decimal(0));
  if (plain.equals(hashTotal)) return true;
  const digitsOnly = quantities.reduce((acc, v) => acc + BigInt(v.replace(/[^0-9]/g, "") || "0"), 0n);
  const sent = hashTotal.replace(/[^0-9]/g, "");
  return String(digitsOnly).slice(-10) === stripLeadingZeros(sent).slice(-10);
}

/** One or more ASCII digits (checked by character: this runs for every quantity of every order). */
function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** "00252" → "252", keeping the last digit ("000" → "0"); other characters are left as they are. */
function stripLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30 && isDigitAt(s, i + 1)) i++;
  return i === 0 ? s : s.slice(i);
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** The exact sum of whole-number quantities, or undefined when one is not a whole number. */
function wholeSum(quantities: readonly string[]): number | bigint | undefined {
  let sum = 0;
  for (const q of quantities) {
    if (q.length === 0) return undefined;
    // Parsed while checking its digits; a quantity past 2^53 is inexact here, but then so is the
    // sum, which is redone exactly below.
    let n = 0;
    for (let i = 0; i < q.length; i++) {
      const c = q.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return undefined;
      n = n * 10 + (c - 0x30);
    }
    sum += n;
  }
  // Past 2^53 a float sum may be inexact: redo it exactly.
  if (Number.isSafeInteger(sum)) return sum;
  return quantities.reduce((acc, q) => acc + BigInt(q), 0n);
}

/** Writes an 850 (ST/SE are added by the writer). Throws when a value cannot be written. */
export function build850(order: PurchaseOrder850, controlNumber: string): OutTransactionSet {
  const segments: OutSegment[] = [
    [
      "BEG",
      order.purpose,
      order.type,
      order.poNumber,
      order.releaseNumber ?? "",
      x12Date(order.date),
      order.contractNumber ?? "",
    ],
  ];
  if (order.currency) segments.push(["CUR", order.currencyEntity ?? "BY", order.currency]);
  for (const r of order.references) segments.push(writeReference(r));
  for (const c of order.contacts) segments.push(writeContact(c));
  order.allowancesCharges.forEach((s, i) => {
    segments.push(writeAllowanceCharge(s, `allowancesCharges[${i}]`));
  });
  for (const d of headerDates(order)) segments.push(writeDate(d));
  for (const p of order.parties) segments.push(...writeParty(p));
  order.lines.forEach((line, i) => {
    segments.push(writeLine(line, `lines[${i}]`));
    for (const d of line.descriptions) segments.push(writeDescription(d));
    for (const r of line.references) segments.push(writeReference(r));
    line.allowancesCharges.forEach((s, j) => {
      segments.push(writeAllowanceCharge(s, `lines[${i}].allowancesCharges[${j}]`));
    });
    for (const d of line.dates) segments.push(writeDate(d));
    for (const p of line.parties) segments.push(...writeParty(p));
  });
  const totals = order.totals ?? {
    lineCount: order.lines.length,
    hashTotal: plainSum(order.lines.map((l) => l.quantity ?? "0")),
  };
  segments.push(["CTT", String(totals.lineCount), totals.hashTotal ?? ""]);
  for (const a of order.amounts) segments.push(["AMT", a.qualifier, toReal(a.amount, "amounts.amount")]);
  return { type: "850", controlNumber, segments };
}

/** The DTM list, with the named dates that are not already in it added. */
function headerDates(order: PurchaseOrder850): DateReference[] {
  const dates = [...order.dates];
  for (const [qualifier, key] of Object.entries(NAMED_DATES)) {
    const value = order[key] as string | undefined;
    if (value && !dates.some((d) => d.qualifier === qualifier)) dates.push({ qualifier, date: value });
  }
  return dates;
}

function writeLine(line: PurchaseOrderLine, field: string): OutSegment {
  return [
    "PO1",
    line.lineNumber ?? "",
    line.quantity !== undefined ? toReal(line.quantity, `${field}.quantity`) : "",
    line.unit ?? "",
    line.unitPrice !== undefined ? toReal(line.unitPrice, `${field}.unitPrice`) : "",
    line.priceBasis ?? "",
    ...writeProductIds(line.productIds),
  ];
}
