// The X12 writer: builds an interchange around transaction sets — a fixed-width ISA, GS/ST/SE/GE/IEA with
// their counts and control numbers — with separators that never occur in the data. No byte-order mark,
// no indentation: what many partners' translators reject is never emitted.
import type {
  Delimiters,
  OutFunctionalGroup,
  OutInterchange,
  OutSegment,
  OutTransactionSet,
} from "./types.ts";

export interface WriteOptions {
  /**
   * Separators to use. One given here that occurs in the data is an error; one left out is chosen
   * among common defaults so that it does not occur in the data.
   */
  delimiters?: Partial<Delimiters>;
}

/** The input cannot be written as X12 (a bad header value, or a chosen separator inside the data). */
export class X12WriteError extends Error {
  override name = "X12WriteError";
}

const CANDIDATES: Record<keyof Delimiters, string[]> = {
  element: ["*", "|", "\x1d", "\x7f"],
  component: [">", ":", "\\", "\x1f"],
  segment: ["~", "'", "\x1c", "\x15"],
  repetition: ["^", "{", "\x1e", "\x1b"],
};

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** Writes one interchange. Throws X12WriteError for input that cannot be valid X12. */
export function writeX12(interchange: OutInterchange, options: WriteOptions = {}): string {
  const version = interchange.version ?? "00401";
  // ISA11 is the repetition separator from 00402 on; for 00401 it is the standards identifier "U".
  const usesRepetition = version >= "00402";
  const header = isaFields(interchange, version);
  const body = bodySegments(interchange, version);
  const d = chooseDelimiters(options.delimiters ?? {}, usesRepetition, header, body);
  header[10] = usesRepetition ? (d.repetition as string) : "U";
  header[15] = d.component;
  const out: string[] = [`ISA${d.element}${header.join(d.element)}`];
  for (const seg of body) out.push(serialize(seg, d));
  return out.join(d.segment) + d.segment;
}

function isaFields(ic: OutInterchange, version: string): string[] {
  const date = ic.date ?? new Date();
  return [
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    fixed("ISA05 (sender qualifier)", ic.senderQualifier, 2),
    fixed("ISA06 (sender)", ic.sender, 15),
    fixed("ISA07 (receiver qualifier)", ic.receiverQualifier, 2),
    fixed("ISA08 (receiver)", ic.receiver, 15),
    yymmdd(date),
    hhmm(date),
    "", // ISA11, set once the separators are chosen
    version,
    controlNumber("ISA13 (interchange control number)", ic.controlNumber, 9, 9),
    ic.acknowledgmentRequested ? "1" : "0",
    ic.usage ?? "P",
    "", // ISA16, likewise
  ];
}

/** Every segment after the ISA, trailers included, with counts computed here. */
function bodySegments(ic: OutInterchange, version: string): OutSegment[] {
  const out: OutSegment[] = [];
  for (const ta1 of ic.ta1 ?? []) out.push(checkSegment(ta1));
  // Appended in place, never spread into push(): a group of many thousand sets would exceed the
  // engine's limit on call arguments.
  for (const group of ic.groups) appendGroup(out, group, ic, version);
  out.push(["IEA", String(ic.groups.length), controlNumber("ISA13", ic.controlNumber, 9, 9)]);
  return out;
}

function appendGroup(
  out: OutSegment[],
  group: OutFunctionalGroup,
  ic: OutInterchange,
  version: string,
): void {
  const date = group.date ?? ic.date ?? new Date();
  const gs06 = controlNumber("GS06 (group control number)", group.controlNumber, 1, 9);
  out.push([
    "GS",
    required("GS01", group.functionalId),
    required("GS02", group.applicationSender),
    required("GS03", group.applicationReceiver),
    ccyymmdd(date),
    hhmm(date),
    gs06,
    "X",
    group.version ?? (version === "00501" ? "005010" : "004010"),
  ]);
  const seen = new Set<string>();
  for (const set of group.transactionSets) {
    const st02 = setControlNumber(set);
    if (seen.has(st02)) throw new X12WriteError(`ST02 ${st02} is used twice in group ${gs06}.`);
    seen.add(st02);
    appendSet(out, set, st02);
  }
  out.push(["GE", String(group.transactionSets.length), gs06]);
}

function appendSet(out: OutSegment[], set: OutTransactionSet, st02: string): void {
  if (!/^\d{3}$/.test(set.type))
    throw new X12WriteError(`ST01 "${set.type}" is not a transaction set identifier.`);
  const st: OutSegment = ["ST", set.type, st02];
  if (set.implementationReference) st.push(set.implementationReference);
  const segments = set.segments.map(checkSegment);
  for (const s of segments) {
    if (["ISA", "IEA", "GS", "GE", "ST", "SE"].includes(s[0])) {
      throw new X12WriteError(
        `Transaction set ${st02} contains an envelope segment ${s[0]}; the writer adds those.`,
      );
    }
  }
  out.push(st);
  for (const s of segments) out.push(s);
  out.push(["SE", String(segments.length + 2), st02]);
}

function setControlNumber(set: OutTransactionSet): string {
  const n = set.controlNumber;
  // Numeric ST02s are padded to the minimum of 4 characters; others must already be 4–9 long.
  const padded = /^\d{1,9}$/.test(n) ? n.padStart(4, "0") : n;
  if (padded.length < 4 || padded.length > 9 || padded.trim() !== padded) {
    throw new X12WriteError(`ST02 "${n}" must be 4 to 9 characters.`);
  }
  return padded;
}

function checkSegment(seg: OutSegment): OutSegment {
  if (!SEGMENT_ID.test(seg[0])) throw new X12WriteError(`"${seg[0]}" is not a segment identifier.`);
  return seg;
}

function required(name: string, value: string): string {
  if (value === "") throw new X12WriteError(`${name} must not be empty.`);
  return value;
}

function fixed(name: string, value: string, width: number): string {
  if (value.length === 0 || value.length > width) {
    throw new X12WriteError(`${name} "${value}" must be 1 to ${width} characters.`);
  }
  return value.padEnd(width, " ");
}

function controlNumber(name: string, value: string, min: number, max: number): string {
  if (!/^\d+$/.test(value) || value.length > max) {
    throw new X12WriteError(`${name} "${value}" must be a number of at most ${max} digits.`);
  }
  return value.padStart(min, "0");
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const yymmdd = (d: Date) =>
  `${pad2(d.getUTCFullYear() % 100)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
const ccyymmdd = (d: Date) => `${d.getUTCFullYear()}${yymmdd(d).slice(2)}`;
const hhmm = (d: Date) => `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}`;

/** Each value of a segment as written, with the element position it is reported under. */
function* values(seg: OutSegment): Generator<[value: string, where: string]> {
  for (let i = 1; i < seg.length; i++) {
    const el = seg[i] as string | string[];
    const where = `${seg[0]}${String(i).padStart(2, "0")}`;
    if (typeof el === "string") yield [el, where];
    else for (let j = 0; j < el.length; j++) yield [el[j] as string, `${where}-${j + 1}`];
  }
}

function chooseDelimiters(
  given: Partial<Delimiters>,
  usesRepetition: boolean,
  header: string[],
  body: OutSegment[],
): Delimiters {
  const kinds: (keyof Delimiters)[] = usesRepetition
    ? ["element", "component", "segment", "repetition"]
    : ["element", "component", "segment"];
  const used = new Set<string>();
  for (const v of header) for (const c of v) used.add(c);
  for (const seg of body) for (const [v] of values(seg)) for (const c of v) used.add(c);
  const chosen: Partial<Delimiters> = {};
  const taken = new Set<string>();
  for (const kind of kinds) {
    const want = given[kind];
    if (want !== undefined) {
      if (want.length !== 1) throw new X12WriteError(`The ${kind} separator must be one character.`);
      if (/[A-Za-z0-9 ]/.test(want))
        throw new X12WriteError(`The ${kind} separator must not be a letter, digit or space.`);
      if (taken.has(want))
        throw new X12WriteError(`The ${kind} separator ${show(want)} is already another separator.`);
      if (used.has(want))
        throw new X12WriteError(
          `The ${kind} separator ${show(want)} occurs in ${findValue(want, header, body)}.`,
        );
      chosen[kind] = want;
    } else {
      const pick = CANDIDATES[kind].find(
        (c) => !used.has(c) && !taken.has(c) && !Object.values(given).includes(c),
      );
      if (pick === undefined)
        throw new X12WriteError(`No ${kind} separator is free: the data uses every candidate.`);
      chosen[kind] = pick;
    }
    taken.add(chosen[kind] as string);
  }
  return chosen as Delimiters;
}

function findValue(c: string, header: string[], body: OutSegment[]): string {
  const h = header.findIndex((v) => v.includes(c));
  if (h >= 0) return `ISA${String(h + 1).padStart(2, "0")} ${JSON.stringify(header[h])}`;
  for (const seg of body)
    for (const [v, where] of values(seg)) if (v.includes(c)) return `${where} ${JSON.stringify(v)}`;
  return "the data";
}

function show(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x21 || code > 0x7e ? `0x${code.toString(16).padStart(2, "0").toUpperCase()}` : `"${c}"`;
}

function serialize(seg: OutSegment, d: Delimiters): string {
  const parts: string[] = [seg[0]];
  for (let i = 1; i < seg.length; i++) {
    const el = seg[i] as string | string[];
    if (typeof el === "string") parts.push(el);
    else {
      let n = el.length;
      while (n > 0 && el[n - 1] === "") n--;
      parts.push(el.slice(0, n).join(d.component));
    }
  }
  let n = parts.length;
  while (n > 1 && parts[n - 1] === "") n--;
  return (n === parts.length ? parts : parts.slice(0, n)).join(d.element);
}
