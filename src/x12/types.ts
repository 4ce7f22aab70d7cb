// The shapes shared by every part of the X12 engine: what the reader yields, what the transaction-set
// mappers consume and what the writer takes. Declared once here and imported everywhere else.

/** The four separators an interchange declares in its ISA segment. */
export interface Delimiters {
  /** Element separator: the character at ISA position 4 (index 3). */
  element: string;
  /** Segment terminator: the character right after ISA16 (index 105). */
  segment: string;
  /** Component (sub-element) separator: ISA16. */
  component: string;
  /** Repetition separator: ISA11 from version 00402 on; undefined when ISA11 is the standards id "U". */
  repetition?: string;
}

/** Where a segment sits in its file, for problem reports. */
export interface Position {
  /** 1-based number of the segment in the file. */
  segment: number;
  /** 0-based byte offset of the segment's first character in the file. */
  offset: number;
}

/** One segment: `elements[0]` is element 01 (for BEG, BEG01), so `el(seg, n)` is `elements[n - 1]`. */
export interface Segment {
  id: string;
  elements: string[];
  position: Position;
}

export type Severity = "error" | "warning";

/** Something wrong with an input, never thrown: collected and reported with where it was found. */
export interface Problem {
  severity: Severity;
  /** Short stable code, e.g. "ISA_WIDTH", "SE_COUNT", "CTT_TOTAL"; each is documented in docs/edi.md. */
  code: string;
  message: string;
  /** The segment id the problem is about (e.g. "SE"), when there is one. */
  segment?: string;
  position?: Position;
  /** The element's place in that segment (1 for BEG01), when the problem is about one element. */
  element?: number;
}

/** A transaction set as read: ST … SE, with the segments between them (ST and SE included). */
export interface TransactionSet {
  /** ST01, e.g. "850". */
  type: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 (implementation convention reference), when present. */
  implementationReference?: string;
  segments: Segment[];
  delimiters: Delimiters;
  problems: Problem[];
}

export interface FunctionalGroup {
  /** GS01, e.g. "PO" for 850s, "SH" for 856s, "FA" for 997s. */
  functionalId: string;
  applicationSender: string;
  applicationReceiver: string;
  /** GS04 (CCYYMMDD) and GS05 (HHMM…). */
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS08, e.g. "004010" or "005010". */
  version: string;
  /**
   * GE01: how many transaction sets the sender says the group includes (what a 997 reports in AK902).
   * Absent until the GE is read, and when there is no GE or its GE01 is not a number.
   */
  includedSets?: number;
  transactionSets: TransactionSet[];
  problems: Problem[];
  position: Position;
}

export interface Interchange {
  /** ISA05/ISA06 and ISA07/ISA08, trimmed. */
  senderQualifier: string;
  sender: string;
  receiverQualifier: string;
  receiver: string;
  /** ISA09 (YYMMDD) and ISA10 (HHMM). */
  date: string;
  time: string;
  /** ISA12, e.g. "00401" or "00501". */
  version: string;
  /** ISA13. */
  controlNumber: string;
  /** ISA14: "1" when the sender asks for a TA1. */
  acknowledgmentRequested: boolean;
  /** ISA15: "P" production, "T" test. */
  usage: string;
  delimiters: Delimiters;
  /** TA1 segments found between ISA and the first GS (or in an interchange holding only TA1s). */
  ta1: Segment[];
  groups: FunctionalGroup[];
  problems: Problem[];
  position: Position;
}

/**
 * A segment to write: the id, then its elements in order (element 01 first). An element given as an
 * array is a composite, joined by the component separator. Trailing empty elements are dropped.
 */
export type OutSegment = [id: string, ...elements: (string | string[])[]];

/** A transaction set to write: the writer adds ST and SE (with the segment count) around `segments`. */
export interface OutTransactionSet {
  type: string;
  controlNumber: string;
  implementationReference?: string;
  segments: OutSegment[];
}

export interface OutFunctionalGroup {
  functionalId: string;
  applicationSender: string;
  applicationReceiver: string;
  controlNumber: string;
  /** GS08; defaults to "004010", or "005010" when the interchange version is "00501". */
  version?: string;
  /** Defaults to the interchange's date and time. */
  date?: Date;
  transactionSets: OutTransactionSet[];
}

export interface OutInterchange {
  senderQualifier: string;
  sender: string;
  receiverQualifier: string;
  receiver: string;
  controlNumber: string;
  /** ISA12: "00401" (default) or "00501". */
  version?: "00401" | "00501";
  acknowledgmentRequested?: boolean;
  usage?: "P" | "T";
  date?: Date;
  /** TA1 segments to place before the groups (an interchange may hold only TA1s). */
  ta1?: OutSegment[];
  groups: OutFunctionalGroup[];
}
