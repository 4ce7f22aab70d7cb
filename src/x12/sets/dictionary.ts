// The part of the X12 dictionary the engine checks: for each segment of the 850, 855, 856, 810 and 997
// that it reads, every element's requirement, data type and length, and the paired-element rules;
// for each set, the segments it must contain and those it may contain only once.
// Attributes are those of the 004010 dictionary (as published by Stedi, kasoftware and the bots 004010
// grammar); `VERSION_5010` lists the elements whose length changed in 005010.

export type ElementType = "ID" | "AN" | "N0" | "N2" | "R" | "DT" | "TM";

/** M mandatory, O optional, X conditional (required only through a rule below). */
export type Requirement = "M" | "O" | "X";

/** [requirement, element reference number, type, min length, max length]. */
export type ElementDef = readonly [Requirement, number, ElementType, number, number];

export interface SegmentDef {
  name: string;
  /** Elements in order: elements[0] is element 01. */
  elements: readonly ElementDef[];
  /** Elements defined by the standard after the last one listed, whose content is not checked. */
  unchecked?: number;
  /** "P" rules: if any of these elements is present, all of them are required. */
  paired?: readonly (readonly number[])[];
  /** "R" rules: at least one of these elements is required. */
  oneOf?: readonly (readonly number[])[];
  /** "C" rules: if the first element is present, the others are required. */
  conditional?: readonly (readonly number[])[];
}

const pairs = (from: number, to: number): number[][] => {
  const out: number[][] = [];
  for (let i = from; i < to; i += 2) out.push([i, i + 1]);
  return out;
};

/** Product/service id pairs (235/234) from position `from` up to `to`. */
const productIds = (from: number, to: number): ElementDef[] => {
  const out: ElementDef[] = [];
  for (let i = from; i < to; i += 2) out.push(["X", 235, "ID", 2, 2], ["X", 234, "AN", 1, 48]);
  return out;
};

export const SEGMENTS: Readonly<Record<string, SegmentDef>> = {
  // --- shared by several sets ---
  REF: {
    name: "Reference Identification",
    elements: [
      ["M", 128, "ID", 2, 3],
      ["X", 127, "AN", 1, 30],
      ["X", 352, "AN", 1, 80],
    ],
    unchecked: 1,
    oneOf: [[2, 3]],
  },
  PER: {
    name: "Administrative Communications Contact",
    elements: [
      ["M", 366, "ID", 2, 2],
      ["O", 93, "AN", 1, 60],
      ["X", 365, "ID", 2, 2],
      ["X", 364, "AN", 1, 80],
      ["X", 365, "ID", 2, 2],
      ["X", 364, "AN", 1, 80],
      ["X", 365, "ID", 2, 2],
      ["X", 364, "AN", 1, 80],
      ["O", 443, "AN", 1, 20],
    ],
    paired: [
      [3, 4],
      [5, 6],
      [7, 8],
    ],
  },
  DTM: {
    name: "Date/Time Reference",
    elements: [
      ["M", 374, "ID", 3, 3],
      ["X", 373, "DT", 8, 8],
      ["X", 337, "TM", 4, 8],
      ["O", 623, "ID", 2, 2],
      ["X", 1250, "ID", 2, 3],
      ["X", 1251, "AN", 1, 35],
    ],
    oneOf: [[2, 3, 5]],
    paired: [[5, 6]],
  },
  CUR: {
    name: "Currency",
    elements: [
      ["M", 98, "ID", 2, 3],
      ["M", 100, "ID", 3, 3],
    ],
    unchecked: 19,
  },
  N1: {
    name: "Name",
    elements: [
      ["M", 98, "ID", 2, 3],
      ["X", 93, "AN", 1, 60],
      ["X", 66, "ID", 1, 2],
      ["X", 67, "AN", 2, 80],
      ["O", 706, "ID", 2, 2],
      ["O", 98, "ID", 2, 3],
    ],
    oneOf: [[2, 3]],
    paired: [[3, 4]],
  },
  N2: {
    name: "Additional Name Information",
    elements: [
      ["M", 93, "AN", 1, 60],
      ["O", 93, "AN", 1, 60],
    ],
  },
  N3: {
    name: "Address Information",
    elements: [
      ["M", 166, "AN", 1, 55],
      ["O", 166, "AN", 1, 55],
    ],
  },
  N4: {
    name: "Geographic Location",
    elements: [
      ["O", 19, "AN", 2, 30],
      ["O", 156, "ID", 2, 2],
      ["O", 116, "ID", 3, 15],
      ["O", 26, "ID", 2, 3],
      ["X", 309, "ID", 1, 2],
      ["O", 310, "AN", 1, 30],
    ],
    conditional: [[6, 5]],
  },
  PID: {
    name: "Product/Item Description",
    elements: [
      ["M", 349, "ID", 1, 1],
      ["O", 750, "ID", 2, 3],
      ["X", 559, "ID", 2, 2],
      ["X", 751, "AN", 1, 12],
      ["X", 352, "AN", 1, 80],
      ["O", 752, "ID", 2, 2],
      ["O", 822, "AN", 1, 15],
      ["O", 1073, "ID", 1, 1],
      ["O", 819, "ID", 2, 3],
    ],
    oneOf: [[4, 5]],
    conditional: [[4, 3]],
  },
  SAC: {
    name: "Service, Promotion, Allowance, or Charge Information",
    elements: [
      ["M", 248, "ID", 1, 1],
      ["X", 1300, "ID", 4, 4],
      ["X", 559, "ID", 2, 2],
      ["X", 1301, "AN", 1, 10],
      ["O", 610, "N2", 1, 15],
      ["X", 378, "ID", 1, 1],
      ["X", 332, "R", 1, 6],
      ["O", 118, "R", 1, 9],
      ["X", 355, "ID", 2, 2],
      ["X", 380, "R", 1, 15],
      ["O", 380, "R", 1, 15],
      ["O", 331, "ID", 2, 2],
      ["O", 127, "AN", 1, 30],
      ["O", 770, "AN", 1, 20],
      ["X", 352, "AN", 1, 80],
      ["O", 819, "ID", 2, 3],
    ],
    oneOf: [[2, 3]],
    paired: [
      [3, 4],
      [6, 7],
      [9, 10],
    ],
  },
  CTT: {
    name: "Transaction Totals",
    elements: [
      ["M", 354, "N0", 1, 6],
      ["O", 347, "R", 1, 10],
      ["X", 81, "R", 1, 10],
      ["X", 355, "ID", 2, 2],
      ["X", 183, "R", 1, 8],
      ["X", 355, "ID", 2, 2],
      ["O", 352, "AN", 1, 80],
    ],
    paired: [
      [3, 4],
      [5, 6],
    ],
  },
  AMT: {
    name: "Monetary Amount",
    elements: [
      ["M", 522, "ID", 1, 3],
      ["M", 782, "R", 1, 18],
      ["O", 478, "ID", 1, 1],
    ],
  },
  TD5: {
    name: "Carrier Details (Routing Sequence/Transit Time)",
    elements: [
      ["O", 133, "ID", 1, 2],
      ["X", 66, "ID", 1, 2],
      ["X", 67, "AN", 2, 80],
      ["X", 91, "ID", 1, 2],
      ["X", 387, "AN", 1, 35],
    ],
    unchecked: 10,
    paired: [[2, 3]],
  },
  TD1: {
    name: "Carrier Details (Quantity and Weight)",
    elements: [
      ["O", 103, "AN", 3, 5],
      ["X", 80, "N0", 1, 7],
      ["O", 23, "ID", 1, 1],
      ["X", 22, "AN", 1, 30],
      ["X", 79, "AN", 1, 50],
      ["O", 187, "ID", 1, 2],
      ["X", 81, "R", 1, 10],
      ["X", 355, "ID", 2, 2],
      ["X", 183, "R", 1, 8],
      ["X", 355, "ID", 2, 2],
    ],
    conditional: [[1, 2]],
    paired: [
      [7, 8],
      [9, 10],
    ],
  },
  TAX: {
    name: "Tax Reference",
    elements: [
      ["X", 325, "AN", 1, 20],
      ["X", 309, "ID", 1, 2],
      ["X", 310, "AN", 1, 30],
      ["X", 309, "ID", 1, 2],
      ["X", 310, "AN", 1, 30],
      ["X", 309, "ID", 1, 2],
      ["X", 310, "AN", 1, 30],
      ["X", 309, "ID", 1, 2],
      ["X", 310, "AN", 1, 30],
      ["X", 309, "ID", 1, 2],
      ["X", 310, "AN", 1, 30],
      ["O", 441, "ID", 1, 1],
      ["O", 1179, "ID", 1, 1],
    ],
    paired: pairs(2, 11),
  },
  N9: {
    name: "Reference Identification",
    elements: [
      ["M", 128, "ID", 2, 3],
      ["X", 127, "AN", 1, 30],
      ["X", 369, "AN", 1, 45],
      ["O", 373, "DT", 8, 8],
      ["X", 337, "TM", 4, 8],
      ["O", 623, "ID", 2, 2],
    ],
    unchecked: 1,
    oneOf: [[2, 3]],
  },
  MSG: {
    name: "Message Text",
    elements: [
      ["M", 933, "AN", 1, 264],
      ["X", 934, "ID", 2, 2],
      ["O", 1470, "N0", 1, 9],
    ],
  },
  // --- 850 ---
  BEG: {
    name: "Beginning Segment for Purchase Order",
    elements: [
      ["M", 353, "ID", 2, 2],
      ["M", 92, "ID", 2, 2],
      ["M", 324, "AN", 1, 22],
      ["O", 328, "AN", 1, 30],
      ["M", 373, "DT", 8, 8],
      ["O", 367, "AN", 1, 30],
      ["O", 587, "ID", 2, 2],
      ["O", 1019, "ID", 3, 3],
      ["O", 1166, "ID", 2, 2],
      ["O", 1232, "ID", 2, 2],
      ["O", 786, "ID", 2, 2],
      ["O", 640, "ID", 2, 2],
    ],
  },
  PO1: {
    name: "Baseline Item Data",
    elements: [
      ["O", 350, "AN", 1, 20],
      ["X", 330, "R", 1, 15],
      ["O", 355, "ID", 2, 2],
      ["X", 212, "R", 1, 17],
      ["O", 639, "ID", 2, 2],
      ...productIds(6, 26),
    ],
    paired: pairs(6, 25),
  },
  // --- 855 ---
  BAK: {
    name: "Beginning Segment for Purchase Order Acknowledgment",
    elements: [
      ["M", 353, "ID", 2, 2],
      ["M", 587, "ID", 2, 2],
      ["M", 324, "AN", 1, 22],
      ["M", 373, "DT", 8, 8],
      ["O", 328, "AN", 1, 30],
      ["O", 326, "AN", 1, 45],
      ["O", 367, "AN", 1, 30],
      ["O", 127, "AN", 1, 30],
      ["O", 373, "DT", 8, 8],
      ["O", 640, "ID", 2, 2],
    ],
  },
  ACK: {
    name: "Line Item Acknowledgment",
    elements: [
      ["M", 668, "ID", 2, 2],
      ["X", 380, "R", 1, 15],
      ["X", 355, "ID", 2, 2],
      ["O", 374, "ID", 3, 3],
      ["X", 373, "DT", 8, 8],
      ["O", 326, "AN", 1, 45],
      ...productIds(7, 27),
      ["O", 559, "ID", 2, 2],
      ["O", 822, "AN", 1, 15],
      ["O", 1271, "AN", 1, 30],
    ],
    paired: [[2, 3], ...pairs(7, 26)],
    conditional: [[4, 5]],
  },
  // --- 856 ---
  BSN: {
    name: "Beginning Segment for Ship Notice",
    elements: [
      ["M", 353, "ID", 2, 2],
      ["M", 396, "AN", 2, 30],
      ["M", 373, "DT", 8, 8],
      ["M", 337, "TM", 4, 8],
      ["O", 1005, "ID", 4, 4],
      ["O", 640, "ID", 2, 2],
      ["X", 641, "ID", 3, 3],
    ],
  },
  HL: {
    name: "Hierarchical Level",
    elements: [
      ["M", 628, "AN", 1, 12],
      ["O", 734, "AN", 1, 12],
      ["M", 735, "ID", 1, 2],
      ["O", 736, "ID", 1, 1],
    ],
  },
  MAN: {
    name: "Marks and Numbers",
    elements: [
      ["M", 88, "ID", 1, 2],
      ["M", 87, "AN", 1, 48],
      ["O", 87, "AN", 1, 48],
      ["X", 88, "ID", 1, 2],
      ["X", 87, "AN", 1, 48],
      ["O", 87, "AN", 1, 48],
    ],
    paired: [[4, 5]],
  },
  PRF: {
    name: "Purchase Order Reference",
    elements: [
      ["M", 324, "AN", 1, 22],
      ["O", 328, "AN", 1, 30],
      ["O", 327, "AN", 1, 8],
      ["O", 373, "DT", 8, 8],
      ["O", 350, "AN", 1, 20],
      ["O", 367, "AN", 1, 30],
      ["O", 92, "ID", 2, 2],
    ],
  },
  LIN: {
    name: "Item Identification",
    elements: [
      ["O", 350, "AN", 1, 20],
      ["M", 235, "ID", 2, 2],
      ["M", 234, "AN", 1, 48],
      ...productIds(4, 32),
    ],
    paired: pairs(4, 31),
  },
  SN1: {
    name: "Item Detail (Shipment)",
    elements: [
      ["O", 350, "AN", 1, 20],
      ["M", 382, "R", 1, 10],
      ["M", 355, "ID", 2, 2],
      ["O", 646, "R", 1, 15],
      ["X", 330, "R", 1, 15],
      ["X", 355, "ID", 2, 2],
      ["O", 728, "AN", 1, 30],
      ["O", 668, "ID", 2, 2],
    ],
    paired: [[5, 6]],
  },
  // --- 810 ---
  BIG: {
    name: "Beginning Segment for Invoice",
    elements: [
      ["M", 373, "DT", 8, 8],
      ["M", 76, "AN", 1, 22],
      ["O", 373, "DT", 8, 8],
      ["O", 324, "AN", 1, 22],
      ["O", 328, "AN", 1, 30],
      ["O", 327, "AN", 1, 8],
      ["O", 640, "ID", 2, 2],
      ["O", 353, "ID", 2, 2],
      ["O", 306, "ID", 1, 2],
      ["O", 76, "AN", 1, 22],
    ],
  },
  IT1: {
    name: "Baseline Item Data (Invoice)",
    elements: [
      ["O", 350, "AN", 1, 20],
      ["X", 358, "R", 1, 10],
      ["X", 355, "ID", 2, 2],
      ["X", 212, "R", 1, 17],
      ["O", 639, "ID", 2, 2],
      ...productIds(6, 26),
    ],
    paired: pairs(6, 25),
  },
  TDS: {
    name: "Total Monetary Value Summary",
    elements: [
      ["M", 610, "N2", 1, 15],
      ["O", 610, "N2", 1, 15],
      ["O", 610, "N2", 1, 15],
      ["O", 610, "N2", 1, 15],
    ],
  },
  // --- 997 ---
  AK1: {
    name: "Functional Group Response Header",
    elements: [
      ["M", 479, "ID", 2, 2],
      ["M", 28, "N0", 1, 9],
    ],
  },
  AK2: {
    name: "Transaction Set Response Header",
    elements: [
      ["M", 143, "ID", 3, 3],
      ["M", 329, "AN", 4, 9],
    ],
  },
  AK3: {
    name: "Data Segment Note",
    elements: [
      ["M", 721, "ID", 2, 3],
      ["M", 719, "N0", 1, 6],
      ["O", 447, "AN", 1, 4],
      ["O", 720, "ID", 1, 3],
    ],
  },
  AK4: {
    name: "Data Element Note",
    // AK401 is a composite (position[:component]); its content is read, not checked here.
    elements: [
      ["M", 722, "AN", 1, 5],
      ["O", 725, "N0", 1, 4],
      ["M", 723, "ID", 1, 3],
      ["O", 724, "AN", 1, 99],
    ],
  },
  AK5: {
    name: "Transaction Set Response Trailer",
    elements: [
      ["M", 717, "ID", 1, 1],
      ["O", 718, "ID", 1, 3],
      ["O", 718, "ID", 1, 3],
      ["O", 718, "ID", 1, 3],
      ["O", 718, "ID", 1, 3],
      ["O", 718, "ID", 1, 3],
    ],
  },
  AK9: {
    name: "Functional Group Response Trailer",
    elements: [
      ["M", 715, "ID", 1, 1],
      ["M", 97, "N0", 1, 6],
      ["M", 123, "N0", 1, 6],
      ["M", 2, "N0", 1, 6],
      ["O", 716, "ID", 1, 3],
      ["O", 716, "ID", 1, 3],
      ["O", 716, "ID", 1, 3],
      ["O", 716, "ID", 1, 3],
      ["O", 716, "ID", 1, 3],
    ],
  },
};

/** Element lengths that differ in 005010, by element reference number. */
export const VERSION_5010: Readonly<Record<number, { min?: number; max: number }>> = {
  127: { max: 50 },
  364: { max: 256 },
};

/** Extra elements 005010 adds at the end of a segment the engine checks. */
export const EXTRA_5010: Readonly<Record<string, readonly ElementDef[]>> = {
  AK1: [["O", 480, "AN", 1, 12]],
  AK2: [["O", 1705, "AN", 1, 35]],
  N4: [["X", 1715, "ID", 1, 3]],
};

export interface SetDef {
  /** The beginning segment, which must directly follow ST and occur once (its order: `structure.ts`). */
  header: string;
  /** Segments that must occur at least once; each with the segments it must appear before. */
  mandatory: readonly { id: string; before: readonly string[] }[];
  /** Segments that may occur only once. */
  once: readonly string[];
}

export const SETS: Readonly<Record<string, SetDef>> = {
  "850": {
    header: "BEG",
    mandatory: [{ id: "PO1", before: ["CTT", "AMT", "SE"] }],
    once: ["BEG", "CTT"],
  },
  "855": {
    header: "BAK",
    mandatory: [],
    once: ["BAK", "CTT"],
  },
  "856": {
    header: "BSN",
    mandatory: [{ id: "HL", before: ["CTT", "SE"] }],
    once: ["BSN", "CTT"],
  },
  "810": {
    header: "BIG",
    mandatory: [{ id: "TDS", before: ["TXI", "CAD", "AMT", "SAC", "ISS", "CTT", "SE"] }],
    once: ["BIG", "TDS", "CTT"],
  },
  "997": {
    header: "AK1",
    mandatory: [{ id: "AK9", before: ["SE"] }],
    once: ["AK1", "AK9"],
  },
};

/** The dictionary entry for a segment in a given version (GS08, e.g. "004010" or "005010VICS"). */
export function segmentDef(id: string, version: string): SegmentDef | undefined {
  const def = SEGMENTS[id];
  if (!def || !version.startsWith("005")) return def;
  let cached = CACHE_5010.get(id);
  if (!cached) {
    cached = with5010(def, id);
    CACHE_5010.set(id, cached);
  }
  return cached;
}

const CACHE_5010 = new Map<string, SegmentDef>();

function with5010(def: SegmentDef, id: string): SegmentDef {
  const extra = EXTRA_5010[id] ?? [];
  const elements = [...def.elements, ...extra].map((e): ElementDef => {
    const change = VERSION_5010[e[1]];
    return change ? [e[0], e[1], e[2], change.min ?? e[3], change.max] : e;
  });
  return { ...def, elements };
}
