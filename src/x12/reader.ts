// The X12 reader: one state machine that takes the input in chunks of any size and reports what it
// finds as events — interchange and group starts, each complete transaction set, ends, and problems.
// `readX12` streams those events (constant memory: nothing is kept once yielded); `parseX12` collects
// them into a tree for whole inputs. Both run the same code, so they can never disagree.
//
// Input is handled as bytes: each chunk is decoded as latin1 (one character per byte), so separators
// may be any byte and positions are byte offsets; element values holding UTF-8 are decoded afterwards.
// The reader never throws on its input: everything wrong with it becomes a Problem.
import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { functionalIdOfSet, ProblemCode as P, problem } from "./problems.ts";
import type {
  Delimiters,
  FunctionalGroup,
  Interchange,
  Position,
  Problem,
  Segment,
  Severity,
  TransactionSet,
} from "./types.ts";

export type X12Event =
  /** An ISA was read. `interchange.groups` stays empty while streaming. */
  | { type: "interchange"; interchange: Interchange }
  /** A TA1 between the ISA and the first GS (also added to `interchange.ta1`). */
  | { type: "ta1"; segment: Segment; interchange: Interchange }
  /** A GS was read. `group.transactionSets` stays empty while streaming. */
  | { type: "group"; group: FunctionalGroup; interchange: Interchange }
  /** A complete transaction set (ST…SE), or one cut short by a missing SE (with an SE_MISSING problem). */
  | { type: "set"; set: TransactionSet; group: FunctionalGroup; interchange: Interchange }
  /** The group ended: at its GE (`trailer`), or without one (GE_MISSING). */
  | { type: "groupEnd"; group: FunctionalGroup; interchange: Interchange; trailer?: Segment }
  /** The interchange ended: at its IEA (`trailer`), or without one (IEA_MISSING). */
  | { type: "interchangeEnd"; interchange: Interchange; trailer?: Segment }
  /** Every problem, as it is found; it is also in the `problems` of the interchange/group/set concerned. */
  | { type: "problem"; problem: Problem };

export interface ReaderOptions {
  /** Longest segment accepted before the terminator is judged wrong (default 1 MiB). */
  maxSegmentLength?: number;
  /** Segments kept per transaction set; beyond it they are counted but dropped (default 1,000,000). */
  maxSetSegments?: number;
}

export interface ParseResult {
  interchanges: Interchange[];
  /** Every problem in the file, in the order found (each also sits on the part it concerns). */
  problems: Problem[];
}

/** Reads a whole input. Never throws. */
export function parseX12(input: string | Uint8Array, options?: ReaderOptions): ParseResult {
  const interchanges: Interchange[] = [];
  const problems: Problem[] = [];
  const machine = new X12Machine((e) => {
    switch (e.type) {
      case "interchange":
        interchanges.push(e.interchange);
        break;
      case "group":
        e.interchange.groups.push(e.group);
        break;
      case "set":
        e.group.transactionSets.push(e.set);
        break;
      case "problem":
        problems.push(e.problem);
        break;
    }
  }, options);
  machine.write(input);
  machine.end();
  return { interchanges, problems };
}

/** Streams the events of an input of any size. Never throws on the content (a failing source still does). */
export async function* readX12(
  source: AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream,
  options?: ReaderOptions,
): AsyncGenerator<X12Event> {
  let queue: X12Event[] = [];
  const machine = new X12Machine((e) => queue.push(e), options);
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    // Yield after each piece, not each chunk: a big chunk would otherwise queue thousands of sets at
    // once, long-lived enough to be promoted to V8's old generation and slow everything down.
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let i = 0; i < bytes.byteLength; i += PIECE) {
      machine.write(bytes.subarray(i, i + PIECE));
      if (queue.length > 0) {
        const ready = queue;
        queue = [];
        // A plain loop: `yield*` over an array wraps it in an async iterator, one more await per event.
        for (let k = 0; k < ready.length; k++) yield ready[k] as X12Event;
      }
    }
  }
  machine.end();
  for (let k = 0; k < queue.length; k++) yield queue[k] as X12Event;
}

/** Streams the events of a file. */
export function readX12File(path: string, options?: ReaderOptions): AsyncGenerator<X12Event> {
  return readX12(fileChunks(path), options);
}

/**
 * The file's bytes, a piece at a time, read synchronously: a piece takes microseconds to read from the
 * page cache, while an asynchronous read waits for a thread of libuv's pool, which on a busy machine
 * costs more than the read itself. The generator still yields between pieces, so the event loop runs.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const piece = Buffer.allocUnsafe(PIECE);
      const n = readSync(fd, piece, 0, PIECE, null);
      if (n === 0) return;
      yield n === PIECE ? piece : piece.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

const State = {
  /** Between interchanges: looking for an ISA. */
  Outside: 0,
  /** Inside ISA…IEA, outside any group. */
  Interchange: 1,
  /** Inside GS…GE, between transaction sets. */
  Group: 2,
  /** Inside ST…SE. */
  Set: 3,
  /** Inside a transaction set that has no group: its segments are passed over. */
  Orphan: 4,
} as const;
type State = (typeof State)[keyof typeof State];

/** Offsets (from the I of ISA) where a fixed-width ISA has its element separator. */
const ISA_SEPARATOR_AT = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
/** The checks a candidate ISA found inside unreadable data must pass (those bots uses to sniff). */
const ISA_SNIFF_AT = ISA_SEPARATOR_AT.slice(0, 9);
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
const ISA_LENGTH = 106;
/** How far a malformed (not fixed-width) ISA is searched for its 16 elements. */
const ISA_LENIENT_LIMIT = 512;

/**
 * Input is read in pieces of this many bytes whatever the chunks it arrives in: strings this small live
 * and die in V8's young generation, while megabyte strings go to the large-object space and make every
 * element sliced from them keep them alive (measured: 64 KiB pieces read 4x faster in a third of the
 * memory than 1 MiB ones).
 */
const PIECE = 64 * 1024;

const HIGH = /[\x80-\xff]/;
const ALNUM = /^[A-Za-z0-9]$/;
/** Characters that occur in ordinary data and so make poor repetition separators. */
const DATA_LIKE = new Set(["-", ".", ",", "/", "&", "'", "(", ")", "#", " ", "%", "@"]);
const BOM = "\xef\xbb\xbf";
const KNOWN_GROUPS = new Set(Object.values(functionalIdOfSet));

/** 2–3 upper-case letters and digits, starting with a letter (as fast as a regex is not, per segment). */
export function isSegmentId(id: string): boolean {
  const n = id.length;
  if (n < 2 || n > 3) return false;
  const a = id.charCodeAt(0);
  if (a < 0x41 || a > 0x5a) return false;
  for (let i = 1; i < n; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

/**
 * One string per segment id, shared by every segment that has it: no allocation per segment, and the
 * string's hash is computed once, which speeds up every comparison and lookup the mappers make on ids.
 * Indexed by the id's characters (each "0"…"Z", 43 values: a table of 81,356 slots, read without
 * hashing); only well-formed ids are kept, so any input leaves it as small as the ids it has. Every
 * reader in the process shares it: an entry, once written, never changes, so sharing it cannot change
 * what any reader reads.
 */
const SEGMENT_IDS: (string | undefined)[] = new Array(43 * 43 + 43 * 43 * 43).fill(undefined);

/**
 * The id of the segment at buf[s..e): one of the shared strings above when it is well formed (then
 * `wellFormed` is true), a plain slice otherwise.
 */
class SegmentIds {
  /**
   * Whether the id `at` last returned is well formed: the caller checks it without a lookup or another
   * look at the id's characters. It belongs to one reader, so that its meaning never depends on what
   * another reader in the same process asked in between.
   */
  wellFormed = false;

  at(buf: string, s: number, e: number): string {
    const n = e - s;
    this.wellFormed = false;
    if (n < 2 || n > 3) return buf.slice(s, e);
    const a = buf.charCodeAt(s) - 0x30;
    const b = buf.charCodeAt(s + 1) - 0x30;
    const c = n === 3 ? buf.charCodeAt(s + 2) - 0x30 : 0;
    // Unsigned comparisons: a character below "0" gives a negative number, i.e. a huge unsigned one.
    if (a >>> 0 > 42 || b >>> 0 > 42 || c >>> 0 > 42) return buf.slice(s, e);
    const key = n === 2 ? a * 43 + b : 43 * 43 + (a * 43 + b) * 43 + c;
    const known = SEGMENT_IDS[key];
    if (known !== undefined) {
      this.wellFormed = true;
      return known;
    }
    let id = buf.slice(s, e);
    if (isSegmentId(id)) {
      id = internalized(id);
      SEGMENT_IDS[key] = id;
      this.wellFormed = true;
    }
    return id;
  }
}

/**
 * V8's own copy of a string, the one its literals share: comparing an id with a literal ("PO1") is then
 * a pointer comparison, where a sliced copy is compared character by character in every switch.
 */
function internalized(s: string): string {
  const holder: Record<string, true> = { [s]: true };
  return Object.keys(holder)[0] as string;
}

function sniffIsa(buf: string, i: number): boolean {
  const e = buf[i + 3];
  return e !== undefined && !ALNUM.test(e) && ISA_SNIFF_AT.every((k) => buf[i + k] === e);
}

function isLayoutChar(c: number): boolean {
  // space, tab, LF, VT, FF, CR, and in front of an interchange also NUL and the DOS end-of-file mark.
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isFiller(c: number): boolean {
  return isLayoutChar(c) || c === 0x00 || c === 0x1a;
}

/** One or more ASCII digits (as /^\d+$/, without a regex: control numbers and counts of every set). */
function isDigits(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Control numbers and counts are numbers: "0000000031" equals "31". Non-numeric ones compare as text. */
function sameNumber(a: string, b: string): boolean {
  if (isDigits(a) && isDigits(b)) return stripZeros(a) === stripZeros(b);
  return a === b;
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++;
  return i === 0 ? s : s.slice(i);
}

/** Numeric control numbers are kept as numbers: "0001" and "1" collide, and a Set of them stays small. */
function controlKey(s: string): string | number {
  return isDigits(s) && s.length <= 15 ? Number(s) : s;
}

function utf8(s: string): string {
  if (!HIGH.test(s)) return s;
  const decoded = Buffer.from(s, "latin1").toString("utf8");
  // Not UTF-8 (e.g. Windows-1252 data): keep the bytes as latin1 characters.
  return decoded.includes("\ufffd") ? s : decoded;
}

function show(c: string | undefined): string {
  if (c === undefined) return "nothing";
  const code = c.charCodeAt(0);
  if (code < 0x21 || code > 0x7e) return `0x${code.toString(16).padStart(2, "0").toUpperCase()}`;
  return `"${c}"`;
}

function excerpt(s: string): string {
  const cut = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(utf8(cut));
}

function validYymmdd(s: string): boolean {
  if (!/^\d{6}$/.test(s)) return false;
  const y = 2000 + Number(s.slice(0, 2));
  const m = Number(s.slice(2, 4));
  const d = Number(s.slice(4, 6));
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function validHhmm(s: string): boolean {
  return /^\d{4}$/.test(s) && Number(s.slice(0, 2)) < 24 && Number(s.slice(2, 4)) < 60;
}

type IsaRead =
  | { kind: "wait" }
  | { kind: "fail"; message: string }
  | { kind: "ok"; end: number; fields: string[]; delimiters: Delimiters; fixedWidth: boolean };

/**
 * Reads the ISA starting at `p`. A fixed-width ISA gives its separators by position; a malformed one is
 * read by splitting on the element separator (and reported), so one bad padding does not lose the file.
 */
function readIsa(buf: string, p: number, eof: boolean): IsaRead {
  const e = buf[p + 3];
  if (e === undefined)
    return eof ? { kind: "fail", message: "the file ends inside the ISA" } : { kind: "wait" };
  if (buf.length - p < ISA_LENGTH && !eof) return { kind: "wait" };
  if (ALNUM.test(e)) {
    return { kind: "fail", message: `the character after "ISA" is ${show(e)}, not an element separator` };
  }
  const fixed = p + ISA_LENGTH <= buf.length && ISA_SEPARATOR_AT.every((i) => buf[p + i] === e);
  if (fixed) {
    const fields: string[] = [];
    let at = p + 4;
    for (const width of ISA_WIDTHS) {
      fields.push(buf.slice(at, at + width));
      at += width + 1;
    }
    return {
      kind: "ok",
      end: p + ISA_LENGTH,
      fields,
      delimiters: delimitersOf(e, buf[p + 104] as string, buf[p + 105] as string, fields[10] as string),
      fixedWidth: true,
    };
  }
  // Not fixed width: find the 16 element separators, then ISA16 and the terminator after the last.
  const limit = Math.min(buf.length, p + ISA_LENIENT_LIMIT);
  const starts: number[] = [];
  for (let i = p + 3; i < limit && starts.length < 16; i++) if (buf[i] === e) starts.push(i + 1);
  const last = starts[15];
  if (last === undefined || last + 1 >= buf.length) {
    if (!eof && buf.length < p + ISA_LENIENT_LIMIT) return { kind: "wait" };
    return {
      kind: "fail",
      message: `the ISA does not have 16 elements separated by ${show(e)} followed by a terminator`,
    };
  }
  const fields = starts.map((s, i) => buf.slice(s, i < 15 ? (starts[i + 1] as number) - 1 : s + 1));
  return {
    kind: "ok",
    end: last + 2,
    fields,
    delimiters: delimitersOf(e, buf[last] as string, buf[last + 1] as string, fields[10] as string),
    fixedWidth: false,
  };
}

function delimitersOf(element: string, component: string, segment: string, isa11: string): Delimiters {
  const d: Delimiters = { element, segment, component };
  // ISA11 is the repetition separator from 00402 on; partners on older versions that put a separator
  // there mean the same, while a letter or digit there is the old standards identifier ("U").
  if (!ALNUM.test(isa11) && isa11 !== element && isa11 !== segment && isa11 !== component) {
    d.repetition = isa11;
  }
  return d;
}

/**
 * The control numbers used so far in a group (or interchange), to find a duplicate. Senders number
 * their sets 1, 2, 3…: a run of consecutive numbers is kept as its two ends, and only the numbers that
 * do not continue it go into a Set (a group of 60,000 sets otherwise grows a Set as large, looked up
 * and rehashed all along).
 */
class ControlNumbers {
  /** The run of consecutive numbers, lo…hi (empty while hi < lo). */
  private lo = 0;
  private hi = -1;
  /** Every other key; never one inside the run. */
  private readonly rest = new Set<string | number>();

  /** Adds a key (see `controlKey`); false when it was already there. */
  add(key: string | number): boolean {
    if (typeof key === "number" && key >= this.lo && key <= this.hi) return false;
    if (this.rest.size > 0 && this.rest.has(key)) return false;
    if (typeof key === "number") {
      if (this.hi < this.lo) {
        this.lo = key;
        this.hi = key;
        return true;
      }
      if (key === this.hi + 1) {
        this.hi = key;
        return true;
      }
    }
    this.rest.add(key);
    return true;
  }
}

/**
 * A segment as read. Its position is made only when asked for (by a problem report, mostly): one
 * object less per segment of the input, which the garbage collector would otherwise copy along with
 * every set still being read. It serialises and compares like the plain { id, elements, position }.
 */
class ReadSegment implements Segment {
  id: string;
  elements: string[];
  private readonly at: number;
  private readonly n: number;
  private kept: Position | undefined;

  constructor(id: string, elements: string[], n: number, at: number) {
    this.id = id;
    this.elements = elements;
    this.n = n;
    this.at = at;
    this.kept = undefined;
  }

  get position(): Position {
    this.kept ??= { segment: this.n, offset: this.at };
    return this.kept;
  }

  set position(p: Position) {
    this.kept = p;
  }

  toJSON(): Segment {
    return { id: this.id, elements: this.elements, position: this.position };
  }
}

interface OpenSet {
  set: TransactionSet;
  count: number;
  truncated: boolean;
}

/**
 * The state machine. `write` chunks (bytes or text), then `end` once; each event goes to `emit` as
 * soon as it is complete.
 */
export class X12Machine {
  private buf = "";
  /** Byte offset of buf[0] in the input. */
  private base = 0;
  private pos = 0;
  private high = false;
  /** The next element separator in the current buffer at or after the segment being read; -1 when unknown. */
  private nextSep = -1;
  /** Where the element separators of the segment being cut are (reused: one array for all segments). */
  private readonly cuts: number[] = [];
  private readonly ids = new SegmentIds();
  private eof = false;
  private state: State = State.Outside;
  private d: Delimiters | null = null;
  private segments = 0;
  /** While passing over unreadable data between interchanges, the first problem is reported once. */
  private inJunk = false;
  private readonly maxSegment: number;
  private readonly maxSetSegments: number;

  private readonly interchangeKeys = new Set<string>();
  private ic: Interchange | null = null;
  private icGroups = 0;
  private icGroupKeys = new ControlNumbers();
  private group: FunctionalGroup | null = null;
  private groupSets = 0;
  private groupSetKeys = new ControlNumbers();
  private open: OpenSet | null = null;
  /** A run of stray segments is reported at its first segment only. */
  private strayReported = false;

  constructor(
    private readonly emit: (event: X12Event) => void,
    options: ReaderOptions = {},
  ) {
    this.maxSegment = options.maxSegmentLength ?? 1 << 20;
    this.maxSetSegments = options.maxSetSegments ?? 1_000_000;
  }

  write(chunk: string | Uint8Array): void {
    if (this.eof) return;
    if (typeof chunk === "string") {
      // Text is handled as its UTF-8 bytes, so that offsets are byte offsets whatever the input type.
      if (Buffer.byteLength(chunk, "utf8") !== chunk.length) chunk = Buffer.from(chunk, "utf8");
      else {
        for (let i = 0; i < chunk.length; i += PIECE) this.take(chunk.slice(i, i + PIECE), false);
        return;
      }
    }
    for (let i = 0; i < chunk.byteLength; i += PIECE) {
      const piece = chunk.subarray(i, i + PIECE);
      this.take(piece, !isAscii(piece));
    }
  }

  /** Appends one piece of input (bytes, or latin1 text: one character per byte) and reads what it completes. */
  private take(piece: string | Uint8Array, high: boolean): void {
    const n = typeof piece === "string" ? piece.length : piece.byteLength;
    if (n === 0) return;
    const rest = this.pos < this.buf.length ? this.buf.slice(this.pos) : "";
    this.base += this.pos;
    this.pos = 0;
    if (rest.length === 0) {
      this.buf =
        typeof piece === "string"
          ? piece
          : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString("latin1");
    } else {
      // The rest and the piece decoded together into one flat string: `rest + text` would be a cons
      // string, which every indexOf, charCodeAt and slice of the hot loop has to look through
      // (measured: about 8% of the reading time).
      const joined = Buffer.allocUnsafe(rest.length + n);
      joined.write(rest, 0, "latin1");
      if (typeof piece === "string") joined.write(piece, rest.length, "latin1");
      else joined.set(piece, rest.length);
      this.buf = joined.toString("latin1");
    }
    this.nextSep = -1;
    this.high = high || (this.high && HIGH.test(rest));
    this.run();
  }

  end(): void {
    if (this.eof) return;
    this.eof = true;
    this.run();
    const at = this.endPosition();
    this.closeInterchange(null, at);
    this.buf = "";
  }

  // ---- tokenizing -------------------------------------------------------------------------------

  private run(): void {
    while (this.d === null ? this.outside() : this.readSegments()) {
      // Each pass reads until the input runs out (false) or the separators change (true).
    }
  }

  /**
   * Reads the segments of the current interchange: the reader's hot loop, one turn per segment.
   * Returns true when the separators changed (at an ISA, at the IEA, or after unreadable data), false
   * when it needs more input.
   */
  private readSegments(): boolean {
    const d = this.d as Delimiters;
    const buf = this.buf;
    const len = buf.length;
    const term = d.segment;
    const elementCode = d.element.charCodeAt(0);
    const crlf = term === "\n";
    for (;;) {
      let s = this.pos;
      for (
        let c = buf.charCodeAt(s);
        s < len && isLayoutChar(c) && c !== elementCode;
        c = buf.charCodeAt(++s)
      );
      if (s >= len || (len - s < 3 && !this.eof)) {
        this.pos = s;
        return false;
      }
      if (buf.charCodeAt(s) === 0x49 && buf.startsWith("ISA", s)) {
        // A new interchange before this one's IEA: close it, then read the ISA with its own separators.
        this.pos = s;
        this.closeInterchange(null, { segment: this.segments + 1, offset: this.base + s });
        return true;
      }
      const t = buf.indexOf(term, s);
      if (t < 0 ? !this.eof && len - s > this.maxSegment : t - s > this.maxSegment) {
        this.segmentTooLong(s);
        return true;
      }
      let end = t;
      if (t < 0) {
        if (!this.eof) {
          this.pos = s;
          return false;
        }
        end = len;
        while (end > s && isFiller(buf.charCodeAt(end - 1))) end--;
        this.pos = len;
        if (end === s) return false;
        const raw = buf.slice(s, end);
        this.problem(
          "warning",
          P.SEGMENT_UNTERMINATED,
          `The file ends without a segment terminator (${show(term)}) after this segment.`,
          utf8(raw.split(d.element, 1)[0] as string),
          { segment: this.segments + 1, offset: this.base + s },
        );
      } else {
        this.pos = t + 1;
        // With a newline terminator, a CR before it belongs to the line break (CRLF files), not the data.
        if (crlf && end > s && buf.charCodeAt(end - 1) === 0x0d) end--;
      }
      if (end === s) continue;
      this.segment(buf, s, end);
      if (this.d !== d) return true;
    }
  }

  /** Between interchanges: skips layout, reads an ISA or passes over unreadable data. False = wait. */
  private outside(): boolean {
    const buf = this.buf;
    const len = buf.length;
    let s = this.pos;
    for (;;) {
      while (s < len && isFiller(buf.charCodeAt(s))) s++;
      if (buf.startsWith(BOM, s)) s += 3;
      else break;
    }
    this.pos = s;
    if (s >= len) return false;
    if (len - s < 3 && !this.eof) return false;
    if (buf.startsWith("ISA", s)) {
      // Inside unreadable data only a well-formed ISA starts an interchange, so that "ISA" within the
      // data is not mistaken for one.
      if (this.inJunk) {
        if (len - s < ISA_LENGTH && !this.eof) return false;
        if (!sniffIsa(buf, s)) return this.skipJunk(s + 1);
      }
      const r = readIsa(buf, s, this.eof);
      if (r.kind === "wait") return false;
      if (r.kind === "ok") {
        this.inJunk = false;
        this.startInterchange(r, s);
        this.pos = r.end;
        return true;
      }
      this.problem("error", P.ISA_INVALID, `The ISA cannot be read: ${r.message}.`, "ISA", {
        segment: this.segments + 1,
        offset: this.base + s,
      });
      this.inJunk = true;
      return this.skipJunk(s + 3);
    }
    if (!this.inJunk) {
      // Wait for enough of the data to quote it, so that how the input was chunked never shows.
      if (len - s < 40 && !this.eof) return false;
      this.problem(
        "error",
        P.ISA_MISSING,
        `Expected an interchange header (ISA) but found ${excerpt(buf.slice(s, s + 40))}; the data up to the next ISA is not read.`,
        undefined,
        { segment: this.segments + 1, offset: this.base + s },
      );
      this.inJunk = true;
    }
    return this.skipJunk(s);
  }

  /** Moves to the next plausible ISA at or after `from`, or keeps only a short tail while waiting. */
  private skipJunk(from: number): boolean {
    const buf = this.buf;
    let i = buf.indexOf("ISA", from);
    while (i >= 0) {
      if (i + ISA_LENGTH > buf.length && !this.eof) {
        this.pos = i;
        return false;
      }
      if (sniffIsa(buf, i)) {
        this.pos = i;
        return true;
      }
      i = buf.indexOf("ISA", i + 1);
    }
    // Keep the last two characters: they may begin an "ISA" completed by the next chunk.
    this.pos = this.eof ? buf.length : Math.max(from, buf.length - 2);
    return false;
  }

  private segmentTooLong(s: number): void {
    const at = { segment: this.segments + 1, offset: this.base + s };
    this.problem(
      "error",
      P.SEGMENT_TOO_LONG,
      `No segment terminator (${show(this.d?.segment)}) within ${this.maxSegment} bytes; the rest of the interchange is not read.`,
      undefined,
      at,
    );
    this.closeInterchange(null, at);
    this.inJunk = true;
    this.pos = s;
    this.skipJunk(s + 1);
  }

  private endPosition(): Position {
    return { segment: this.segments + 1, offset: this.base + this.buf.length };
  }

  // ---- the envelope -----------------------------------------------------------------------------

  private segment(buf: string, s: number, t: number): void {
    // Elements are cut out one by one with indexOf and slice: about twice as fast as String.split.
    // `next` is remembered between the segments of one buffer, so that a separator missing from the
    // rest of the buffer is searched for once, not once per segment.
    const sep = (this.d as Delimiters).element;
    let next = this.nextSep;
    if (next < s) {
      next = buf.indexOf(sep, s);
      if (next < 0) next = buf.length;
    }
    // The separators are found first, so that the elements array is allocated at its final size: an
    // array grown by push reserves 16 slots, several times what most segments need, and every segment
    // of the input would leave that much more garbage to collect.
    let id: string;
    let parts: string[];
    if (next >= t) {
      id = this.ids.at(buf, s, t);
      parts = [];
    } else {
      id = this.ids.at(buf, s, next);
      const cuts = this.cuts;
      let n = 0;
      for (;;) {
        cuts[n++] = next;
        next = buf.indexOf(sep, next + 1);
        if (next < 0) next = buf.length;
        if (next >= t) break;
      }
      cuts[n] = t;
      parts = new Array<string>(n);
      for (let k = 0; k < n; k++) parts[k] = buf.slice((cuts[k] as number) + 1, cuts[k + 1] as number);
      // A segment of thousands of elements is rare: do not keep its positions for the machine's lifetime.
      if (n > 4096) cuts.length = 0;
    }
    this.nextSep = next;
    if (this.high) {
      id = utf8(id);
      for (let k = 0; k < parts.length; k++) parts[k] = utf8(parts[k] as string);
    }
    const offset = this.base + s;
    const seg: Segment = new ReadSegment(id, parts, ++this.segments, offset);
    const open = this.open;
    if (this.state === State.Set && open !== null && !isEnvelope(id)) {
      open.count++;
      if (!this.ids.wellFormed && !isSegmentId(id)) {
        this.problem(
          "error",
          P.SEGMENT_ID_INVALID,
          `${excerpt(id)} is not a segment identifier.`,
          id,
          seg.position,
          [open.set.problems],
        );
      }
      if (open.set.segments.length < this.maxSetSegments) open.set.segments.push(seg);
      else if (!open.truncated) {
        open.truncated = true;
        this.problem(
          "error",
          P.SET_TOO_LARGE,
          `Transaction set ${open.set.controlNumber} has more than ${this.maxSetSegments} segments; the rest are counted but not kept.`,
          id,
          seg.position,
          [open.set.problems],
        );
      }
      return;
    }
    switch (id) {
      case "GS":
        this.onGs(seg);
        return;
      case "ST":
        this.onSt(seg);
        return;
      case "SE":
        this.onSe(seg);
        return;
      case "GE":
        this.onGe(seg);
        return;
      case "IEA":
        this.onIea(seg);
        return;
      case "TA1":
        this.onTa1(seg);
        return;
      default:
        this.onStray(seg);
    }
  }

  private startInterchange(r: Extract<IsaRead, { kind: "ok" }>, s: number): void {
    const f = r.fields;
    const position: Position = { segment: ++this.segments, offset: this.base + s };
    const ic: Interchange = {
      senderQualifier: (f[4] ?? "").trim(),
      sender: (f[5] ?? "").trim(),
      receiverQualifier: (f[6] ?? "").trim(),
      receiver: (f[7] ?? "").trim(),
      date: f[8] ?? "",
      time: f[9] ?? "",
      version: f[11] ?? "",
      controlNumber: f[12] ?? "",
      acknowledgmentRequested: f[13] === "1",
      usage: f[14] ?? "",
      delimiters: r.delimiters,
      ta1: [],
      groups: [],
      problems: [],
      position,
    };
    this.d = r.delimiters;
    this.nextSep = -1;
    this.ic = ic;
    this.state = State.Interchange;
    this.icGroups = 0;
    this.icGroupKeys = new ControlNumbers();
    this.strayReported = false;
    this.emit({ type: "interchange", interchange: ic });
    this.checkIsa(ic, r, position);
  }

  private checkIsa(ic: Interchange, r: Extract<IsaRead, { kind: "ok" }>, at: Position): void {
    const err = (code: (typeof P)[keyof typeof P], message: string, severity: Severity = "error") =>
      this.problem(severity, code, message, "ISA", at, [ic.problems]);
    const f = r.fields;
    const d = r.delimiters;
    if (!r.fixedWidth) {
      const wrong = ISA_WIDTHS.flatMap((w, i) => {
        const got = (f[i] ?? "").length;
        return got === w ? [] : [`ISA${String(i + 1).padStart(2, "0")} has ${got} characters, not ${w}`];
      });
      err(
        P.ISA_WIDTH,
        `The ISA is not fixed width (106 characters with its terminator): ${wrong.join("; ") || "its length is wrong"}.`,
      );
    } else {
      const inside = f.slice(0, 15).findIndex((v) => v.includes(d.element));
      if (inside >= 0) {
        err(
          P.ISA_WIDTH,
          `ISA${String(inside + 1).padStart(2, "0")} contains the element separator ${show(d.element)}.`,
        );
      }
    }
    const seps: [string, string][] = [
      ["element separator", d.element],
      ["component separator (ISA16)", d.component],
      ["segment terminator", d.segment],
    ];
    for (let i = 0; i < seps.length; i++) {
      for (let j = i + 1; j < seps.length; j++) {
        const a = seps[i] as [string, string];
        const b = seps[j] as [string, string];
        if (a[1] === b[1]) err(P.ISA_SEPARATORS, `The ${a[0]} and the ${b[0]} are both ${show(a[1])}.`);
      }
    }
    for (const [name, c] of seps) {
      if (ALNUM.test(c))
        err(P.ISA_SEPARATORS, `The ${name} is ${show(c)}, a letter or digit that occurs in data.`);
    }
    const isa11 = f[10] ?? "";
    const version = f[11] ?? "";
    if (d.repetition !== undefined && DATA_LIKE.has(d.repetition)) {
      err(
        P.ISA_REPETITION_SEPARATOR,
        `ISA11 ${show(d.repetition)} is read as the repetition separator, so an element such as "999-001" is two repeats; ask the partner for a separator that never occurs in data (e.g. "^").`,
        "warning",
      );
    } else if (d.repetition === undefined && Number(version) >= 402) {
      err(
        P.ISA_REPETITION_SEPARATOR,
        `ISA11 ${show(isa11)} is not usable as the repetition separator of version ${version}; repeated elements are not split.`,
        "warning",
      );
    }
    if (!/^00[2-9]\d\d$/.test(version)) {
      err(
        P.ISA_VERSION,
        `ISA12 ${excerpt(version)} is not a known interchange version (e.g. 00401, 00501).`,
        "warning",
      );
    }
    const control = f[12] ?? "";
    if (!/^\d{9}$/.test(control)) {
      err(P.ISA_CONTROL_NUMBER, `ISA13 ${excerpt(control)} is not a 9-digit interchange control number.`);
    }
    if (f[13] !== "0" && f[13] !== "1") {
      err(P.ISA_ACK_REQUESTED, `ISA14 ${excerpt(f[13] ?? "")} must be 0 or 1.`);
    }
    if (f[14] !== "P" && f[14] !== "T") err(P.ISA_USAGE, `ISA15 ${excerpt(f[14] ?? "")} must be P or T.`);
    if (!validYymmdd(f[8] ?? "")) err(P.ISA_DATE, `ISA09 ${excerpt(f[8] ?? "")} is not a YYMMDD date.`);
    if (!validHhmm(f[9] ?? "")) err(P.ISA_TIME, `ISA10 ${excerpt(f[9] ?? "")} is not an HHMM time.`);
    const key = `${ic.senderQualifier}\u0000${ic.sender}\u0000${controlKey(control)}`;
    if (this.interchangeKeys.has(key)) {
      err(
        P.ISA_DUPLICATE,
        `Interchange control number ${control} from ${ic.sender} was already used earlier in this input.`,
      );
    } else this.interchangeKeys.add(key);
  }

  private onTa1(seg: Segment): void {
    const ic = this.ic as Interchange;
    if (this.state !== State.Interchange || this.icGroups > 0) {
      this.onStray(seg);
      return;
    }
    this.strayReported = false;
    if (seg.elements.length < 5 || seg.elements.slice(0, 5).some((v) => v === "")) {
      this.problem("error", P.TA1_INVALID, "TA1 needs TA101 to TA105.", "TA1", seg.position, [ic.problems]);
    }
    ic.ta1.push(seg);
    this.emit({ type: "ta1", segment: seg, interchange: ic });
  }

  private onGs(seg: Segment): void {
    if (this.state === State.Set) this.closeSet(seg, seg.position);
    if (this.state === State.Group) this.closeGroup(null, seg.position);
    this.state = State.Interchange;
    this.strayReported = false;
    const ic = this.ic as Interchange;
    const el = seg.elements;
    const group: FunctionalGroup = {
      functionalId: el[0] ?? "",
      applicationSender: el[1] ?? "",
      applicationReceiver: el[2] ?? "",
      date: el[3] ?? "",
      time: el[4] ?? "",
      controlNumber: el[5] ?? "",
      version: el[7] ?? "",
      transactionSets: [],
      problems: [],
      position: seg.position,
    };
    this.group = group;
    this.groupSets = 0;
    this.groupSetKeys = new ControlNumbers();
    this.icGroups++;
    this.state = State.Group;
    this.emit({ type: "group", group, interchange: ic });
    const missing = [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => (el[i] ?? "") === "");
    if (missing.length > 0) {
      this.problem(
        "error",
        P.GS_INVALID,
        `GS is missing ${missing.map((i) => `GS0${i + 1}`).join(", ")}.`,
        "GS",
        seg.position,
        [group.problems],
      );
    }
    if (!/^\d{1,9}$/.test(group.controlNumber)) {
      this.problem(
        "error",
        P.GS_CONTROL_NUMBER,
        `GS06 ${excerpt(group.controlNumber)} is not a 1-9 digit group control number.`,
        "GS",
        seg.position,
        [group.problems],
      );
    }
    const key = controlKey(group.controlNumber);
    if (!this.icGroupKeys.add(key)) {
      this.problem(
        "error",
        P.GS_DUPLICATE,
        `Group control number ${group.controlNumber} is used by an earlier group in interchange ${ic.controlNumber}.`,
        "GS",
        seg.position,
        [group.problems],
      );
    }
  }

  private onSt(seg: Segment): void {
    if (this.state === State.Set) this.closeSet(seg, seg.position);
    if (this.state === State.Interchange || this.state === State.Orphan) {
      this.problem(
        "error",
        P.GS_MISSING,
        `Transaction set ${seg.elements[0] ?? ""} ${seg.elements[1] ?? ""} is not inside a functional group (no GS before it); it is not read.`,
        "ST",
        seg.position,
        [(this.ic as Interchange).problems],
      );
      this.state = State.Orphan;
      return;
    }
    this.strayReported = false;
    const group = this.group as FunctionalGroup;
    // Indexed rather than destructured: destructuring goes through the array iterator, once per set.
    const elements = seg.elements;
    const type = elements[0] ?? "";
    const controlNumber = elements[1] ?? "";
    const reference = elements[2];
    const set: TransactionSet = {
      type,
      controlNumber,
      segments: [seg],
      delimiters: this.d as Delimiters,
      problems: [],
    };
    if (reference !== undefined && reference !== "") set.implementationReference = reference;
    this.open = { set, count: 1, truncated: false };
    this.groupSets++;
    this.state = State.Set;
    const at = seg.position;
    const to = [set.problems];
    if (type.length !== 3 || !isDigits(type)) {
      this.problem(
        "error",
        P.ST_TYPE,
        `ST01 ${excerpt(type)} is not a transaction set identifier.`,
        "ST",
        at,
        to,
      );
    }
    if (controlNumber.length < 4 || controlNumber.length > 9) {
      const message = `ST02 ${excerpt(controlNumber)} must be 4 to 9 characters.`;
      this.problem("error", P.ST_CONTROL_NUMBER, message, "ST", at, to);
    }
    const key = controlKey(controlNumber);
    if (!this.groupSetKeys.add(key)) {
      const message = `Transaction set control number ${controlNumber} is used by an earlier set in this group.`;
      this.problem("error", P.ST_DUPLICATE, message, "ST", at, to);
    }
    const expected = functionalIdOfSet[type];
    if (expected === undefined ? KNOWN_GROUPS.has(group.functionalId) : expected !== group.functionalId) {
      const its = expected ? `; its group is ${expected}` : "";
      const message = `Transaction set ${type} cannot be in a group with GS01 ${excerpt(group.functionalId)}${its}.`;
      this.problem("error", P.ST_GROUP_MISMATCH, message, "ST", at, to);
    }
  }

  private onSe(seg: Segment): void {
    if (this.state === State.Orphan) {
      this.state = State.Interchange;
      return;
    }
    const open = this.open;
    if (this.state !== State.Set || open === null) {
      this.onStray(seg);
      return;
    }
    const set = open.set;
    open.count++;
    if (set.segments.length < this.maxSetSegments) set.segments.push(seg);
    const count = seg.elements[0] ?? "";
    const control = seg.elements[1] ?? "";
    if (!isDigits(count) || Number(count) !== open.count) {
      const message = `SE01 says ${excerpt(count)} segments but transaction set ${set.controlNumber} has ${open.count} (ST to SE).`;
      this.problem("error", P.SE_COUNT, message, "SE", seg.position, [set.problems]);
    }
    if (!sameNumber(control, set.controlNumber)) {
      const message = `SE02 ${excerpt(control)} does not match ST02 ${excerpt(set.controlNumber)}.`;
      this.problem("error", P.SE_CONTROL_NUMBER, message, "SE", seg.position, [set.problems]);
    }
    this.finishSet();
  }

  private finishSet(): void {
    const open = this.open as OpenSet;
    this.open = null;
    this.state = State.Group;
    this.emit({
      type: "set",
      set: open.set,
      group: this.group as FunctionalGroup,
      interchange: this.ic as Interchange,
    });
  }

  private onGe(seg: Segment): void {
    if (this.state === State.Set) this.closeSet(seg, seg.position);
    if (this.state !== State.Group) {
      this.onStray(seg);
      return;
    }
    this.strayReported = false;
    this.closeGroup(seg, seg.position);
  }

  private onIea(seg: Segment): void {
    this.closeInterchange(seg, seg.position);
  }

  private onStray(seg: Segment): void {
    if (this.state === State.Orphan) return;
    if (!isSegmentId(seg.id)) {
      this.problem(
        "error",
        P.SEGMENT_ID_INVALID,
        `${excerpt(seg.id)} is not a segment identifier.`,
        seg.id,
        seg.position,
      );
      return;
    }
    if (this.strayReported) return;
    this.strayReported = true;
    const where =
      this.state === State.Group
        ? "between transaction sets (outside ST…SE)"
        : "outside any functional group";
    const target =
      this.state === State.Group
        ? (this.group as FunctionalGroup).problems
        : (this.ic as Interchange).problems;
    this.problem("error", P.SEGMENT_UNEXPECTED, `${seg.id} is not allowed ${where}.`, seg.id, seg.position, [
      target,
    ]);
  }

  /** Ends the open set without its SE (it was cut short by `by`, or by the end of the input). */
  private closeSet(by: Segment | null, at: Position): void {
    const open = this.open;
    if (open === null) return;
    const where = by ? `${by.id} at segment ${by.position.segment}` : "the end of the input";
    this.problem(
      "error",
      P.SE_MISSING,
      `Transaction set ${open.set.type} ${open.set.controlNumber} has no SE before ${where}.`,
      "ST",
      open.set.segments[0]?.position ?? at,
      [open.set.problems],
    );
    this.finishSet();
  }

  /** Ends the open group: at its GE (`ge`), or without one. */
  private closeGroup(ge: Segment | null, at: Position): void {
    const group = this.group;
    if (group === null) return;
    const ic = this.ic as Interchange;
    if (ge === null) {
      this.problem(
        "error",
        P.GE_MISSING,
        `Functional group ${group.controlNumber} has no GE (ended at segment ${at.segment}).`,
        "GS",
        group.position,
        [group.problems],
      );
    } else {
      const [count = "", control = ""] = ge.elements;
      if (isDigits(count)) group.includedSets = Number(count);
      if (!isDigits(count) || Number(count) !== this.groupSets) {
        this.problem(
          "error",
          P.GE_COUNT,
          `GE01 says ${excerpt(count)} transaction sets but group ${group.controlNumber} has ${this.groupSets}.`,
          "GE",
          ge.position,
          [group.problems],
        );
      }
      if (!sameNumber(control, group.controlNumber)) {
        this.problem(
          "error",
          P.GE_CONTROL_NUMBER,
          `GE02 ${excerpt(control)} does not match GS06 ${excerpt(group.controlNumber)}.`,
          "GE",
          ge.position,
          [group.problems],
        );
      }
    }
    this.group = null;
    this.state = State.Interchange;
    const event: X12Event = { type: "groupEnd", group, interchange: ic };
    if (ge) event.trailer = ge;
    this.emit(event);
  }

  /** Ends the open interchange: at its IEA (`iea`), or without one (then `at` is where it stopped). */
  private closeInterchange(iea: Segment | null, at: Position): void {
    const ic = this.ic;
    if (ic === null) return;
    if (this.state === State.Set) this.closeSet(iea, at);
    if (this.state === State.Group) this.closeGroup(null, iea?.position ?? at);
    if (iea === null) {
      this.problem(
        "error",
        P.IEA_MISSING,
        `Interchange ${ic.controlNumber} has no IEA (ended at byte ${at.offset}).`,
        "ISA",
        ic.position,
        [ic.problems],
      );
    } else {
      const [count = "", control = ""] = iea.elements;
      if (!isDigits(count) || Number(count) !== this.icGroups) {
        this.problem(
          "error",
          P.IEA_COUNT,
          `IEA01 says ${excerpt(count)} functional groups but interchange ${ic.controlNumber} has ${this.icGroups}.`,
          "IEA",
          iea.position,
          [ic.problems],
        );
      }
      if (!sameNumber(control, ic.controlNumber)) {
        this.problem(
          "error",
          P.IEA_CONTROL_NUMBER,
          `IEA02 ${excerpt(control)} does not match ISA13 ${excerpt(ic.controlNumber)}.`,
          "IEA",
          iea.position,
          [ic.problems],
        );
      }
    }
    this.ic = null;
    this.d = null;
    this.nextSep = -1;
    this.state = State.Outside;
    const event: X12Event = { type: "interchangeEnd", interchange: ic };
    if (iea) event.trailer = iea;
    this.emit(event);
  }

  private problem(
    severity: Severity,
    code: (typeof P)[keyof typeof P],
    message: string,
    segment: string | undefined,
    position: Position,
    targets: Problem[][] = [],
  ): void {
    const p = problem(severity, code, message, segment, position);
    for (const t of targets) t.push(p);
    this.emit({ type: "problem", problem: p });
  }
}

function isEnvelope(id: string): boolean {
  return id === "SE" || id === "ST" || id === "GE" || id === "GS" || id === "IEA";
}
