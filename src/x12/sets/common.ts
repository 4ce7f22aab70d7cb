// Pieces shared by the typed documents: parties (N1 loops), references (REF), contacts (PER), dates
// (DTM), product ids (235/234 pairs), descriptions (PID), allowances and charges (SAC); each read from
// segments and written back to segments, so that what is read can be rebuilt unchanged.
import type { OutSegment, Problem, Segment } from "../types.ts";
import { decimal, el, impliedDecimal, isoDate, toImplied, toReal, x12Date } from "./values.ts";

export interface Reference {
  /** REF01, e.g. "DP" department, "IA" vendor number, "BM" bill of lading. */
  qualifier: string;
  value?: string;
  description?: string;
}

export interface Contact {
  /** PER01, e.g. "BD" buyer, "OC" order contact. */
  function: string;
  name?: string;
  /** PER03/04, 05/06, 07/08: e.g. { qualifier: "TE", number: "973-555-1212" }. */
  communications: { qualifier: string; number: string }[];
}

export interface DateReference {
  /** DTM01, e.g. "010" requested ship, "002" delivery requested. */
  qualifier: string;
  /** ISO date (YYYY-MM-DD). */
  date?: string;
  /** HHMM[SS]. */
  time?: string;
}

export interface Party {
  /** N101: "ST" ship to, "BT" bill to, "BY" buyer, "SF" ship from, "SU" supplier, "VN" vendor… */
  entity: string;
  name?: string;
  /** N103/N104: how the location is identified ("92" buyer-assigned, "9" DUNS+4, "UL" GLN…) and its id. */
  idQualifier?: string;
  id?: string;
  /** N2 lines. */
  additionalNames?: string[];
  /** N3 lines. */
  address?: string[];
  /** N401–N404. */
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  references?: Reference[];
  contacts?: Contact[];
}

/** One 235/234 pair: `{ qualifier: "UP", id: "012345678905" }`. */
export interface ProductId {
  qualifier: string;
  id: string;
}

export interface Description {
  /** PID01: "F" free-form, "S" structured. */
  type: string;
  /** PID02 product/process characteristic code (e.g. "08" product, "73" color). */
  characteristic?: string;
  /** PID03/PID04: agency and code of a structured description. */
  agency?: string;
  code?: string;
  /** PID05. */
  text?: string;
}

export interface AllowanceCharge {
  /** SAC01: "A" allowance, "C" charge, "N" no allowance or charge. */
  indicator: string;
  /** SAC02, e.g. "F800" promotional allowance, "D240" freight. */
  code?: string;
  /** SAC03/SAC04: agency and agency's code. */
  agency?: string;
  agencyCode?: string;
  /** SAC05 as a decimal amount (the element carries implied cents). */
  amount?: string;
  /** SAC06/SAC07: what the percent applies to, and the percent. */
  percentQualifier?: string;
  percent?: string;
  /** SAC08 rate, SAC09/SAC10 unit and quantity. */
  rate?: string;
  unit?: string;
  quantity?: string;
  /** SAC12 method of handling, e.g. "02" off invoice. */
  handling?: string;
  /** SAC13 reference id, SAC15 description. */
  referenceId?: string;
  description?: string;
}

/** Collects the problems of one mapping, each anchored at the segment it concerns. */
export class ProblemLog {
  readonly problems: Problem[] = [];
  /** `element` (1 for BEG01) when the problem is about one element of `seg`. */
  add(severity: Problem["severity"], code: string, message: string, seg?: Segment, element?: number): void {
    this.problems.push({
      severity,
      code,
      message,
      ...(seg ? { segment: seg.id, position: seg.position } : {}),
      ...(element !== undefined ? { element } : {}),
    });
  }
}

/**
 * Sets a property only when the value is defined, so absent data stays absent in the typed object.
 * The readers of segments that every document repeats (REF, DTM, N1, PO1…) assign directly instead:
 * a store through a variable key is several times slower than a named one.
 */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== "") target[key] = value;
}

export function readReference(seg: Segment): Reference {
  const ref: Reference = { qualifier: el(seg, 1) };
  const value = el(seg, 2);
  if (value) ref.value = value;
  const description = el(seg, 3);
  if (description) ref.description = description;
  return ref;
}

export function writeReference(ref: Reference): OutSegment {
  return ["REF", ref.qualifier, ref.value ?? "", ref.description ?? ""];
}

export function readContact(seg: Segment): Contact {
  const contact: Contact = { function: el(seg, 1), communications: [] };
  const name = el(seg, 2);
  if (name) contact.name = name;
  for (let n = 3; n <= 7; n += 2) {
    const qualifier = el(seg, n);
    const number = el(seg, n + 1);
    if (qualifier || number) contact.communications.push({ qualifier, number });
  }
  return contact;
}

export function writeContact(c: Contact): OutSegment {
  return [
    "PER",
    c.function,
    c.name ?? "",
    ...c.communications.slice(0, 3).flatMap((x) => [x.qualifier, x.number]),
  ];
}

export function readDate(seg: Segment, log: ProblemLog): DateReference {
  const d: DateReference = { qualifier: el(seg, 1) };
  const raw = el(seg, 2);
  if (raw) {
    const iso = isoDate(raw);
    if (iso) d.date = iso;
    else
      log.add(
        "error",
        "DATE_INVALID",
        `DTM02 "${raw}" (qualifier ${d.qualifier}) is not a valid date`,
        seg,
        2,
      );
  }
  const time = el(seg, 3);
  if (time) d.time = time;
  return d;
}

export function writeDate(d: DateReference): OutSegment {
  return ["DTM", d.qualifier, d.date ? x12Date(d.date) : "", d.time ?? ""];
}

/** The 235/234 pairs of a segment, from element `from` on. */
export function readProductIds(seg: Segment, from: number): ProductId[] {
  const ids: ProductId[] = [];
  for (let n = from; n < seg.elements.length + 1; n += 2) {
    const qualifier = el(seg, n);
    const id = el(seg, n + 1);
    if (qualifier || id) ids.push({ qualifier, id });
  }
  return ids;
}

export function writeProductIds(ids: readonly ProductId[]): string[] {
  return ids.flatMap((p) => [p.qualifier, p.id]);
}

/** The first id given under any of the qualifiers, in the order of the qualifiers. */
export function productId(ids: readonly ProductId[], ...qualifiers: string[]): string | undefined {
  for (const q of qualifiers) {
    const found = ids.find((p) => p.qualifier === q);
    if (found) return found.id;
  }
  return undefined;
}

/** The product ids most documents name: buyer's part, vendor's item and part number, UPC, GTIN. */
export interface NamedProductIds {
  productIds: ProductId[];
  buyerPartNumber?: string;
  vendorItemNumber?: string;
  vendorPartNumber?: string;
  upc?: string;
  gtin?: string;
}

/** Gives a line or item its named product ids from its 235/234 pairs (the first of each wins). */
export function nameProductIds(target: NamedProductIds): void {
  const ids = target.productIds;
  put(target, "buyerPartNumber", productId(ids, "BP"));
  put(target, "vendorItemNumber", productId(ids, "VN"));
  put(target, "vendorPartNumber", productId(ids, "VP"));
  put(target, "upc", productId(ids, "UP"));
  put(target, "gtin", productId(ids, "UK"));
}

export function readDescription(seg: Segment): Description {
  const d: Description = { type: el(seg, 1) };
  const characteristic = el(seg, 2);
  if (characteristic) d.characteristic = characteristic;
  const agency = el(seg, 3);
  if (agency) d.agency = agency;
  const code = el(seg, 4);
  if (code) d.code = code;
  const text = el(seg, 5);
  if (text) d.text = text;
  return d;
}

export function writeDescription(d: Description): OutSegment {
  return ["PID", d.type, d.characteristic ?? "", d.agency ?? "", d.code ?? "", d.text ?? ""];
}

export function readAllowanceCharge(seg: Segment, log: ProblemLog): AllowanceCharge {
  const sac: AllowanceCharge = { indicator: el(seg, 1) };
  const code = el(seg, 2);
  if (code) sac.code = code;
  const agency = el(seg, 3);
  if (agency) sac.agency = agency;
  const agencyCode = el(seg, 4);
  if (agencyCode) sac.agencyCode = agencyCode;
  const amount = numeric(seg, 5, log, cents);
  if (amount !== undefined) sac.amount = amount;
  const percentQualifier = el(seg, 6);
  if (percentQualifier) sac.percentQualifier = percentQualifier;
  const percent = numeric(seg, 7, log, decimal);
  if (percent !== undefined) sac.percent = percent;
  const rate = numeric(seg, 8, log, decimal);
  if (rate !== undefined) sac.rate = rate;
  const unit = el(seg, 9);
  if (unit) sac.unit = unit;
  const quantity = numeric(seg, 10, log, decimal);
  if (quantity !== undefined) sac.quantity = quantity;
  const handling = el(seg, 12);
  if (handling) sac.handling = handling;
  const referenceId = el(seg, 13);
  if (referenceId) sac.referenceId = referenceId;
  const description = el(seg, 15);
  if (description) sac.description = description;
  return sac;
}

/** An N2 amount: implied cents. */
function cents(value: string): string | undefined {
  return impliedDecimal(value, 2);
}

export function writeAllowanceCharge(s: AllowanceCharge, field: string): OutSegment {
  return [
    "SAC",
    s.indicator,
    s.code ?? "",
    s.agency ?? "",
    s.agencyCode ?? "",
    s.amount !== undefined ? toImplied(s.amount, 2, `${field}.amount`) : "",
    s.percentQualifier ?? "",
    s.percent !== undefined ? toReal(s.percent, `${field}.percent`) : "",
    s.rate !== undefined ? toReal(s.rate, `${field}.rate`) : "",
    s.unit ?? "",
    s.quantity !== undefined ? toReal(s.quantity, `${field}.quantity`) : "",
    "",
    s.handling ?? "",
    s.referenceId ?? "",
    "",
    s.description ?? "",
  ];
}

/** A numeric element converted, or undefined (with a problem) when it is not a number. */
export function numeric(
  seg: Segment,
  n: number,
  log: ProblemLog,
  convert: (raw: string) => string | undefined,
): string | undefined {
  const raw = el(seg, n);
  if (raw === "") return undefined;
  const value = convert(raw);
  if (value === undefined) {
    log.add(
      "error",
      "NUMBER_INVALID",
      `${seg.id}${String(n).padStart(2, "0")} "${raw}" is not a number`,
      seg,
      n,
    );
  }
  return value;
}

/** An ISO date from element `n`, or undefined: absent when empty, a DATE_INVALID problem when not a date. */
export function readDateElement(seg: Segment, n: number, log: ProblemLog): string | undefined {
  const raw = el(seg, n);
  if (!raw) return undefined;
  const iso = isoDate(raw);
  if (!iso)
    log.add(
      "error",
      "DATE_INVALID",
      `${seg.id}${String(n).padStart(2, "0")} "${raw}" is not a valid date`,
      seg,
      n,
    );
  return iso;
}

/**
 * Reads N1 loops as they come: `start` opens a party at an N1, `take` adds a loop segment to the open
 * party (returning false once the segment is not part of the loop, which closes it).
 */
class PartyReader {
  private current: Party | undefined;

  start(seg: Segment): Party {
    const p: Party = { entity: el(seg, 1) };
    const name = el(seg, 2);
    if (name) p.name = name;
    const idQualifier = el(seg, 3);
    if (idQualifier) p.idQualifier = idQualifier;
    const id = el(seg, 4);
    if (id) p.id = id;
    this.current = p;
    return p;
  }

  take(seg: Segment): boolean {
    const p = this.current;
    if (!p) return false;
    switch (seg.id) {
      case "N2":
        p.additionalNames = addTexts(p.additionalNames, seg);
        return true;
      case "N3":
        p.address = addTexts(p.address, seg);
        return true;
      case "N4": {
        const city = el(seg, 1);
        if (city) p.city = city;
        const state = el(seg, 2);
        if (state) p.state = state;
        const postalCode = el(seg, 3);
        if (postalCode) p.postalCode = postalCode;
        const country = el(seg, 4);
        if (country) p.country = country;
        return true;
      }
      case "REF":
        p.references ??= [];
        p.references.push(readReference(seg));
        return true;
      case "PER":
        p.contacts ??= [];
        p.contacts.push(readContact(seg));
        return true;
      default:
        this.current = undefined;
        return false;
    }
  }

  close(): void {
    this.current = undefined;
  }
}

/** N2/N3 lines: the non-empty texts of elements 1 and 2 added to those of earlier segments. */
function addTexts(list: string[] | undefined, seg: Segment): string[] {
  const out = list ?? [];
  const first = el(seg, 1);
  if (first) out.push(first);
  const second = el(seg, 2);
  if (second) out.push(second);
  return out;
}

export function writeParty(p: Party): OutSegment[] {
  const out: OutSegment[] = [["N1", p.entity, p.name ?? "", p.idQualifier ?? "", p.id ?? ""]];
  for (const pair of chunks(p.additionalNames ?? [], 2)) out.push(["N2", ...pair]);
  for (const pair of chunks(p.address ?? [], 2)) out.push(["N3", ...pair]);
  if (p.city || p.state || p.postalCode || p.country) {
    out.push(["N4", p.city ?? "", p.state ?? "", p.postalCode ?? "", p.country ?? ""]);
  }
  for (const r of p.references ?? []) out.push(writeReference(r));
  for (const c of p.contacts ?? []) out.push(writeContact(c));
  return out;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The first party with one of the entity codes, e.g. `findParty(po.parties, "ST")` for the ship-to. */
export function findParty(parties: readonly Party[], ...entities: string[]): Party | undefined {
  for (const e of entities) {
    const found = parties.find((p) => p.entity === e);
    if (found) return found;
  }
  return undefined;
}

/**
 * The segments every set's heading repeats, as flags: a level of a set says which of them it carries
 * (`HEADING.REF | HEADING.DTM`), and `HeadingReader` reads only those into it.
 */
export const HEADING = { CUR: 1, REF: 2, PER: 4, DTM: 8, N1: 16 } as const;

/** All five: the heading of an 850 or an 855. */
export const ALL_HEADING_SEGMENTS = HEADING.CUR | HEADING.REF | HEADING.PER | HEADING.DTM | HEADING.N1;

/** Where `HeadingReader` puts what it reads; a list is created on first use when the level has none. */
export interface HeadingFields {
  /** CUR01 the entity whose currency it is (BY buyer, SE seller), CUR02 the currency code. */
  currencyEntity?: string;
  currency?: string;
  references?: Reference[];
  contacts?: Contact[];
  dates?: DateReference[];
  parties?: Party[];
}

/**
 * Reads the segments every transaction set's heading carries (CUR, REF, PER, DTM and N1 loops with
 * their N2, N3, N4, REF and PER) into the level being read, so that each set's reader maps only what is
 * its own. One reader serves a whole set: an N1 loop stays open across calls until a segment that is
 * not part of it arrives, whichever level that segment goes to.
 */
export class HeadingReader {
  private readonly parties = new PartyReader();

  constructor(private readonly log: ProblemLog) {}

  /**
   * Reads `seg` into `into` when it continues an open N1 loop or is one of the heading segments
   * `carries` names; false otherwise (the segment is the caller's to map or to pass over).
   */
  take(seg: Segment, into: HeadingFields, carries: number): boolean {
    if (this.parties.take(seg)) return true;
    switch (seg.id) {
      case "CUR":
        if ((carries & HEADING.CUR) === 0) return false;
        readCurrency(seg, into);
        return true;
      case "REF":
        if ((carries & HEADING.REF) === 0) return false;
        into.references = appended(into.references, readReference(seg));
        return true;
      case "PER":
        if ((carries & HEADING.PER) === 0) return false;
        into.contacts = appended(into.contacts, readContact(seg));
        return true;
      case "DTM":
        if ((carries & HEADING.DTM) === 0) return false;
        into.dates = appended(into.dates, readDate(seg, this.log));
        return true;
      case "N1":
        if ((carries & HEADING.N1) === 0) return false;
        into.parties = appended(into.parties, this.parties.start(seg));
        return true;
    }
    return false;
  }
}

/** The list with the value added at its end, created when there is none yet (empty lists stay absent). */
export function appended<T>(list: T[] | undefined, value: T): T[] {
  if (list === undefined) return [value];
  list.push(value);
  return list;
}

/** CUR01 and CUR02 (a later CUR overrides only the elements it sends). */
export function readCurrency(seg: Segment, into: HeadingFields): void {
  const entity = el(seg, 1);
  if (entity) into.currencyEntity = entity;
  const currency = el(seg, 2);
  if (currency) into.currency = currency;
}
