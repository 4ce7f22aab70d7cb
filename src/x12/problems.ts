// The envelope and syntax problems the reader reports. The codes are stable: the 997/TA1 builder maps
// them to AK5/AK9/TA1 codes and docs/edi.md explains each one to a trading partner, so rename none.
import type { Position, Problem, Severity } from "./types.ts";

export const ProblemCode = {
  /** Something other than an ISA where an interchange must start (including a file not starting with ISA). */
  ISA_MISSING: "ISA_MISSING",
  /** An ISA that cannot be read at all: fewer than 16 elements, or cut off by the end of the file. */
  ISA_INVALID: "ISA_INVALID",
  /** An ISA element that is not of its fixed width (the ISA is 106 characters with its terminator). */
  ISA_WIDTH: "ISA_WIDTH",
  /** The separators are not distinct, or one of them is a letter or digit. */
  ISA_SEPARATORS: "ISA_SEPARATORS",
  /** ISA11 is used as a repetition separator but is a character common in data (e.g. "-"). */
  ISA_REPETITION_SEPARATOR: "ISA_REPETITION_SEPARATOR",
  /** ISA12 is not a known version (e.g. the typo "00040"). */
  ISA_VERSION: "ISA_VERSION",
  /** ISA13 is not 9 digits. */
  ISA_CONTROL_NUMBER: "ISA_CONTROL_NUMBER",
  /** ISA14 is neither 0 nor 1. */
  ISA_ACK_REQUESTED: "ISA_ACK_REQUESTED",
  /** ISA15 is neither P nor T. */
  ISA_USAGE: "ISA_USAGE",
  /** ISA09 is not a valid YYMMDD date. */
  ISA_DATE: "ISA_DATE",
  /** ISA10 is not a valid HHMM time. */
  ISA_TIME: "ISA_TIME",
  /** The same sender used the same ISA13 twice in one file. */
  ISA_DUPLICATE: "ISA_DUPLICATE",
  /** The interchange has no IEA (end of file, or another ISA came first). */
  IEA_MISSING: "IEA_MISSING",
  /** IEA01 differs from the number of functional groups. */
  IEA_COUNT: "IEA_COUNT",
  /** IEA02 differs from ISA13. */
  IEA_CONTROL_NUMBER: "IEA_CONTROL_NUMBER",
  /** A TA1 segment that cannot be read (fewer than 5 elements). */
  TA1_INVALID: "TA1_INVALID",
  /** A transaction set outside any functional group (ST with no GS before it). */
  GS_MISSING: "GS_MISSING",
  /** A GS missing mandatory elements (GS01–GS08). */
  GS_INVALID: "GS_INVALID",
  /** GS06 is not 1–9 digits. */
  GS_CONTROL_NUMBER: "GS_CONTROL_NUMBER",
  /** The same GS06 appears twice in one interchange. */
  GS_DUPLICATE: "GS_DUPLICATE",
  /** The functional group has no GE. */
  GE_MISSING: "GE_MISSING",
  /** GE01 differs from the number of transaction sets. */
  GE_COUNT: "GE_COUNT",
  /** GE02 differs from GS06. */
  GE_CONTROL_NUMBER: "GE_CONTROL_NUMBER",
  /** ST01 is missing or not a 3-digit set identifier. */
  ST_TYPE: "ST_TYPE",
  /** ST02 is missing or not 4–9 characters. */
  ST_CONTROL_NUMBER: "ST_CONTROL_NUMBER",
  /** The same ST02 appears twice in one functional group. */
  ST_DUPLICATE: "ST_DUPLICATE",
  /** ST01 does not belong to the functional group named by GS01 (e.g. an 850 in a GS*OW). */
  ST_GROUP_MISMATCH: "ST_GROUP_MISMATCH",
  /** The transaction set has no SE. */
  SE_MISSING: "SE_MISSING",
  /** SE01 differs from the number of segments from ST to SE inclusive. */
  SE_COUNT: "SE_COUNT",
  /** SE02 differs from ST02. */
  SE_CONTROL_NUMBER: "SE_CONTROL_NUMBER",
  /** A segment id that is not 2–3 upper-case letters and digits starting with a letter. */
  SEGMENT_ID_INVALID: "SEGMENT_ID_INVALID",
  /** A segment where the envelope does not allow it (data outside ST…SE, SE without ST, GE without GS…). */
  SEGMENT_UNEXPECTED: "SEGMENT_UNEXPECTED",
  /** The last segment of the file has no segment terminator. */
  SEGMENT_UNTERMINATED: "SEGMENT_UNTERMINATED",
  /** A segment longer than the reader accepts: the declared terminator is probably wrong. */
  SEGMENT_TOO_LONG: "SEGMENT_TOO_LONG",
  /** A transaction set with more segments than the reader keeps; the rest are counted, not kept. */
  SET_TOO_LARGE: "SET_TOO_LARGE",
  /** The checker could not read the file (missing, unreadable). */
  FILE_UNREADABLE: "FILE_UNREADABLE",
  /** The file holds nothing: no byte, or only blanks. */
  FILE_EMPTY: "FILE_EMPTY",
  /** A transaction-set check failed unexpectedly on this set; the set was not fully checked. */
  CHECK_FAILED: "CHECK_FAILED",
} as const;

export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** One line per code: what it means. The docs explain how a partner fixes each. */
export const problemMeaning: Record<ProblemCode, string> = {
  ISA_MISSING: "Data found where an interchange (ISA) must start.",
  ISA_INVALID: "The ISA segment cannot be read.",
  ISA_WIDTH: "An ISA element is not of its fixed width; the ISA must be 106 characters.",
  ISA_SEPARATORS: "The separators declared in the ISA are not distinct, or are letters or digits.",
  ISA_REPETITION_SEPARATOR: "ISA11 is a repetition separator that is common in data.",
  ISA_VERSION: "ISA12 is not a known interchange version.",
  ISA_CONTROL_NUMBER: "ISA13 is not a 9-digit interchange control number.",
  ISA_ACK_REQUESTED: "ISA14 (acknowledgment requested) is neither 0 nor 1.",
  ISA_USAGE: "ISA15 (usage indicator) is neither P nor T.",
  ISA_DATE: "ISA09 is not a valid YYMMDD date.",
  ISA_TIME: "ISA10 is not a valid HHMM time.",
  ISA_DUPLICATE: "The interchange control number was already used by this sender in the file.",
  IEA_MISSING: "The interchange has no IEA trailer.",
  IEA_COUNT: "IEA01 does not match the number of functional groups.",
  IEA_CONTROL_NUMBER: "IEA02 does not match ISA13.",
  TA1_INVALID: "A TA1 segment is missing mandatory elements.",
  GS_MISSING: "A transaction set is outside any functional group.",
  GS_INVALID: "The GS segment is missing mandatory elements.",
  GS_CONTROL_NUMBER: "GS06 is not a 1-9 digit group control number.",
  GS_DUPLICATE: "The group control number was already used in this interchange.",
  GE_MISSING: "The functional group has no GE trailer.",
  GE_COUNT: "GE01 does not match the number of transaction sets.",
  GE_CONTROL_NUMBER: "GE02 does not match GS06.",
  ST_TYPE: "ST01 is not a valid transaction set identifier.",
  ST_CONTROL_NUMBER: "ST02 is not a 4-9 character control number.",
  ST_DUPLICATE: "The transaction set control number was already used in this group.",
  ST_GROUP_MISMATCH: "The transaction set type does not belong to the group's functional identifier (GS01).",
  SE_MISSING: "The transaction set has no SE trailer.",
  SE_COUNT: "SE01 does not match the number of segments from ST to SE.",
  SE_CONTROL_NUMBER: "SE02 does not match ST02.",
  SEGMENT_ID_INVALID: "A segment identifier is not valid X12.",
  SEGMENT_UNEXPECTED: "A segment appears where the envelope does not allow it.",
  SEGMENT_UNTERMINATED: "The last segment has no segment terminator.",
  SEGMENT_TOO_LONG: "A segment is too long; the segment terminator is probably wrong.",
  SET_TOO_LARGE: "A transaction set has more segments than the reader keeps.",
  FILE_UNREADABLE: "The file cannot be read.",
  FILE_EMPTY: "The file is empty: it holds no interchange.",
  CHECK_FAILED: "A transaction set could not be checked.",
};

export function problem(
  severity: Severity,
  code: ProblemCode,
  message: string,
  segment?: string,
  position?: Position,
): Problem {
  const p: Problem = { severity, code, message };
  if (segment !== undefined) p.segment = segment;
  if (position !== undefined) p.position = position;
  return p;
}

/**
 * GS01 functional identifier of each transaction set type (X12 element 479). A set type not listed here
 * is not checked against its group unless GS01 is one of the listed groups.
 */
export const functionalIdOfSet: Readonly<Record<string, string>> = {
  "810": "IN",
  "820": "RA",
  "850": "PO",
  "855": "PR",
  "856": "SH",
  "940": "OW",
  "997": "FA",
  "999": "FA",
};
