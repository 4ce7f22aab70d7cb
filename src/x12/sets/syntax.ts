// Syntax checks of a received transaction set against the dictionary: the findings become AK3/AK4
// notes in the 997 and problems in `edi check`. The codes are X12's own (AK304 and AK403).
import { isSegmentId } from "../reader.ts";
import type { Problem, Segment, TransactionSet } from "../types.ts";
import { ELEMENT_ERROR, SEGMENT_ERROR } from "./codes.ts";
import { type ElementDef, SETS, segmentDef } from "./dictionary.ts";
import { Placement, STRUCTURES, StructureWalker } from "./structure.ts";
import { isoDate, isTime } from "./values.ts";

export type SegmentErrorCode = keyof typeof SEGMENT_ERROR;
export type ElementErrorCode = keyof typeof ELEMENT_ERROR;

/** An AK4: what is wrong with one element. */
export interface ElementNote {
  /** Position of the element in its segment (1 for BEG01). */
  position: number;
  /** Position of the component inside a composite, when the error is in one. */
  component?: number;
  /** Data element reference number (e.g. 309), when known. */
  ref?: number;
  code: ElementErrorCode;
  /** A copy of the bad data, when there is some. */
  data?: string;
}

/** An AK3: a segment in error, with its element errors. */
export interface SegmentNote {
  id: string;
  /** Position of the segment in the set, ST being 1. */
  position: number;
  /** AK303, when the segment sits in a loop. */
  loopId?: string;
  code?: SegmentErrorCode;
  elements: ElementNote[];
  /** The segment as read, for its place in the file; absent for a missing segment. */
  segment?: Segment;
}

const MAX_ELEMENT_NOTES = 99;

/** Every syntax error in a set: segment errors and element errors, in the order of the segments. */
export function checkSyntax(set: TransactionSet, version: string): SegmentNote[] {
  const notes: SegmentNote[] = [];
  const segments = set.segments;
  const first = segments[0]?.id === "ST" ? 1 : 0;
  const last = segments.at(-1)?.id === "SE" ? segments.length - 1 : segments.length;
  const setDef = SETS[set.type];
  const shape = STRUCTURES[set.type];
  const walker = shape ? new StructureWalker(shape) : undefined;
  // Segments the 004010 tables do not define are reported only for 004010 sets: later versions add
  // segments that those tables do not list.
  const strict = version.startsWith("004010");
  const seen = new Map<string, number>();

  for (let i = first; i < last; i++) {
    const seg = segments[i] as Segment;
    const position = i + 1;
    if (!isSegmentId(seg.id)) {
      notes.push({ id: seg.id.slice(0, 3), position, code: "1", elements: [], segment: seg });
      continue;
    }
    const count = (seen.get(seg.id) ?? 0) + 1;
    seen.set(seg.id, count);
    const elementNotes = checkElements(seg, version, set.delimiters.component);
    let code: SegmentErrorCode | undefined;
    const place = walker ? walker.place(seg.id) : Placement.Placed;
    if (place === Placement.OutOfSequence) code = "7";
    else if (place === Placement.NotInSet && strict) code = "6";
    else if (setDef && count > 1 && setDef.once.includes(seg.id)) code = "5";
    if (!code && elementNotes.length > 0) code = "8";
    if (code) {
      const note: SegmentNote = { id: seg.id, position, code, elements: elementNotes, segment: seg };
      const loopId = walker?.loopId;
      if (loopId) note.loopId = loopId;
      notes.push(note);
    }
  }

  if (setDef) {
    if (!seen.has(setDef.header))
      notes.push({ id: setDef.header, position: first + 1, code: "3", elements: [] });
    for (const m of setDef.mandatory) {
      if (seen.has(m.id)) continue;
      let at = segments.findIndex((s, i) => i >= first && m.before.includes(s.id));
      if (at < 0) at = last;
      notes.push({ id: m.id, position: at + 1, code: "3", elements: [] });
    }
  }
  return notes.sort((a, b) => a.position - b.position);
}

/** The element errors of one segment; empty for a segment the dictionary does not describe. */
export function checkElements(seg: Segment, version: string, componentSeparator: string): ElementNote[] {
  const def = segmentDef(seg.id, version);
  if (!def) return [];
  // Written as plain loops: this runs for every segment of every set checked or acknowledged.
  const values = seg.elements;
  const defs = def.elements;
  const notes: ElementNote[] = [];
  const separator = componentSeparator.charCodeAt(0);
  for (let i = 0; i < defs.length; i++) {
    const raw = values[i] ?? "";
    const elementDef = defs[i] as ElementDef;
    if (raw === "" && elementDef[0] !== "M") continue;
    const code = valueCode(raw, elementDef, separator);
    if (code) notes.push(note(i + 1, elementDef, code, raw));
  }
  const allowed = defs.length + (def.unchecked ?? 0);
  for (let i = allowed; i < values.length; i++) {
    if (values[i]) {
      notes.push({ position: i + 1, code: "3", data: values[i] as string });
      break;
    }
  }
  for (const rule of def.paired ?? []) {
    if (anyPresent(values, rule)) requireAll(values, rule, defs, notes);
  }
  for (const rule of def.oneOf ?? []) {
    if (!anyPresent(values, rule)) requireAll(values, rule.slice(0, 1), defs, notes);
  }
  for (const rule of def.conditional ?? []) {
    if (values[(rule[0] as number) - 1]) requireAll(values, rule.slice(1), defs, notes);
  }
  if (notes.length > 1) notes.sort((a, b) => a.position - b.position);
  return notes.length > MAX_ELEMENT_NOTES ? notes.slice(0, MAX_ELEMENT_NOTES) : notes;
}

function anyPresent(values: readonly string[], positions: readonly number[]): boolean {
  for (const n of positions) if (values[n - 1]) return true;
  return false;
}

/** Notes code 2 (conditional required data element missing) for each missing element at `positions`. */
function requireAll(
  values: readonly string[],
  positions: readonly number[],
  defs: readonly ElementDef[],
  notes: ElementNote[],
): void {
  for (const n of positions) {
    if (values[n - 1] || notes.some((x) => x.position === n)) continue;
    const d = defs[n - 1];
    notes.push({ position: n, ...(d ? { ref: d[1] } : {}), code: "2" });
  }
}

function note(position: number, def: ElementDef, code: ElementErrorCode, data: string): ElementNote {
  return { position, ref: def[1], code, ...(data !== "" ? { data } : {}) };
}

/** The AK403 code for one element value, or undefined when it is valid. */
export function checkValue(
  raw: string,
  def: ElementDef,
  componentSeparator: string,
): ElementErrorCode | undefined {
  return valueCode(raw, def, componentSeparator.charCodeAt(0));
}

/**
 * `checkValue` with the separator as a character code. One pass over the characters counts what every
 * type's rule needs, in place of a regex per type: this runs for every element of every set checked.
 */
function valueCode(raw: string, def: ElementDef, separator: number): ElementErrorCode | undefined {
  const type = def[2];
  if (raw === "") return def[0] === "M" ? "1" : undefined;
  let digits = 0;
  let dots = 0;
  // Anything but digits, decimal points and a leading minus sign.
  let other = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === separator) {
      // Allowed where composites are (AN); in a simple element it means the ISA misdeclares it.
      if (type !== "AN") return "6";
      other = true;
    } else if (c >= 0x30 && c <= 0x39) digits++;
    // Control characters never belong in data.
    else if (c < 0x20 || c === 0x7f) return "6";
    else if (c === 0x2e) dots++;
    else if (c !== 0x2d || i !== 0) other = true;
  }
  const min = def[3];
  const max = def[4];
  switch (type) {
    case "AN":
    case "ID":
      return lengthCode(raw.length, min, max);
    case "N0":
    case "N2":
      if (other || dots > 0 || digits === 0) return "6";
      return lengthCode(digits, min, max);
    case "R":
      if (other || dots > 1 || digits === 0) return "6";
      return lengthCode(digits, min, max);
    case "DT":
      if (digits !== raw.length) return "8";
      return lengthCode(digits, min, max) ?? (isoDate(raw) ? undefined : "8");
    case "TM":
      if (digits !== raw.length) return "9";
      return lengthCode(digits, min, max) ?? (isTime(raw) ? undefined : "9");
  }
}

function lengthCode(length: number, min: number, max: number): ElementErrorCode | undefined {
  if (length < min) return "4";
  if (length > max) return "5";
  return undefined;
}

const SEGMENT_PROBLEM: Record<SegmentErrorCode, string> = {
  "1": "SEGMENT_UNRECOGNIZED",
  "2": "SEGMENT_UNEXPECTED",
  "3": "SEGMENT_MISSING",
  "4": "LOOP_OVER_MAX",
  "5": "SEGMENT_OVER_MAX_USE",
  "6": "SEGMENT_NOT_IN_SET",
  "7": "SEGMENT_OUT_OF_SEQUENCE",
  "8": "SEGMENT_ELEMENT_ERRORS",
};

const ELEMENT_PROBLEM: Record<ElementErrorCode, string> = {
  "1": "ELEMENT_MISSING",
  "2": "ELEMENT_CONDITIONAL_MISSING",
  "3": "ELEMENT_TOO_MANY",
  "4": "ELEMENT_TOO_SHORT",
  "5": "ELEMENT_TOO_LONG",
  "6": "ELEMENT_INVALID_CHARACTER",
  "7": "ELEMENT_INVALID_CODE",
  "8": "ELEMENT_INVALID_DATE",
  "9": "ELEMENT_INVALID_TIME",
  "10": "ELEMENT_EXCLUSION",
};

/** The syntax notes as problems for `edi check`: one per element error, one per other segment error. */
export function syntaxProblems(set: TransactionSet, notes: readonly SegmentNote[]): Problem[] {
  const anchor = set.segments[0];
  const problems: Problem[] = [];
  for (const n of notes) {
    const where = n.segment ?? anchor;
    const position = where?.position;
    if (n.elements.length === 0 || n.code !== "8") {
      const code = n.code ?? "8";
      problems.push({
        severity: "error",
        code: SEGMENT_PROBLEM[code],
        message: `${n.id} (segment ${n.position} of ${set.type} ${set.controlNumber}): ${SEGMENT_ERROR[code].toLowerCase()}`,
        segment: n.id,
        ...(position ? { position } : {}),
      });
    }
    for (const e of n.elements) {
      const name = `${n.id}${String(e.position).padStart(2, "0")}`;
      const data = e.data !== undefined ? ` ("${e.data}")` : "";
      problems.push({
        severity: "error",
        code: ELEMENT_PROBLEM[e.code],
        message: `${name}${data} in ${set.type} ${set.controlNumber}: ${ELEMENT_ERROR[e.code].toLowerCase()}`,
        segment: n.id,
        ...(position ? { position } : {}),
        element: e.position,
      });
    }
  }
  return problems;
}
