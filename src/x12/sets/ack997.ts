// Functional acknowledgments: the 997 built for every received functional group, the TA1 built for an
// interchange when its sender asks for one or its envelope is broken, and both read back when a partner
// sends them. The reader's envelope problems and this layer's syntax checks decide every code.
import type { ParseResult } from "../reader.ts";
import type {
  FunctionalGroup,
  Interchange,
  OutFunctionalGroup,
  OutInterchange,
  OutSegment,
  OutTransactionSet,
  Problem,
  Segment,
  TransactionSet,
} from "../types.ts";
import {
  ACK_STATUS,
  type Coded,
  coded,
  ELEMENT_ERROR,
  GROUP_ERROR,
  SEGMENT_ERROR,
  SET_ERROR,
  TA1_NOTE,
  TA1_STATUS,
} from "./codes.ts";
import { SETS } from "./dictionary.ts";
import { checkSyntax, type SegmentNote, syntaxProblems } from "./syntax.ts";
import { el, opt } from "./values.ts";

/** AK4: an element in error. */
export interface ElementAcknowledgment {
  /** AK401: position of the element in the segment; `component` when inside a composite. */
  position: number;
  component?: number;
  /** AK402: data element reference number. */
  ref?: number;
  /** AK403. */
  error: Coded;
  /** AK404: copy of the bad data element. */
  data?: string;
}

/** AK3: a segment in error. */
export interface SegmentAcknowledgment {
  /** AK301 segment id, AK302 position in the set (ST = 1), AK303 loop id. */
  id: string;
  position: number;
  loopId?: string;
  /** AK304. */
  error?: Coded;
  elements: ElementAcknowledgment[];
}

/** AK2…AK5: one transaction set. */
export interface SetAcknowledgment {
  type: string;
  controlNumber: string;
  /** AK203 (005010). */
  implementationReference?: string;
  /** AK501. */
  status: Coded;
  /** AK502–AK506. */
  errors: Coded[];
  segments: SegmentAcknowledgment[];
}

/** One 997: the acknowledgment of one functional group. */
export interface GroupAcknowledgment {
  /** AK101 (GS01 of the acknowledged group), AK102 (its GS06), AK103 (its GS08, 005010). */
  functionalId: string;
  controlNumber: string;
  version?: string;
  sets: SetAcknowledgment[];
  /** AK901. */
  status: Coded;
  /** AK902 sets included, AK903 sets received, AK904 sets accepted. */
  included: number;
  received: number;
  accepted: number;
  /** AK905–AK909. */
  errors: Coded[];
}

export interface AnalyzeOptions {
  /**
   * What a set with syntax errors (AK3/AK4) gets: "reject" (AK5 R, code 5, the usual practice and what
   * retailers expect) or "accept" (AK5 E: accepted, errors noted).
   */
  onSyntaxError?: "reject" | "accept";
  /** Set types this receiver handles; another type is rejected with AK5 code 1. Default: any. */
  supportedSets?: readonly string[];
}

/** Reader problem code → AK502 code. Problems of the set itself. */
const SET_CODE: Readonly<Record<string, keyof typeof SET_ERROR>> = {
  SE_MISSING: "2",
  SE_CONTROL_NUMBER: "3",
  SE_COUNT: "4",
  ST_TYPE: "6",
  // An 850 inside a GS*OW: the identifier is invalid for the group it was sent in.
  ST_GROUP_MISMATCH: "6",
  ST_CONTROL_NUMBER: "7",
  ST_DUPLICATE: "23",
  SEGMENT_ID_INVALID: "5",
  SEGMENT_UNEXPECTED: "5",
  SEGMENT_TOO_LONG: "5",
  SET_TOO_LARGE: "5",
};

/** Reader problem code → AK905 code. Problems of the group itself. */
const GROUP_CODE: Readonly<Record<string, keyof typeof GROUP_ERROR>> = {
  GE_MISSING: "3",
  GE_CONTROL_NUMBER: "4",
  GE_COUNT: "5",
  GS_CONTROL_NUMBER: "6",
  GS_DUPLICATE: "19",
};

/** Reader problem code → TA105 note code. Problems of the interchange envelope. */
const TA1_CODE: Readonly<Record<string, keyof typeof TA1_NOTE>> = {
  IEA_CONTROL_NUMBER: "001",
  ISA_VERSION: "017",
  ISA_DATE: "014",
  ISA_TIME: "015",
  ISA_CONTROL_NUMBER: "018",
  ISA_ACK_REQUESTED: "019",
  ISA_USAGE: "020",
  IEA_COUNT: "021",
  ISA_INVALID: "022",
  ISA_WIDTH: "022",
  TA1_INVALID: "022",
  IEA_MISSING: "023",
  GS_MISSING: "024",
  GS_INVALID: "024",
  SEGMENT_UNEXPECTED: "024",
  ISA_DUPLICATE: "025",
  ISA_SEPARATORS: "026",
  ISA_REPETITION_SEPARATOR: "032",
};

/** The acknowledgment of one set: envelope problems first, then the syntax of its segments. */
export function analyzeSet(
  set: TransactionSet,
  version: string,
  options: AnalyzeOptions = {},
): SetAcknowledgment {
  const errors: Coded[] = [];
  let rejected = false;
  let noted = false;
  const add = (code: keyof typeof SET_ERROR) => {
    if (!errors.some((e) => e.code === code)) errors.push(coded(SET_ERROR, code));
  };
  for (const p of set.problems) {
    const code = SET_CODE[p.code];
    if (p.severity === "error") rejected = true;
    else noted = true;
    if (code) add(code);
  }
  if (options.supportedSets && !options.supportedSets.includes(set.type)) {
    rejected = true;
    add("1");
  }
  const notes = checkSyntax(set, version);
  if (notes.length > 0) {
    add("5");
    if (options.onSyntaxError === "accept") noted = true;
    else rejected = true;
  }
  const status = rejected ? "R" : noted ? "E" : "A";
  return {
    type: set.type,
    controlNumber: set.controlNumber,
    ...(set.implementationReference && version.startsWith("005")
      ? { implementationReference: set.implementationReference }
      : {}),
    status: coded(ACK_STATUS, status),
    errors: errors.slice(0, 5),
    segments: notes.map(toSegmentAck),
  };
}

function toSegmentAck(n: SegmentNote): SegmentAcknowledgment {
  return {
    id: n.id,
    position: n.position,
    ...(n.loopId ? { loopId: n.loopId } : {}),
    ...(n.code ? { error: coded(SEGMENT_ERROR, n.code) } : {}),
    elements: n.elements.map((e) => ({
      position: e.position,
      ...(e.component !== undefined ? { component: e.component } : {}),
      ...(e.ref !== undefined ? { ref: e.ref } : {}),
      error: coded(ELEMENT_ERROR, e.code),
      ...(e.data !== undefined && printable(e.data) ? { data: e.data.slice(0, 99) } : {}),
    })),
  };
}

/** AK404 is a copy of the bad data; data with control characters is left out rather than echoed. */
function printable(data: string): boolean {
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** The acknowledgment of a whole functional group (the content of its 997). */
export function analyzeGroup(group: FunctionalGroup, options: AnalyzeOptions = {}): GroupAcknowledgment {
  const sets = group.transactionSets.map((s) => analyzeSet(s, group.version, options));
  const errors: Coded[] = [];
  let groupRejected = false;
  let groupNoted = false;
  for (const p of group.problems) {
    const code = GROUP_CODE[p.code];
    if (p.severity === "error") groupRejected = true;
    else groupNoted = true;
    if (code && !errors.some((e) => e.code === code)) errors.push(coded(GROUP_ERROR, code));
  }
  const accepted = groupRejected
    ? 0
    : sets.filter((s) => s.status.code === "A" || s.status.code === "E").length;
  let status: keyof typeof ACK_STATUS;
  if (groupRejected || (sets.length > 0 && accepted === 0)) status = "R";
  else if (accepted < sets.length) status = "P";
  else if (groupNoted || sets.some((s) => s.status.code === "E")) status = "E";
  else status = "A";
  return {
    functionalId: group.functionalId,
    controlNumber: group.controlNumber,
    ...(group.version.startsWith("005") ? { version: group.version } : {}),
    sets,
    status: coded(ACK_STATUS, status),
    // AK902 repeats the sender's GE01, so that a wrong count shows against AK903, the sets received.
    included: group.includedSets ?? sets.length,
    received: sets.length,
    accepted,
    errors: errors.slice(0, 5),
  };
}

/** The segments of a 997 (without ST/SE) for an acknowledgment. */
export function render997(ack: GroupAcknowledgment, controlNumber: string): OutTransactionSet {
  const segments: OutSegment[] = [
    ["AK1", ack.functionalId, ack.controlNumber, ...(ack.version ? [ack.version] : [])],
  ];
  for (const s of ack.sets) {
    segments.push([
      "AK2",
      s.type,
      s.controlNumber,
      ...(s.implementationReference ? [s.implementationReference] : []),
    ]);
    for (const seg of s.segments) {
      segments.push(["AK3", seg.id, String(seg.position), seg.loopId ?? "", seg.error?.code ?? ""]);
      for (const e of seg.elements) {
        const position =
          e.component !== undefined ? [String(e.position), String(e.component)] : String(e.position);
        segments.push([
          "AK4",
          position,
          e.ref !== undefined ? String(e.ref) : "",
          e.error.code,
          e.data ?? "",
        ]);
      }
    }
    segments.push(["AK5", s.status.code, ...s.errors.map((e) => e.code)]);
  }
  segments.push([
    "AK9",
    ack.status.code,
    String(ack.included),
    String(ack.received),
    String(ack.accepted),
    ...ack.errors.map((e) => e.code),
  ]);
  return { type: "997", controlNumber, segments };
}

/** The 997 for a received functional group. */
export function build997(
  group: FunctionalGroup,
  options: AnalyzeOptions & { controlNumber: string },
): OutTransactionSet {
  return render997(analyzeGroup(group, options), options.controlNumber);
}

/** Reads a received 997: which sets the partner accepted or rejected, and why. */
export function read997(
  set: TransactionSet,
  version = "004010",
): { acknowledgment: GroupAcknowledgment; problems: Problem[] } {
  const problems: Problem[] = syntaxProblems(set, checkSyntax(set, version));
  const ack: GroupAcknowledgment = {
    functionalId: "",
    controlNumber: "",
    sets: [],
    status: coded(ACK_STATUS, ""),
    included: 0,
    received: 0,
    accepted: 0,
    errors: [],
  };
  let current: SetAcknowledgment | undefined;
  let segment: SegmentAcknowledgment | undefined;
  for (const seg of set.segments) {
    switch (seg.id) {
      case "AK1":
        ack.functionalId = el(seg, 1);
        ack.controlNumber = el(seg, 2);
        if (opt(seg, 3)) ack.version = el(seg, 3);
        break;
      case "AK2":
        if (current) problems.push(withoutAk5(current, seg));
        current = {
          type: el(seg, 1),
          controlNumber: el(seg, 2),
          ...(opt(seg, 3) ? { implementationReference: el(seg, 3) } : {}),
          status: coded(ACK_STATUS, ""),
          errors: [],
          segments: [],
        };
        segment = undefined;
        ack.sets.push(current);
        break;
      case "AK3":
        segment = {
          id: el(seg, 1),
          position: Number(el(seg, 2)),
          ...(opt(seg, 3) ? { loopId: el(seg, 3) } : {}),
          ...(opt(seg, 4) ? { error: coded(SEGMENT_ERROR, el(seg, 4)) } : {}),
          elements: [],
        };
        if (current) current.segments.push(segment);
        else problems.push(misplaced(seg, "AK3 outside an AK2 loop"));
        break;
      case "AK4": {
        const [position = "", component] = el(seg, 1).split(set.delimiters.component);
        const element: ElementAcknowledgment = {
          position: Number(position),
          ...(component ? { component: Number(component) } : {}),
          ...(opt(seg, 2) ? { ref: Number(el(seg, 2)) } : {}),
          error: coded(ELEMENT_ERROR, el(seg, 3)),
          ...(opt(seg, 4) ? { data: el(seg, 4) } : {}),
        };
        if (segment) segment.elements.push(element);
        else problems.push(misplaced(seg, "AK4 without an AK3 before it"));
        break;
      }
      case "AK5":
        if (current) {
          current.status = coded(ACK_STATUS, el(seg, 1));
          for (let n = 2; n <= 6; n++) if (opt(seg, n)) current.errors.push(coded(SET_ERROR, el(seg, n)));
        } else problems.push(misplaced(seg, "AK5 without an AK2 before it"));
        current = undefined;
        segment = undefined;
        break;
      case "AK9":
        if (current) problems.push(withoutAk5(current, seg));
        current = undefined;
        ack.status = coded(ACK_STATUS, el(seg, 1));
        ack.included = Number(el(seg, 2));
        ack.received = Number(el(seg, 3));
        ack.accepted = Number(el(seg, 4));
        for (let n = 5; n <= 9; n++) if (opt(seg, n)) ack.errors.push(coded(GROUP_ERROR, el(seg, n)));
        break;
    }
  }
  const acceptedSets = ack.sets.filter((s) => s.status.code === "A" || s.status.code === "E").length;
  const consistent =
    ack.sets.length === 0 ||
    (acceptedSets === ack.sets.length && (ack.status.code === "A" || ack.status.code === "E")) ||
    (acceptedSets === 0 && ack.status.code !== "A" && ack.status.code !== "E" && ack.status.code !== "P") ||
    (acceptedSets > 0 && acceptedSets < ack.sets.length && ack.status.code === "P");
  const at = set.segments.find((s) => s.id === "AK9");
  if (at && !consistent) {
    problems.push({
      severity: "warning",
      code: "ACK_STATUS_INCONSISTENT",
      message: `AK901 is ${ack.status.code} (${ack.status.meaning}) but ${acceptedSets} of ${ack.sets.length} acknowledged sets were accepted${acceptedSets > 0 && acceptedSets < ack.sets.length ? "; P (partially accepted) was expected" : ""}`,
      segment: "AK9",
      position: at.position,
    });
  }
  if (at && ack.accepted !== acceptedSets) {
    problems.push({
      severity: "warning",
      code: "ACK_COUNT",
      message: `AK904 says ${ack.accepted} sets accepted but the AK5s accept ${acceptedSets}`,
      segment: "AK9",
      position: at.position,
    });
  }
  return { acknowledgment: ack, problems };
}

function withoutAk5(set: SetAcknowledgment, next: Segment): Problem {
  return {
    severity: "error",
    code: "SEGMENT_MISSING",
    message: `the AK2 for ${set.type} ${set.controlNumber} has no AK5 (set acknowledgment status) before ${next.id}`,
    segment: next.id,
    position: next.position,
  };
}

function misplaced(seg: Segment, message: string): Problem {
  return {
    severity: "error",
    code: "SEGMENT_OUT_OF_SEQUENCE",
    message,
    segment: seg.id,
    position: seg.position,
  };
}

/** A TA1 as read: the partner's verdict on one of our interchanges. */
export interface InterchangeAcknowledgment {
  /** TA101–TA103: the acknowledged ISA13, ISA09, ISA10. */
  controlNumber: string;
  date: string;
  time: string;
  status: Coded;
  note: Coded;
}

export function readTA1(seg: Segment): InterchangeAcknowledgment {
  return {
    controlNumber: el(seg, 1),
    date: el(seg, 2),
    time: el(seg, 3),
    status: coded(TA1_STATUS, el(seg, 4)),
    note: coded(TA1_NOTE, el(seg, 5)),
  };
}

/** The verdict on a received interchange's envelope, as a TA1 would carry it. */
export function assessInterchange(interchange: Interchange): {
  status: "A" | "E" | "R";
  note: keyof typeof TA1_NOTE;
} {
  const errors = interchange.problems.filter((p) => p.severity === "error");
  const warnings = interchange.problems.filter((p) => p.severity === "warning");
  const noteOf = (ps: Problem[]) => ps.map((p) => TA1_CODE[p.code]).find((c) => c !== undefined) ?? "022";
  if (errors.length > 0) return { status: "R", note: noteOf(errors) };
  if (warnings.some((p) => TA1_CODE[p.code])) return { status: "E", note: noteOf(warnings) };
  return { status: "A", note: "000" };
}

/**
 * The TA1 for a received interchange: when its sender asked for one (ISA14 = 1), when its envelope has
 * errors, or always with `force`. Undefined when none is due.
 */
export function buildTA1(
  interchange: Interchange,
  options: { force?: boolean } = {},
): OutSegment | undefined {
  const verdict = assessInterchange(interchange);
  if (!options.force && !interchange.acknowledgmentRequested && verdict.status !== "R") return undefined;
  return ["TA1", interchange.controlNumber, interchange.date, interchange.time, verdict.status, verdict.note];
}

export interface AcknowledgeOptions extends AnalyzeOptions {
  /** Our interchange id and qualifier (ISA05/06); default: the receiver of the received interchange. */
  sender?: { qualifier: string; id: string };
  /** Our application id (GS02); default: the receiver (GS03) of the first acknowledged group. */
  applicationSender?: string;
  /**
   * Control numbers for what is written (later: stored per partner and never reused). The default
   * numbers each kind from 1 within this call.
   */
  nextControlNumber?: (kind: "interchange" | "group" | "set") => string;
  date?: Date;
  usage?: "P" | "T";
}

/**
 * Every acknowledgment due for a parsed file: per received interchange, a TA1 (in an interchange of its
 * own, which holds only TA1s) when one is due, and one interchange holding a functional group of 997s,
 * one 997 per received group. Received 997 groups are not acknowledged, and neither is anything inside
 * an interchange whose envelope is rejected.
 *
 * The TA1 travels alone so that the 997 interchange passes strict parsers that refuse a TA1 before GS.
 */
export function acknowledge(parsed: ParseResult, options: AcknowledgeOptions = {}): OutInterchange[] {
  const counters = { interchange: 0, group: 0, set: 0 };
  const next =
    options.nextControlNumber ??
    ((kind: "interchange" | "group" | "set") => {
      counters[kind] += 1;
      const width = kind === "interchange" ? 9 : kind === "set" ? 4 : 1;
      return String(counters[kind]).padStart(width, "0");
    });
  const out: OutInterchange[] = [];
  for (const received of parsed.interchanges) {
    // Without a readable sender there is no one to address an acknowledgment to.
    if (!addressable(received)) continue;
    const version: "00401" | "00501" = received.version >= "00501" ? "00501" : "00401";
    const envelope = {
      senderQualifier: options.sender?.qualifier ?? received.receiverQualifier,
      sender: options.sender?.id ?? received.receiver,
      receiverQualifier: received.senderQualifier,
      receiver: received.sender,
      version,
      acknowledgmentRequested: false,
      usage: options.usage ?? (received.usage === "T" ? "T" : "P"),
      ...(options.date ? { date: options.date } : {}),
    } satisfies Omit<OutInterchange, "controlNumber" | "groups">;

    const ta1 = buildTA1(received);
    if (ta1) out.push({ ...envelope, controlNumber: next("interchange"), ta1: [ta1], groups: [] });
    if (assessInterchange(received).status === "R") continue;

    // One FA group per pair of application ids, since GS02/GS03 of the 997s answer those of the groups.
    const byParties = new Map<string, FunctionalGroup[]>();
    for (const g of received.groups) {
      if (g.functionalId === "FA") continue;
      const key = `${g.applicationSender}\u0000${g.applicationReceiver}`;
      byParties.set(key, [...(byParties.get(key) ?? []), g]);
    }
    if (byParties.size === 0) continue;
    const controlNumber = next("interchange");
    const groups: OutFunctionalGroup[] = [...byParties.values()].map((acknowledged) => {
      const first = acknowledged[0] as FunctionalGroup;
      return {
        functionalId: "FA",
        applicationSender: options.applicationSender ?? first.applicationReceiver,
        applicationReceiver: first.applicationSender,
        controlNumber: next("group"),
        version: version === "00501" ? "005010" : "004010",
        ...(options.date ? { date: options.date } : {}),
        transactionSets: acknowledged.map((g) => build997(g, { ...options, controlNumber: next("set") })),
      };
    });
    out.push({ ...envelope, controlNumber, groups });
  }
  return out;
}

function addressable(i: Interchange): boolean {
  const id = (v: string, max: number) => v.trim() !== "" && v.length <= max;
  return id(i.senderQualifier, 2) && id(i.sender, 15) && id(i.receiverQualifier, 2) && id(i.receiver, 15);
}

/** Whether the set type is one this layer has a dictionary for. */
export function isKnownSet(type: string): boolean {
  return type in SETS;
}
