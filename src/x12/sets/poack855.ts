// The 855 purchase order acknowledgment: the seller's answer to an 850, line by line (accepted,
// changed, rejected…). Built from a typed acknowledgment (usually made from the received order with
// `acknowledgeOrder`) and read back when a partner sends one.
import type { OutSegment, OutTransactionSet, Problem, Segment, TransactionSet } from "../types.ts";
import { type LineDisposition, lineDisposition } from "./codes.ts";
import {
  ALL_HEADING_SEGMENTS,
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
  readDateElement,
  readDescription,
  readProductIds,
  writeContact,
  writeDate,
  writeDescription,
  writeParty,
  writeProductIds,
  writeReference,
} from "./common.ts";
import type { PurchaseOrder850, PurchaseOrderLine } from "./po850.ts";
import { decimal, el, opt, toReal, x12Date } from "./values.ts";

/** One ACK segment: what the seller does with (part of) the line. */
export interface LineAcknowledgment {
  /** ACK01 line item status: IA accepted, IC accepted with changes, IR rejected, IB backordered… */
  status: string;
  /** ACK02/ACK03 quantity and unit concerned. */
  quantity?: string;
  unit?: string;
  /** ACK04/ACK05: e.g. "068" current schedule ship, with its ISO date. */
  dateQualifier?: string;
  date?: string;
  /** ACK07 on: product ids (e.g. a substituted item). */
  productIds?: ProductId[];
  /** ACK27 agency qualifier, ACK28 source subqualifier, ACK29 industry code (status detail). */
  agency?: string;
  sourceSubqualifier?: string;
  industryCode?: string;
}

export interface AcknowledgedLine {
  /** PO101–PO105 echoed from the order line. */
  lineNumber?: string;
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  priceBasis?: string;
  productIds: ProductId[];
  descriptions: Description[];
  acknowledgments: LineAcknowledgment[];
  /** What the first ACK01 means for the line, in Ledgerlink's terms. */
  disposition?: LineDisposition;
}

export interface PurchaseOrderAck855 {
  /** BAK01 purpose, BAK02 acknowledgment type (AD with detail no change, AC with changes, RD rejected…). */
  purpose: string;
  acknowledgmentType: string;
  /** BAK03 PO number, BAK04 PO date (ISO), BAK05 release, BAK06 request reference, BAK07 contract. */
  poNumber: string;
  poDate: string;
  releaseNumber?: string;
  requestReference?: string;
  contractNumber?: string;
  /** BAK08 seller's order number, BAK09 acknowledgment date (ISO). */
  sellerOrderNumber?: string;
  date?: string;
  currency?: string;
  currencyEntity?: string;
  references: Reference[];
  contacts: Contact[];
  dates: DateReference[];
  parties: Party[];
  lines: AcknowledgedLine[];
  totals?: { lineCount: number; hashTotal?: string };
}

export function read855(set: TransactionSet): { acknowledgment: PurchaseOrderAck855; problems: Problem[] } {
  const log = new ProblemLog();
  const ack: PurchaseOrderAck855 = {
    purpose: "",
    acknowledgmentType: "",
    poNumber: "",
    poDate: "",
    references: [],
    contacts: [],
    dates: [],
    parties: [],
    lines: [],
  };
  const heading = new HeadingReader(log);
  let line: AcknowledgedLine | undefined;
  let bak: Segment | undefined;
  let ctt: Segment | undefined;
  for (const seg of set.segments) {
    // After the first PO1 only CUR is read (into the heading): the lines carry no REF, PER, DTM or N1.
    if (heading.take(seg, ack, line ? HEADING.CUR : ALL_HEADING_SEGMENTS)) continue;
    switch (seg.id) {
      case "BAK": {
        bak = seg;
        ack.purpose = el(seg, 1);
        ack.acknowledgmentType = el(seg, 2);
        ack.poNumber = el(seg, 3);
        ack.poDate = readDateElement(seg, 4, log) ?? "";
        put(ack, "releaseNumber", opt(seg, 5));
        put(ack, "requestReference", opt(seg, 6));
        put(ack, "contractNumber", opt(seg, 7));
        put(ack, "sellerOrderNumber", opt(seg, 8));
        put(ack, "date", readDateElement(seg, 9, log));
        break;
      }
      case "PO1":
        line = {
          productIds: readProductIds(seg, 6),
          descriptions: [],
          acknowledgments: [],
        };
        put(line, "lineNumber", opt(seg, 1));
        put(line, "quantity", numeric(seg, 2, log, decimal));
        put(line, "unit", opt(seg, 3));
        put(line, "unitPrice", numeric(seg, 4, log, decimal));
        put(line, "priceBasis", opt(seg, 5));
        ack.lines.push(line);
        break;
      case "PID":
        line?.descriptions.push(readDescription(seg));
        break;
      case "ACK":
        if (line) line.acknowledgments.push(readAck(seg, log));
        else log.add("error", "SEGMENT_OUT_OF_SEQUENCE", "ACK before any PO1 line", seg);
        break;
      case "CTT":
        ctt = seg;
        line = undefined;
        ack.totals = { lineCount: Number(el(seg, 1)) };
        put(ack.totals, "hashTotal", numeric(seg, 2, log, decimal));
        break;
    }
  }
  if (!bak)
    log.add("error", "SEGMENT_MISSING", `855 ${set.controlNumber} has no BAK segment`, set.segments[0]);
  for (const l of ack.lines) {
    const first = l.acknowledgments[0];
    if (!first) continue;
    const disposition = lineDisposition(first.status);
    if (disposition) l.disposition = disposition;
    else
      log.add(
        "warning",
        "ACK_STATUS_UNKNOWN",
        `ACK01 "${first.status}" on line ${l.lineNumber ?? "?"} is not a known line item status`,
      );
  }
  if (ctt && ack.totals && ack.totals.lineCount !== ack.lines.length) {
    log.add(
      "error",
      "CTT_LINE_COUNT",
      `CTT01 says ${ack.totals.lineCount} line items but the acknowledgment has ${ack.lines.length} PO1 lines`,
      ctt,
    );
  }
  return { acknowledgment: ack, problems: log.problems };
}

function readAck(seg: Segment, log: ProblemLog): LineAcknowledgment {
  const a: LineAcknowledgment = { status: el(seg, 1) };
  put(a, "quantity", numeric(seg, 2, log, decimal));
  put(a, "unit", opt(seg, 3));
  put(a, "dateQualifier", opt(seg, 4));
  put(a, "date", readDateElement(seg, 5, log));
  const ids: ProductId[] = [];
  for (let n = 7; n <= 25; n += 2) {
    if (opt(seg, n) || opt(seg, n + 1)) ids.push({ qualifier: el(seg, n), id: el(seg, n + 1) });
  }
  if (ids.length > 0) a.productIds = ids;
  put(a, "agency", opt(seg, 27));
  put(a, "sourceSubqualifier", opt(seg, 28));
  put(a, "industryCode", opt(seg, 29));
  return a;
}

function writeAck(a: LineAcknowledgment, field: string): OutSegment {
  const ids = writeProductIds(a.productIds ?? []);
  if (ids.length > 20) throw new Error(`${field}.productIds: an ACK holds at most 10 product ids`);
  const tail = a.agency || a.sourceSubqualifier || a.industryCode;
  return [
    "ACK",
    a.status,
    a.quantity !== undefined ? toReal(a.quantity, `${field}.quantity`) : "",
    a.unit ?? "",
    a.dateQualifier ?? "",
    a.date ? x12Date(a.date) : "",
    "",
    ...(tail
      ? [
          ...ids,
          ...Array<string>(20 - ids.length).fill(""),
          a.agency ?? "",
          a.sourceSubqualifier ?? "",
          a.industryCode ?? "",
        ]
      : ids),
  ];
}

/** Writes an 855 (ST/SE are added by the writer). */
export function build855(ack: PurchaseOrderAck855, controlNumber: string): OutTransactionSet {
  const segments: OutSegment[] = [
    [
      "BAK",
      ack.purpose,
      ack.acknowledgmentType,
      ack.poNumber,
      x12Date(ack.poDate),
      ack.releaseNumber ?? "",
      ack.requestReference ?? "",
      ack.contractNumber ?? "",
      ack.sellerOrderNumber ?? "",
      ack.date ? x12Date(ack.date) : "",
    ],
  ];
  if (ack.currency) segments.push(["CUR", ack.currencyEntity ?? "SE", ack.currency]);
  for (const r of ack.references) segments.push(writeReference(r));
  for (const c of ack.contacts) segments.push(writeContact(c));
  for (const d of ack.dates) segments.push(writeDate(d));
  for (const p of ack.parties) segments.push(...writeParty(p));
  ack.lines.forEach((l, i) => {
    const field = `lines[${i}]`;
    segments.push([
      "PO1",
      l.lineNumber ?? "",
      l.quantity !== undefined ? toReal(l.quantity, `${field}.quantity`) : "",
      l.unit ?? "",
      l.unitPrice !== undefined ? toReal(l.unitPrice, `${field}.unitPrice`) : "",
      l.priceBasis ?? "",
      ...writeProductIds(l.productIds),
    ]);
    for (const d of l.descriptions) segments.push(writeDescription(d));
    l.acknowledgments.forEach((a, j) => {
      segments.push(writeAck(a, `${field}.acknowledgments[${j}]`));
    });
  });
  segments.push(["CTT", String(ack.totals?.lineCount ?? ack.lines.length), ack.totals?.hashTotal ?? ""]);
  return { type: "855", controlNumber, segments };
}

/**
 * The acknowledgment of a received order: every line echoed with the decision `decide` returns for it.
 * BAK02 follows from the decisions: AD when every line is accepted unchanged, RD when every line is
 * rejected, AC otherwise.
 */
export function acknowledgeOrder(
  order: PurchaseOrder850,
  decide: (line: PurchaseOrderLine, index: number) => LineAcknowledgment,
  options: { date?: string; sellerOrderNumber?: string } = {},
): PurchaseOrderAck855 {
  const lines: AcknowledgedLine[] = order.lines.map((line, i) => {
    const decision = decide(line, i);
    const out: AcknowledgedLine = {
      productIds: line.productIds,
      descriptions: line.descriptions,
      acknowledgments: [decision],
    };
    put(out, "lineNumber", line.lineNumber);
    put(out, "quantity", line.quantity);
    put(out, "unit", line.unit);
    put(out, "unitPrice", line.unitPrice);
    put(out, "priceBasis", line.priceBasis);
    put(out, "disposition", lineDisposition(decision.status));
    return out;
  });
  const dispositions = lines.map((l) => l.disposition);
  const type = dispositions.every((d) => d === "accepted")
    ? "AD"
    : dispositions.every((d) => d === "rejected")
      ? "RD"
      : "AC";
  const ack: PurchaseOrderAck855 = {
    purpose: "00",
    acknowledgmentType: type,
    poNumber: order.poNumber,
    poDate: order.date,
    references: [],
    contacts: [],
    dates: [],
    parties: [],
    lines,
    totals: { lineCount: lines.length },
  };
  put(ack, "releaseNumber", order.releaseNumber);
  put(ack, "sellerOrderNumber", options.sellerOrderNumber);
  put(ack, "date", options.date);
  return ack;
}
