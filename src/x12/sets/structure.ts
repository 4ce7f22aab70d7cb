// The segment order of each set this layer reads, as the X12 004010 standard lays it out: the heading,
// detail and summary segments in their positions, and the loops (a loop is named after its first
// segment, which is also its loop identifier in AK303). A walker follows a received set through it to
// find each segment's loop and the segments that are out of sequence (AK304 code 7).
// Transcribed from the 004010 set tables (as published by X12 and mirrored in the bots grammars).
// ST and SE are left out: the reader has already matched them.

/** A segment id, or a loop: its first segment's id followed by the rest of the loop's content. */
type Entry = string | readonly [string, ...Entry[]];

// biome-ignore format: one line per position group reads like the standard's table
const PO850: readonly Entry[] = [
  "BEG", "CUR", "REF", "PER", "TAX", "FOB", "CTP", "PAM", "CSH", "TC2",
  ["SAC", "CUR"],
  "ITD", "DIS", "INC", "DTM", "LDT", "LIN", "SI", "PID", "MEA", "PWK", "PKG", "TD1", "TD5", "TD3", "TD4",
  "MAN", "PCT", "CTB", "TXI",
  ["AMT", "REF", "DTM", "PCT", ["FA1", "FA2"]],
  ["N9", "DTM", "MSG"],
  ["N1", "N2", "N3", "N4", "NX2", "REF", "PER", "SI", "FOB", "TD1", "TD5", "TD3", "TD4", "PKG"],
  ["LM", "LQ"],
  ["SPI", "REF", "DTM", "MSG", ["N1", "N2", "N3", "N4", "REF", "G61", "MSG"], ["CB1", "REF", "DTM", "LDT", "MSG"]],
  ["ADV", "DTM", "MTX"],
  [
    "PO1", "LIN", "SI", "CUR", "CN1", "PO3",
    ["CTP", "CUR"],
    "PAM", "MEA",
    ["PID", "MEA"],
    "PWK", "PO4", "REF", "PER",
    ["SAC", "CUR", "CTP"],
    "IT8", "CSH", "ITD", "DIS", "INC", "TAX", "FOB", "SDQ", "IT3", "DTM", "TC2", "TD1", "TD5", "TD3", "TD4",
    "PCT", "MAN", "MSG", "SPI", "TXI", "CTB",
    ["QTY", "SI"],
    ["SCH", "TD1", "TD5", "TD3", "TD4", "REF"],
    ["PKG", "MEA"],
    ["LS", ["LDT", "QTY", "MSG", "REF", ["LM", "LQ"]], "LE"],
    ["N9", "DTM", "MEA", "MSG"],
    [
      "N1", "N2", "N3", "N4", "QTY", "NX2", "REF", "PER", "SI", "DTM", "FOB", "SCH", "TD1", "TD5", "TD3",
      "TD4", "PKG",
      ["LDT", "MAN", "QTY", "MSG", "REF"],
    ],
    [
      "SLN", "MSG", "SI", "PID", "PO3", "TC2", "ADV", "DTM", "CTP", "PAM", "PO4", "TAX",
      ["N9", "DTM", "MSG"],
      ["SAC", "CUR", "CTP"],
      ["QTY", "SI"],
      ["N1", "N2", "N3", "N4", "NX2", "REF", "PER", "SI"],
    ],
    ["AMT", "REF", "PCT"],
    ["LM", "LQ"],
  ],
  ["CTT", "AMT"],
];

// biome-ignore format: one line per position group reads like the standard's table
const POACK855: readonly Entry[] = [
  "BAK", "CUR", "REF", "PER", "TAX", "FOB", "CTP", "PAM", "CSH",
  ["SAC", "CUR"],
  "ITD", "DIS", "INC", "DTM", "LDT", "LIN", "SI", "PID", "MEA", "PWK", "PKG", "TD1", "TD5", "TD3", "TD4",
  "MAN", "TXI", "CTB",
  ["N9", "DTM", "MSG"],
  ["N1", "N2", "N3", "N4", "NX2", "REF", "PER", "SI", "FOB", "TD1", "TD5", "TD3", "TD4", "PKG", "MSG"],
  ["ADV", "DTM", "MTX"],
  [
    "PO1", "LIN", "SI", "CUR", "PO3", "CTP", "PAM", "MEA",
    ["PID", "MEA"],
    "PWK", "PO4", "REF", "PER",
    ["SAC", "CUR"],
    "IT8", "CSH", "ITD", "DIS", "INC", "TAX", "FOB", "SDQ", "DTM", "LDT", "TD1", "TD5", "TD3", "TD4",
    ["ACK", "DTM"],
    "MAN", "AMT", "CTB", "TXI",
    ["QTY", "SI"],
    ["PKG", "MEA"],
    ["SCH", "TD1", "TD5", "TD3", "TD4", "REF"],
    ["N9", "DTM", "MSG"],
    [
      "N1", "N2", "N3", "N4", "NX2", "REF", "PER", "SI", "DTM", "FOB", "SCH", "TD1", "TD5", "TD3", "TD4",
      "QTY", "PKG",
    ],
    [
      "SLN", "MSG", "SI", "PID", "PO3", "CTP", "PAM", "ACK",
      ["SAC", "CUR"],
      "DTM", "PO4", "TAX", "ADV",
      ["QTY", "SI"],
      ["N9", "DTM", "MSG"],
      ["N1", "N2", "N3", "N4", "NX2", "REF", "PER", "SI"],
    ],
  ],
  ["CTT", "AMT"],
];

// biome-ignore format: one line per position group reads like the standard's table
const ASN856: readonly Entry[] = [
  "BSN", "DTM",
  [
    "HL", "LIN", "SN1", "SLN", "PRF", "PO4", "PID", "MEA", "PWK", "PKG", "TD1", "TD5", "TD3", "TD4", "TSD",
    "REF", "PER",
    ["LH1", "LH2", "LH3", "LFH", "LEP", "LH4", "LHT", "LHR", "PER", "LHE"],
    ["CLD", "REF", "DTP"],
    "MAN", "DTM", "FOB", "PAL",
    ["N1", "N2", "N3", "N4", "REF", "PER", "FOB"],
    "SDQ", "ETD", "CUR",
    ["SAC", "CUR"],
    "GF", "YNQ",
    ["LM", "LQ"],
    ["V1", "R4", "DTM"],
  ],
  "CTT",
];

// biome-ignore format: one line per position group reads like the standard's table
const INVOICE810: readonly Entry[] = [
  "BIG", "NTE", "CUR", "REF", "YNQ", "PER",
  ["N1", "N2", "N3", "N4", "REF", "PER", "DMG"],
  "ITD", "DTM", "FOB", "PID", "MEA", "PWK", "PKG", "L7", "BAL", "INC", "PAM",
  ["LM", "LQ"],
  ["N9", "MSG"],
  ["V1", "R4", "DTM"],
  ["FA1", "FA2"],
  [
    "IT1", "CRC", "QTY", "CUR", "IT3", "TXI", "CTP", "PAM", "MEA",
    ["PID", "MEA"],
    "PWK", "PKG", "PO4", "ITD", "REF", "YNQ", "PER", "SDQ", "DTM", "CAD", "L7", "SR",
    ["SAC", "TXI"],
    ["SLN", "DTM", "REF", "PID", "SAC", "TC2", "TXI"],
    ["N1", "N2", "N3", "N4", "REF", "PER", "DMG"],
    ["LM", "LQ"],
    ["V1", "R4", "DTM"],
    ["FA1", "FA2"],
  ],
  "TDS", "TXI", "CAD", "AMT",
  ["SAC", "TXI"],
  ["ISS", "PID"],
  "CTT",
];

// biome-ignore format: one line per position group reads like the standard's table
const ACK997: readonly Entry[] = ["AK1", ["AK2", ["AK3", "AK4"], "AK5"], "AK9"];

interface Node {
  id: string;
  /** The content of the loop this segment starts (itself excluded), when it starts one. */
  loop?: Level;
}

/** The segments of one level in order, and where each id is in it (no id occurs twice in a level). */
interface Level {
  nodes: readonly Node[];
  at: ReadonlyMap<string, number>;
}

function level(entries: readonly Entry[]): Level {
  const nodes = entries.map(
    (e): Node => (typeof e === "string" ? { id: e } : { id: e[0], loop: level(e.slice(1) as Entry[]) }),
  );
  const at = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (at.has(n.id)) throw new Error(`${n.id} occurs twice in one level of a set structure`);
    at.set(n.id, i);
  });
  return { nodes, at };
}

function idsOf(l: Level, into: Set<string>): Set<string> {
  for (const n of l.nodes) {
    into.add(n.id);
    if (n.loop) idsOf(n.loop, into);
  }
  return into;
}

export interface SetStructure {
  body: Level;
  /** Every segment id that has a place somewhere in the set. */
  ids: ReadonlySet<string>;
}

function structure(entries: readonly Entry[]): SetStructure {
  const body = level(entries);
  return { body, ids: idsOf(body, new Set()) };
}

export const STRUCTURES: Readonly<Record<string, SetStructure>> = {
  "850": structure(PO850),
  "855": structure(POACK855),
  "856": structure(ASN856),
  "810": structure(INVOICE810),
  "997": structure(ACK997),
};

interface Frame {
  level: Level;
  index: number;
  loopId?: string;
}

/** Where a segment went: into its place, nowhere ahead (out of sequence), or nowhere at all. */
export const Placement = { Placed: 0, OutOfSequence: 1, NotInSet: 2 } as const;
export type Placement = (typeof Placement)[keyof typeof Placement];

/**
 * Follows the segments of one set (after ST, before SE) through its structure. Each segment is looked
 * for from the current place onwards, in the innermost loop first and then in the loops around it,
 * as X12 parsers do: a segment found nowhere ahead is out of sequence and leaves the place unchanged.
 */
export class StructureWalker {
  private readonly stack: Frame[];

  constructor(private readonly structure: SetStructure) {
    this.stack = [{ level: structure.body, index: 0 }];
  }

  /** The loop the current place is in: that of the segment last placed. Undefined outside loops. */
  get loopId(): string | undefined {
    return (this.stack[this.stack.length - 1] as Frame).loopId;
  }

  /** Places the next segment (answers without allocating: this runs for every segment checked). */
  place(id: string): Placement {
    const stack = this.stack;
    for (let d = stack.length - 1; d >= 0; d--) {
      const frame = stack[d] as Frame;
      const j = frame.level.at.get(id);
      if (j === undefined || j < frame.index) continue;
      if (stack.length > d + 1) stack.length = d + 1;
      frame.index = j;
      const loop = (frame.level.nodes[j] as Node).loop;
      if (loop) stack.push({ level: loop, index: 0, loopId: id });
      return Placement.Placed;
    }
    return this.structure.ids.has(id) ? Placement.OutOfSequence : Placement.NotInSet;
  }
}
