// Pieces shared by the typed documents: parties (N1 loops), references (REF), contacts (PER), dates
// (DTM), product ids (235/234 pairs), descriptions (PID), allowances and charges (SAC); each read from
// segments and written back to segments, so that what is read can be rebuilt unchanged.
import type { OutSegment, Problem, Segment } from "../types.ts";
import { decimal, el, impliedDecimal, isoDate, opt, toImplied, toReal, x12Date } from "./values.ts";

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
  add(severity: Problem["severity"], code: string, message: string, seg?: Segment): void {
    this.problems.push({
      severity,
      code,
      message,
      ...(seg ? { segment: seg.id, position: seg.position } : {}),
    });
  }
}

/** Sets a property only when the value is defined, so absent data stays absent in the typed object. */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== "") target[key] = value;
}

export function readReference(seg: Segment): Reference {
  const ref: Reference = { qualifier: el(seg, 1) };
  put(ref, "value", opt(seg, 2));
  put(ref, "description", opt(seg, 3));
  return ref;
}

export function writeReference(ref: Reference): OutSegment {
  return ["REF", ref.qualifier, ref.value ?? "", ref.description ?? ""];
}

export function readContact(seg: Segment): Contact {
  const contact: Contact = { function: el(seg, 1), communications: [] };
  put(contact, "name", opt(seg, 2));
  for (const n of [3, 5, 7]) {
    if (opt(seg, n) || opt(seg, n + 1))
      contact.communications.push({ qualifier: el(seg, n), number: el(seg, n + 1) });
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
      log.add("error", "DATE_INVALID", `DTM02 "${raw}" (qualifier ${d.qualifier}) is not a valid date`, seg);
  }
  put(d, "time", opt(seg, 3));
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

export function readDescription(seg: Segment): Description {
  const d: Description = { type: el(seg, 1) };
  put(d, "characteristic", opt(seg, 2));
  put(d, "agency", opt(seg, 3));
  put(d, "code", opt(seg, 4));
  put(d, "text", opt(seg, 5));
  return d;
}

export function writeDescription(d: Description): OutSegment {
  return ["PID", d.type, d.characteristic ?? "", d.agency ?? "", d.code ?? "", d.text ?? ""];
}

export function readAllowanceCharge(seg: Segment, log: ProblemLog): AllowanceCharge {
  const sac: AllowanceCharge = { indicator: el(seg, 1) };
  put(sac, "code", opt(seg, 2));
  put(sac, "agency", opt(seg, 3));
  put(sac, "agencyCode", opt(seg, 4));
  put(
    sac,
    "amount",
    numeric(seg, 5, log, (v) => impliedDecimal(v, 2)),
  );
  put(sac, "percentQualifier", opt(seg, 6));
  put(sac, "percent", numeric(seg, 7, log, decimal));
  put(sac, "rate", numeric(seg, 8, log, decimal));
  put(sac, "unit", opt(seg, 9));
  put(sac, "quantity", numeric(seg, 10, log, decimal));
  put(sac, "handling", opt(seg, 12));
  put(sac, "referenceId", opt(seg, 13));
  put(sac, "description", opt(seg, 15));
  return sac;
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
    );
  }
  return value;
}

/** The segments that may follow N1 inside a name loop, in any of the sets this layer reads. */
const PARTY_LOOP = new Set(["N2", "N3", "N4", "REF", "PER"]);

/**
 * Reads N1 loops as they come: `start` opens a party at an N1, `take` adds a loop segment to the open
 * party (returning false once the segment is not part of the loop, which closes it).
 */
export class PartyReader {
  private current: Party | undefined;

  start(seg: Segment): Party {
    const p: Party = { entity: el(seg, 1) };
    put(p, "name", opt(seg, 2));
    put(p, "idQualifier", opt(seg, 3));
    put(p, "id", opt(seg, 4));
    this.current = p;
    return p;
  }

  take(seg: Segment): boolean {
    const p = this.current;
    if (!p || !PARTY_LOOP.has(seg.id)) {
      this.current = undefined;
      return false;
    }
    switch (seg.id) {
      case "N2":
        p.additionalNames = [...(p.additionalNames ?? []), ...[opt(seg, 1), opt(seg, 2)].filter(isText)];
        break;
      case "N3":
        p.address = [...(p.address ?? []), ...[opt(seg, 1), opt(seg, 2)].filter(isText)];
        break;
      case "N4":
        put(p, "city", opt(seg, 1));
        put(p, "state", opt(seg, 2));
        put(p, "postalCode", opt(seg, 3));
        put(p, "country", opt(seg, 4));
        break;
      case "REF":
        p.references = [...(p.references ?? []), readReference(seg)];
        break;
      case "PER":
        p.contacts = [...(p.contacts ?? []), readContact(seg)];
        break;
    }
    return true;
  }

  close(): void {
    this.current = undefined;
  }
}

function isText(v: string | undefined): v is string {
  return v !== undefined;
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
