// The 856 advance ship notice: a typed shipment written as an HL hierarchy (shipment → order →
// [tare] → pack → item, or shipment → order → item → pack) and read back, with the hierarchy and the
// SSCC-18 check digits validated the same way in both directions. No common tool validates the
// hierarchy (bots models HL as one flat loop), so this module does.
import { Decimal } from "decimal.js";
import type { OutSegment, OutTransactionSet, Problem, Segment, TransactionSet } from "../types.ts";
import { HIERARCHICAL_STRUCTURE, HL_LEVEL } from "./codes.ts";
import {
  appended,
  type DateReference,
  type Description,
  findParty,
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
  readDate,
  readDateElement,
  readDescription,
  readProductIds,
  writeDate,
  writeDescription,
  writeParty,
  writeProductIds,
  writeReference,
} from "./common.ts";
import { checkSscc18 } from "./sscc.ts";
import { decimal, el, isoDate, isTime, opt, toReal, x12Date } from "./values.ts";

/** A MAN segment other than the SSCC: qualifier (MAN01) and marks (MAN02). */
export interface Marks {
  qualifier: string;
  value: string;
}

export interface ShipmentItem extends NamedProductIds {
  /** LIN01 assigned identification (often the PO line number). */
  lineNumber?: string;
  /** LIN02 on: every product id pair; the named ids (buyerPartNumber, upc…) are read from these. */
  productIds: ProductId[];
  /** SN102/SN103 quantity shipped and unit; SN105/SN106 quantity ordered and unit; SN108 line status. */
  quantity: string;
  unit: string;
  orderedQuantity?: string;
  orderedUnit?: string;
  status?: string;
  descriptions?: Description[];
  /** Packs under the item, in the Shipment-Order-Item-Packaging structure (BSN05 0002). */
  packs?: ShipmentPack[];
}

export interface ShipmentPack {
  /** The carton's SSCC-18 (18 digits, check digit included), written as MAN*GM*00{sscc}. */
  sscc?: string;
  /** Other marks (MAN), kept as sent: a MAN*GM that is not a valid SSCC stays here. */
  marks?: Marks[];
  /** Subpacks (HL level Q) inside the pack. */
  packs?: ShipmentPack[];
  items?: ShipmentItem[];
}

export interface ShipmentTare {
  /** The pallet's SSCC-18. */
  sscc?: string;
  marks?: Marks[];
  packs?: ShipmentPack[];
  items?: ShipmentItem[];
}

export interface ShipmentOrder {
  /** PRF01 the customer's PO number, PRF02 release, PRF04 PO date (ISO). */
  poNumber: string;
  releaseNumber?: string;
  poDate?: string;
  references?: Reference[];
  parties?: Party[];
  tares?: ShipmentTare[];
  packs?: ShipmentPack[];
  items?: ShipmentItem[];
}

export interface Shipment856 {
  /** BSN01 purpose ("00" original), BSN02 shipment id, BSN03 date (ISO), BSN04 time (HHMM[SS]). */
  purpose: string;
  shipmentId: string;
  date: string;
  time: string;
  /** BSN05: "0001" pick and pack (S-O-[T]-P-I), "0002" standard pack (S-O-I-P), "0004" (S-O-I). */
  structure?: string;
  dates: DateReference[];
  /** DTM 011 shipped, DTM 017 estimated delivery. */
  shipDate?: string;
  estimatedDelivery?: string;
  /** TD1: packaging code (e.g. "CTN25"), lading quantity, weight qualifier, weight, unit. */
  packaging?: {
    code?: string;
    ladingQuantity?: string;
    weightQualifier?: string;
    weight?: string;
    weightUnit?: string;
  };
  /** TD5: routing sequence, id qualifier ("2" = SCAC), carrier SCAC, transport method, routing. */
  carrier?: {
    routingSequence?: string;
    idQualifier?: string;
    scac?: string;
    transportMethod?: string;
    routing?: string;
  };
  references: Reference[];
  /** REF*BM. */
  billOfLading?: string;
  parties: Party[];
  /** N1*SF and N1*ST. */
  shipFrom?: Party;
  shipTo?: Party;
  orders: ShipmentOrder[];
  /** CTT01/CTT02 as sent. */
  totals?: { lineCount: number; hashTotal?: string };
}

// --- the hierarchy rules -------------------------------------------------------------------------

/** One HL as the rules see it: its id, its parent's id, its level, and where it came from. */
export interface HierarchyNode {
  id: string;
  parent: string;
  level: string;
  /** A field path (building) or the HL segment (reading), to say where a problem is. */
  field?: string;
  segment?: Segment;
}

export interface HierarchyIssue {
  code: string;
  message: string;
  node: HierarchyNode;
}

/** Which levels may sit directly under which, for each BSN05 structure. */
const STRUCTURE_CHILDREN: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  // Shipment, Order, Packaging, Item: the packaging levels are tare (pallet), pack and subpack.
  "0001": { S: ["O"], O: ["T", "P"], T: ["P", "I"], P: ["Q", "I"], Q: ["I"] },
  // Shipment, Order, Item, Packaging.
  "0002": { S: ["O"], O: ["I"], I: ["P"], P: ["Q"] },
  // Shipment, Order, Item.
  "0004": { S: ["O"], O: ["I"] },
};

/** Without a BSN05 the order S → O → (T/P/I) still holds. */
const ANY_STRUCTURE: Readonly<Record<string, readonly string[]>> = {
  S: ["O"],
  O: ["T", "P", "I"],
  T: ["P", "I"],
  P: ["Q", "I"],
  Q: ["I"],
  I: ["P"],
};

/**
 * Checks an HL hierarchy: one shipment level first and only there, unique ids, every HL02 pointing to
 * an earlier HL01, and every level allowed under its parent's level by the structure code.
 */
export function checkHierarchy(
  nodes: readonly HierarchyNode[],
  structure: string | undefined,
): HierarchyIssue[] {
  const issues: HierarchyIssue[] = [];
  const rules = (structure && STRUCTURE_CHILDREN[structure]) || ANY_STRUCTURE;
  const structureName =
    structure && structure in HIERARCHICAL_STRUCTURE
      ? `structure ${structure} (${HIERARCHICAL_STRUCTURE[structure as keyof typeof HIERARCHICAL_STRUCTURE]})`
      : "the shipment structure";
  const levelOf = new Map<string, string>();
  let previous: bigint | undefined;
  nodes.forEach((node, index) => {
    const name = (level: string) =>
      `${level} (${HL_LEVEL[level as keyof typeof HL_LEVEL] ?? "unknown level"})`;
    if (levelOf.has(node.id)) {
      issues.push({ code: "HL_DUPLICATE_ID", message: `HL01 ${node.id} is used twice`, node });
    }
    if (/^\d+$/.test(node.id)) {
      const n = BigInt(node.id);
      if (previous !== undefined && n <= previous) {
        issues.push({
          code: "HL_ID_ORDER",
          message: `HL01 ${node.id} does not increase on ${previous}`,
          node,
        });
      }
      previous = n;
    }
    if (index === 0) {
      if (node.level !== "S") {
        issues.push({
          code: "HL_ROOT",
          message: `the first HL is ${name(node.level)}, not the shipment (S)`,
          node,
        });
      }
      if (node.parent !== "") {
        issues.push({
          code: "HL_PARENT",
          message: `the shipment HL ${node.id} has a parent (HL02 ${node.parent})`,
          node,
        });
      }
    } else if (node.level === "S") {
      issues.push({ code: "HL_ROOT", message: `HL ${node.id} is a second shipment level (S)`, node });
    } else if (node.parent === "") {
      issues.push({
        code: "HL_PARENT",
        message: `HL ${node.id} (${name(node.level)}) has no parent (HL02 empty)`,
        node,
      });
    } else {
      const parentLevel = levelOf.get(node.parent);
      if (parentLevel === undefined) {
        issues.push({
          code: "HL_PARENT",
          message: `HL ${node.id} points to parent ${node.parent}, which is not an earlier HL01`,
          node,
        });
      } else if (!(rules[parentLevel] ?? []).includes(node.level)) {
        issues.push({
          code: "HL_LEVEL",
          message: `HL ${node.id}: ${name(node.level)} may not sit under ${name(parentLevel)} in ${structureName}`,
          node,
        });
      }
    }
    if (!levelOf.has(node.id)) levelOf.set(node.id, node.level);
  });
  return issues;
}

// --- building --------------------------------------------------------------------------------------

/** The shipment cannot be written: each issue names the field (e.g. `orders[0].packs[1].sscc`). */
export class ShipmentError extends Error {
  override name = "ShipmentError";
  constructor(readonly issues: { field: string; code: string; message: string }[]) {
    super(
      `The shipment cannot be written as an 856:\n${issues.map((i) => `- ${i.field}: ${i.message}`).join("\n")}`,
    );
  }
}

type Issue = ShipmentError["issues"][number];

interface BuildNode extends HierarchyNode {
  field: string;
  segments: OutSegment[];
}

/** Lays a typed shipment out as HL nodes, numbering them in order and collecting what cannot be written. */
class HierarchyLayout {
  readonly nodes: BuildNode[] = [];
  readonly issues: Issue[] = [];

  shipment(s: Shipment856): void {
    const id = this.add("S", "", "shipment", () => shipmentSegments(s));
    if (s.orders.length === 0) this.issue("orders", "HL_NO_ORDER", "a shipment needs at least one order");
    s.orders.forEach((order, i) => {
      this.order(order, id, `orders[${i}]`);
    });
  }

  private order(o: ShipmentOrder, parent: string, field: string): void {
    const id = this.add("O", parent, field, () => orderSegments(o, field));
    o.tares?.forEach((tare, i) => {
      this.tare(tare, id, `${field}.tares[${i}]`);
    });
    o.packs?.forEach((pack, i) => {
      this.pack(pack, id, `${field}.packs[${i}]`, "P");
    });
    o.items?.forEach((item, i) => {
      this.item(item, id, `${field}.items[${i}]`);
    });
  }

  private tare(t: ShipmentTare, parent: string, field: string): void {
    const id = this.add("T", parent, field, () => this.marks(t, field));
    t.packs?.forEach((pack, i) => {
      this.pack(pack, id, `${field}.packs[${i}]`, "P");
    });
    t.items?.forEach((item, i) => {
      this.item(item, id, `${field}.items[${i}]`);
    });
  }

  private pack(p: ShipmentPack, parent: string, field: string, level: "P" | "Q"): void {
    const id = this.add(level, parent, field, () => this.marks(p, field));
    p.packs?.forEach((sub, i) => {
      this.pack(sub, id, `${field}.packs[${i}]`, "Q");
    });
    p.items?.forEach((item, i) => {
      this.item(item, id, `${field}.items[${i}]`);
    });
  }

  private item(item: ShipmentItem, parent: string, field: string): void {
    const id = this.add("I", parent, field, () => itemSegments(item, field));
    item.packs?.forEach((pack, i) => {
      this.pack(pack, id, `${field}.packs[${i}]`, "P");
    });
  }

  /** MAN*GM for the SSCC, then the other marks; every SSCC is checked before it is written. */
  private marks(holder: { sscc?: string; marks?: Marks[] }, field: string): OutSegment[] {
    const out: OutSegment[] = [];
    if (holder.sscc !== undefined) {
      const check = checkSscc18(holder.sscc);
      if (!check.valid || holder.sscc.length !== 18) {
        this.issue(
          `${field}.sscc`,
          check.code ?? "SSCC_LENGTH",
          check.message ?? "an SSCC-18 has 18 digits, without the 00",
        );
      }
      out.push(["MAN", "GM", `00${holder.sscc}`]);
    }
    holder.marks?.forEach((m, i) => {
      const check = m.qualifier === "GM" ? checkSscc18(m.value) : undefined;
      if (check && !check.valid)
        this.issue(`${field}.marks[${i}]`, check.code ?? "SSCC_LENGTH", check.message ?? "");
      out.push(["MAN", m.qualifier, m.value]);
    });
    return out;
  }

  /** Adds an HL node; a segment its builder cannot write becomes an issue naming the field. */
  private add(level: string, parent: string, field: string, build: () => OutSegment[]): string {
    const id = String(this.nodes.length + 1);
    let segments: OutSegment[] = [];
    try {
      segments = build();
    } catch (e) {
      if (e instanceof ShipmentError) this.issues.push(...e.issues);
      else this.issue(field, "VALUE_INVALID", e instanceof Error ? e.message : String(e));
    }
    this.nodes.push({ id, parent, level, field, segments });
    return id;
  }

  issue(field: string, code: string, message: string): void {
    this.issues.push({ field, code, message });
  }
}

/**
 * Writes a shipment as an 856 (ST/SE are added by the writer). The hierarchy and every SSCC are checked
 * first; a shipment that breaks a rule throws a ShipmentError naming each field at fault.
 */
export function build856(shipment: Shipment856, controlNumber: string): OutTransactionSet {
  const layout = new HierarchyLayout();
  if (!isIsoDate(shipment.date))
    layout.issue("date", "DATE_INVALID", `"${shipment.date}" is not a date (YYYY-MM-DD)`);
  if (!isTime(shipment.time))
    layout.issue("time", "TIME_INVALID", `"${shipment.time}" is not a time (HHMM or HHMMSS)`);
  layout.shipment(shipment);
  for (const issue of checkHierarchy(layout.nodes, shipment.structure)) {
    layout.issue(issue.node.field ?? "", issue.code, issue.message);
  }
  if (layout.issues.length > 0) throw new ShipmentError(layout.issues);

  const parents = new Set(layout.nodes.map((n) => n.parent));
  const segments: OutSegment[] = [
    [
      "BSN",
      shipment.purpose,
      shipment.shipmentId,
      x12Date(shipment.date),
      shipment.time,
      shipment.structure ?? "",
    ],
  ];
  for (const n of layout.nodes) {
    segments.push(["HL", n.id, n.parent, n.level, parents.has(n.id) ? "1" : "0"], ...n.segments);
  }
  const shipped = allItems(shipment).reduce((acc, i) => acc.plus(i.quantity), new Decimal(0));
  segments.push(["CTT", String(layout.nodes.length), shipped.toFixed()]);
  return { type: "856", controlNumber, segments };
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isoDate(value.replaceAll("-", "")) !== undefined;
}

function shipmentSegments(s: Shipment856): OutSegment[] {
  const out: OutSegment[] = [];
  const p = s.packaging;
  if (p) {
    out.push([
      "TD1",
      p.code ?? "",
      p.ladingQuantity ?? "",
      "",
      "",
      "",
      p.weightQualifier ?? "",
      p.weight !== undefined ? toReal(p.weight, "packaging.weight") : "",
      p.weightUnit ?? "",
    ]);
  }
  const c = s.carrier;
  if (c) {
    const qualifier = c.idQualifier ?? (c.scac ? "2" : "");
    out.push([
      "TD5",
      c.routingSequence ?? "",
      qualifier,
      c.scac ?? "",
      c.transportMethod ?? "",
      c.routing ?? "",
    ]);
  }
  const references = [...s.references];
  if (s.billOfLading && !references.some((r) => r.qualifier === "BM")) {
    references.push({ qualifier: "BM", value: s.billOfLading });
  }
  for (const r of references) out.push(writeReference(r));
  const dates = [...s.dates];
  if (s.shipDate && !dates.some((d) => d.qualifier === "011"))
    dates.push({ qualifier: "011", date: s.shipDate });
  if (s.estimatedDelivery && !dates.some((d) => d.qualifier === "017")) {
    dates.push({ qualifier: "017", date: s.estimatedDelivery });
  }
  for (const d of dates) out.push(writeDate(d));
  const parties = [...s.parties];
  if (s.shipFrom && !parties.some((x) => x.entity === "SF")) parties.push({ ...s.shipFrom, entity: "SF" });
  if (s.shipTo && !parties.some((x) => x.entity === "ST")) parties.push({ ...s.shipTo, entity: "ST" });
  for (const party of parties) out.push(...writeParty(party));
  return out;
}

function orderSegments(o: ShipmentOrder, field: string): OutSegment[] {
  if (!o.poNumber)
    throw new ShipmentError([
      { field: `${field}.poNumber`, code: "PRF_MISSING", message: "the customer's PO number is required" },
    ]);
  const out: OutSegment[] = [
    ["PRF", o.poNumber, o.releaseNumber ?? "", "", o.poDate ? x12Date(o.poDate) : ""],
  ];
  for (const r of o.references ?? []) out.push(writeReference(r));
  for (const p of o.parties ?? []) out.push(...writeParty(p));
  return out;
}

function itemSegments(item: ShipmentItem, field: string): OutSegment[] {
  if (item.productIds.length === 0) {
    throw new ShipmentError([
      {
        field: `${field}.productIds`,
        code: "LIN_MISSING",
        message: "an item needs at least one product id (LIN)",
      },
    ]);
  }
  const out: OutSegment[] = [
    ["LIN", item.lineNumber ?? "", ...writeProductIds(item.productIds)],
    [
      "SN1",
      "",
      toReal(item.quantity, `${field}.quantity`),
      item.unit,
      "",
      item.orderedQuantity !== undefined ? toReal(item.orderedQuantity, `${field}.orderedQuantity`) : "",
      item.orderedUnit ?? "",
      "",
      item.status ?? "",
    ],
  ];
  for (const d of item.descriptions ?? []) out.push(writeDescription(d));
  return out;
}

/** Every item of the shipment, wherever it sits in the hierarchy. */
export function allItems(shipment: Shipment856): ShipmentItem[] {
  const out: ShipmentItem[] = [];
  const fromItem = (i: ShipmentItem) => {
    out.push(i);
    for (const p of i.packs ?? []) fromPack(p);
  };
  const fromPack = (p: ShipmentPack) => {
    for (const q of p.packs ?? []) fromPack(q);
    for (const i of p.items ?? []) fromItem(i);
  };
  for (const o of shipment.orders) {
    for (const t of o.tares ?? []) {
      for (const p of t.packs ?? []) fromPack(p);
      for (const i of t.items ?? []) fromItem(i);
    }
    for (const p of o.packs ?? []) fromPack(p);
    for (const i of o.items ?? []) fromItem(i);
  }
  return out;
}

// --- reading -----------------------------------------------------------------------------------------

interface ReadNode extends HierarchyNode {
  segment: Segment;
  body: Segment[];
}

/** Reads an 856 into a typed shipment and checks it (hierarchy, marks, items, totals). Never throws. */
export function read856(set: TransactionSet): { shipment: Shipment856; problems: Problem[] } {
  const log = new ProblemLog();
  const shipment: Shipment856 = {
    purpose: "",
    shipmentId: "",
    date: "",
    time: "",
    dates: [],
    references: [],
    parties: [],
    orders: [],
  };
  const nodes: ReadNode[] = [];
  let ctt: Segment | undefined;
  let bsn: Segment | undefined;
  for (const seg of set.segments) {
    if (seg.id === "HL") {
      nodes.push({ id: el(seg, 1), parent: el(seg, 2), level: el(seg, 3), segment: seg, body: [] });
    } else if (seg.id === "BSN") {
      bsn = seg;
    } else if (seg.id === "CTT") {
      ctt = seg;
    } else if (seg.id === "DTM" && nodes.length === 0) {
      // A DTM in the heading (before the first HL) belongs to the shipment as well.
      shipment.dates.push(readDate(seg, log));
    } else if (seg.id !== "ST" && seg.id !== "SE") {
      nodes.at(-1)?.body.push(seg);
    }
  }
  if (bsn) {
    shipment.purpose = el(bsn, 1);
    shipment.shipmentId = el(bsn, 2);
    shipment.date = isoDate(el(bsn, 3)) ?? "";
    if (!shipment.date) log.add("error", "DATE_INVALID", `BSN03 "${el(bsn, 3)}" is not a valid date`, bsn, 3);
    shipment.time = el(bsn, 4);
    put(shipment, "structure", opt(bsn, 5));
  } else {
    log.add("error", "SEGMENT_MISSING", `856 ${set.controlNumber} has no BSN segment`, set.segments[0]);
  }
  if (nodes.length === 0)
    log.add("error", "HL_MISSING", `856 ${set.controlNumber} has no HL segment`, set.segments[0]);

  const issues = checkHierarchy(nodes, shipment.structure);
  for (const issue of issues) log.add("error", issue.code, issue.message, issue.node.segment);
  if (shipment.structure && !(shipment.structure in STRUCTURE_CHILDREN)) {
    log.add(
      "warning",
      "BSN_STRUCTURE",
      `BSN05 ${shipment.structure} is not a structure this engine checks; S-O-(T/P/I) order is assumed`,
      bsn,
    );
  }

  // Build the tree: each level's object, attached to its parent's.
  const objects = new Map<string, { level: string; value: unknown }>();
  for (const node of nodes) {
    const parent = objects.get(node.parent);
    switch (node.level) {
      case "S":
        if (!objects.has(node.id)) readShipmentLevel(shipment, node.body, log);
        objects.set(node.id, { level: "S", value: shipment });
        break;
      case "O": {
        const order = readOrderLevel(node, log);
        // An order under the wrong parent is reported by the hierarchy check and still kept.
        shipment.orders.push(order);
        objects.set(node.id, { level: "O", value: order });
        break;
      }
      case "T": {
        const tare: ShipmentTare = {};
        readMarks(tare, node, log);
        if (parent?.level === "O") {
          const order = parent.value as ShipmentOrder;
          order.tares = appended(order.tares, tare);
        }
        objects.set(node.id, { level: "T", value: tare });
        break;
      }
      case "P":
      case "Q": {
        const pack: ShipmentPack = {};
        readMarks(pack, node, log);
        if (node.level === "P" && !node.body.some((s) => s.id === "MAN")) {
          log.add(
            "error",
            "HL_PACK_MARKS",
            `pack HL ${node.id} has no MAN segment (carton marks / SSCC)`,
            node.segment,
          );
        }
        if (parent && parent.level !== "S") {
          const holder = parent.value as { packs?: ShipmentPack[] };
          holder.packs = appended(holder.packs, pack);
        }
        objects.set(node.id, { level: node.level, value: pack });
        break;
      }
      case "I": {
        const item = readItemLevel(node, log);
        if (parent && parent.level !== "S") {
          const holder = parent.value as { items?: ShipmentItem[] };
          holder.items = appended(holder.items, item);
        }
        objects.set(node.id, { level: "I", value: item });
        break;
      }
      default:
        log.add(
          "warning",
          "HL_LEVEL_UNKNOWN",
          `HL ${node.id} has level ${node.level}, which this engine does not map`,
          node.segment,
        );
    }
  }
  put(shipment, "shipDate", shipment.dates.find((d) => d.qualifier === "011")?.date);
  put(shipment, "estimatedDelivery", shipment.dates.find((d) => d.qualifier === "017")?.date);
  put(shipment, "billOfLading", shipment.references.find((r) => r.qualifier === "BM")?.value);
  put(shipment, "shipFrom", findParty(shipment.parties, "SF"));
  put(shipment, "shipTo", findParty(shipment.parties, "ST"));
  if (ctt) {
    shipment.totals = { lineCount: Number(el(ctt, 1)) };
    put(shipment.totals, "hashTotal", numeric(ctt, 2, log, decimal));
    checkTotals(shipment, nodes.length, ctt, log);
  }
  return { shipment, problems: log.problems };
}

/** The checks of a received 856 alone: hierarchy, marks and SSCC check digits, items, totals. */
export function check856(set: TransactionSet): Problem[] {
  return read856(set).problems;
}

/** The shipment level carries references (the bill of lading among them), dates and parties. */
const SHIPMENT_SEGMENTS = HEADING.REF | HEADING.DTM | HEADING.N1;
/** An order level carries references and parties, besides its PRF. */
const ORDER_SEGMENTS = HEADING.REF | HEADING.N1;

function readShipmentLevel(shipment: Shipment856, body: Segment[], log: ProblemLog): void {
  const heading = new HeadingReader(log);
  for (const seg of body) {
    if (heading.take(seg, shipment, SHIPMENT_SEGMENTS)) continue;
    switch (seg.id) {
      case "TD1": {
        const p: NonNullable<Shipment856["packaging"]> = {};
        put(p, "code", opt(seg, 1));
        put(p, "ladingQuantity", opt(seg, 2));
        put(p, "weightQualifier", opt(seg, 6));
        put(p, "weight", numeric(seg, 7, log, decimal));
        put(p, "weightUnit", opt(seg, 8));
        shipment.packaging = p;
        break;
      }
      case "TD5": {
        const c: NonNullable<Shipment856["carrier"]> = {};
        put(c, "routingSequence", opt(seg, 1));
        put(c, "idQualifier", opt(seg, 2));
        put(c, "scac", opt(seg, 3));
        put(c, "transportMethod", opt(seg, 4));
        put(c, "routing", opt(seg, 5));
        shipment.carrier = c;
        break;
      }
    }
  }
}

function readOrderLevel(node: ReadNode, log: ProblemLog): ShipmentOrder {
  const order: ShipmentOrder = { poNumber: "" };
  const heading = new HeadingReader(log);
  for (const seg of node.body) {
    if (heading.take(seg, order, ORDER_SEGMENTS)) continue;
    switch (seg.id) {
      case "PRF": {
        order.poNumber = el(seg, 1);
        put(order, "releaseNumber", opt(seg, 2));
        put(order, "poDate", readDateElement(seg, 4, log));
        break;
      }
    }
  }
  if (!order.poNumber)
    log.add("error", "PRF_MISSING", `order HL ${node.id} has no PRF (customer's PO number)`, node.segment);
  return order;
}

function readMarks(target: { sscc?: string; marks?: Marks[] }, node: ReadNode, log: ProblemLog): void {
  for (const seg of node.body) {
    if (seg.id !== "MAN") continue;
    const qualifier = el(seg, 1);
    const value = el(seg, 2);
    if (qualifier === "GM" || qualifier === "AA") {
      const check = checkSscc18(value);
      // GM carries the application identifier "00" before the 18 digits; AA carries the SSCC alone.
      const expected = qualifier === "GM" ? 20 : 18;
      if (!check.valid) {
        log.add(
          "error",
          check.code ?? "SSCC_LENGTH",
          `MAN*${qualifier} in HL ${node.id}: ${check.message}`,
          seg,
        );
      } else if (value.length !== expected) {
        log.add(
          "warning",
          "SSCC_LENGTH",
          `MAN*${qualifier} "${value}" in HL ${node.id} has ${value.length} digits; MAN*${qualifier} carries ${expected}`,
          seg,
        );
      }
      if (check.valid && qualifier === "GM" && value.length === 20 && target.sscc === undefined) {
        target.sscc = check.sscc;
        continue;
      }
    }
    target.marks = appended(target.marks, { qualifier, value });
  }
}

function readItemLevel(node: ReadNode, log: ProblemLog): ShipmentItem {
  const item: ShipmentItem = { productIds: [], quantity: "", unit: "" };
  let lin = false;
  let sn1 = false;
  for (const seg of node.body) {
    switch (seg.id) {
      case "LIN":
        if (lin) break;
        lin = true;
        put(item, "lineNumber", opt(seg, 1));
        item.productIds = readProductIds(seg, 2);
        break;
      case "SN1":
        if (sn1) break;
        sn1 = true;
        item.quantity = numeric(seg, 2, log, decimal) ?? "";
        item.unit = el(seg, 3);
        put(item, "orderedQuantity", numeric(seg, 5, log, decimal));
        put(item, "orderedUnit", opt(seg, 6));
        put(item, "status", opt(seg, 8));
        break;
      case "PID":
        item.descriptions = appended(item.descriptions, readDescription(seg));
        break;
    }
  }
  if (!lin) log.add("error", "HL_ITEM_LIN", `item HL ${node.id} has no LIN (product ids)`, node.segment);
  if (!sn1) log.add("error", "HL_ITEM_SN1", `item HL ${node.id} has no SN1 (quantity shipped)`, node.segment);
  nameProductIds(item);
  return item;
}

/**
 * CTT01 in an 856 counts HL segments in most retail guides and LIN line items in others (both occur in
 * real files), so either count is accepted. CTT02, when sent, is the sum of the SN102 quantities.
 */
function checkTotals(shipment: Shipment856, hlCount: number, ctt: Segment, log: ProblemLog): void {
  const totals = shipment.totals;
  if (!totals) return;
  const items = allItems(shipment);
  if (totals.lineCount !== hlCount && totals.lineCount !== items.length) {
    log.add(
      "error",
      "CTT_LINE_COUNT",
      `CTT01 says ${totals.lineCount} but the notice has ${hlCount} HL segments and ${items.length} items`,
      ctt,
    );
  }
  if (totals.hashTotal !== undefined) {
    const total = items.reduce((acc, i) => acc.plus(i.quantity || "0"), new Decimal(0));
    if (!total.equals(totals.hashTotal)) {
      log.add(
        "error",
        "CTT_HASH_TOTAL",
        `CTT02 hash total ${totals.hashTotal} differs from the sum of the SN102 quantities (${total.toFixed()})`,
        ctt,
      );
    }
  }
}
