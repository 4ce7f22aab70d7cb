// X12 code lists the transaction-set layer reads and writes, each with its meaning, so that received
// acknowledgments can be explained to a person and outgoing ones use only defined codes.
// Sources: ../shared/x12/README.md (997 and TA1 code lists, from the OopFactory 5010 specification and
// pyx12's 997 map), the X12 element dictionary as published by Stedi and kasoftware (elements 235, 374,
// 587, 668), stupidedi's 004010 code lists.

/** A code together with what it means. */
export interface Coded {
  code: string;
  meaning: string;
}

/** AK501 / AK901: acknowledgment status of a set or of a group. */
export const ACK_STATUS = {
  A: "Accepted",
  E: "Accepted, but errors were noted",
  M: "Rejected, message authentication code (MAC) failed",
  P: "Partially accepted, at least one transaction set was rejected",
  R: "Rejected",
  W: "Rejected, assurance failed validity tests",
  X: "Rejected, content after decryption could not be analyzed",
} as const;

/** AK502–AK506: why a transaction set was not accepted as is. */
export const SET_ERROR = {
  "1": "Transaction set not supported",
  "2": "Transaction set trailer missing",
  "3": "Transaction set control number in header and trailer do not match",
  "4": "Number of included segments does not match actual count",
  "5": "One or more segments in error",
  "6": "Missing or invalid transaction set identifier",
  "7": "Missing or invalid transaction set control number",
  "23": "Transaction set control number not unique within the functional group",
} as const;

/** AK304: what is wrong with a segment. */
export const SEGMENT_ERROR = {
  "1": "Unrecognized segment ID",
  "2": "Unexpected segment",
  "3": "Mandatory segment missing",
  "4": "Loop occurs over maximum times",
  "5": "Segment exceeds maximum use",
  "6": "Segment not in defined transaction set",
  "7": "Segment not in proper sequence",
  "8": "Segment has data element errors",
} as const;

/** AK403: what is wrong with a data element. */
export const ELEMENT_ERROR = {
  "1": "Mandatory data element missing",
  "2": "Conditional required data element missing",
  "3": "Too many data elements",
  "4": "Data element too short",
  "5": "Data element too long",
  "6": "Invalid character in data element",
  "7": "Invalid code value",
  "8": "Invalid date",
  "9": "Invalid time",
  "10": "Exclusion condition violated",
} as const;

/** AK905–AK909: why a functional group was not accepted as is. */
export const GROUP_ERROR = {
  "1": "Functional group not supported",
  "2": "Functional group version not supported",
  "3": "Functional group trailer missing",
  "4": "Group control number in the functional group header and trailer do not agree",
  "5": "Number of included transaction sets does not match actual count",
  "6": "Group control number violates syntax",
  "19": "Functional group control number not unique within interchange",
} as const;

/** TA104: interchange acknowledgment code. */
export const TA1_STATUS = {
  A: "The transmitted interchange control structure header and trailer have been received and have no errors",
  E: "The transmitted interchange control structure header and trailer are received and accepted but errors are noted; the sender must not resend this data",
  R: "The transmitted interchange control structure header and trailer are rejected because of errors",
} as const;

/** TA105: interchange note code. */
export const TA1_NOTE = {
  "000": "No error",
  "001": "The interchange control number in the header and trailer do not match",
  "002": "This standard as noted in the control standards identifier is not supported",
  "003": "This version of the controls is not supported",
  "004": "The segment terminator is invalid",
  "005": "Invalid interchange ID qualifier for sender",
  "006": "Invalid interchange sender ID",
  "007": "Invalid interchange ID qualifier for receiver",
  "008": "Invalid interchange receiver ID",
  "009": "Unknown interchange receiver ID",
  "010": "Invalid authorization information qualifier value",
  "011": "Invalid authorization information value",
  "012": "Invalid security information qualifier value",
  "013": "Invalid security information value",
  "014": "Invalid interchange date value",
  "015": "Invalid interchange time value",
  "016": "Invalid interchange standards identifier value",
  "017": "Invalid interchange version ID value",
  "018": "Invalid interchange control number value",
  "019": "Invalid acknowledgment requested value",
  "020": "Invalid test indicator value",
  "021": "Invalid number of included groups value",
  "022": "Invalid control structure",
  "023": "Improper (premature) end-of-file (transmission)",
  "024": "Invalid interchange content (e.g. invalid GS segment)",
  "025": "Duplicate interchange control number",
  "026": "Invalid data element separator",
  "027": "Invalid component element separator",
  "032": "Invalid repetition separator",
} as const;

/** GS01 functional identifier for each transaction set this layer handles (README: element 479). */
export const FUNCTIONAL_ID: Readonly<Record<string, string>> = {
  "850": "PO",
  "855": "PR",
  "856": "SH",
  "810": "IN",
  "997": "FA",
};

/** ACK01 (element 668): line item status in an 855. */
export const LINE_ITEM_STATUS = {
  AA: "Item Accepted - Order Forwarded to Alternate Supplier Location",
  AC: "Item Accepted and Shipped",
  AR: "Item Accepted and Released for Shipment",
  BP: "Item Accepted - Partial Shipment, Balance Backordered",
  DR: "Item Accepted - Date Rescheduled",
  IA: "Item Accepted",
  IB: "Item Backordered",
  IC: "Item Accepted - Changes Made",
  ID: "Item Deleted",
  IE: "Item Accepted, Price Pending",
  IF: "Item on Hold, Incomplete Description",
  IH: "Item on Hold",
  IP: "Item Accepted - Price Changed",
  IQ: "Item Accepted - Quantity Changed",
  IR: "Item Rejected",
  IS: "Item Accepted - Substitution Made",
  IW: "Item on Hold-Waiver Required",
  R1: "Item Rejected, Not a Contract Item",
  R2: "Item Rejected, Invalid Item Product Number",
  R3: "Item Rejected, Invalid Unit of Issue",
  R4: "Item Rejected, Contract Item not Available",
  R5: "Item Rejected, Reorder Item as a Just in Time (JIT) Order",
  R6: "Item Rejected, Reorder Item as an Extended Delivery Order (EDO)",
  R7: "Item Rejected, Reorder Item as a Drop Shipment",
  R8: "Item Rejected, Reorder Item as a Surge Order",
  SP: "Item Accepted - Schedule Date Pending",
} as const;

export type LineDisposition = "accepted" | "changed" | "rejected" | "backordered" | "on-hold";

/** How Ledgerlink groups the ACK01 codes: what happened to the ordered line. */
export function lineDisposition(ack01: string): LineDisposition | undefined {
  switch (ack01) {
    case "AA":
    case "AC":
    case "AR":
    case "IA":
    case "IE":
    case "SP":
      return "accepted";
    case "BP":
    case "DR":
    case "IC":
    case "IP":
    case "IQ":
    case "IS":
      return "changed";
    case "IB":
      return "backordered";
    case "IF":
    case "IH":
    case "IW":
      return "on-hold";
    case "ID":
    case "IR":
    case "R1":
    case "R2":
    case "R3":
    case "R4":
    case "R5":
    case "R6":
    case "R7":
    case "R8":
      return "rejected";
    default:
      return undefined;
  }
}

/** BAK02 (element 587): acknowledgment type of an 855. */
export const ACKNOWLEDGMENT_TYPE = {
  AC: "Acknowledge - With Detail and Change",
  AD: "Acknowledge - With Detail, No Change",
  AE: "Acknowledge - With Exception Detail Only",
  AH: "Acknowledge - Hold Status",
  AK: "Acknowledge - No Detail or Change",
  AP: "Acknowledge - Product Replenishment",
  AT: "Accepted",
  NA: "No Acknowledgment Needed",
  RD: "Reject with Detail",
  RF: "Reject with Exception Detail Only",
  RJ: "Rejected - No Detail",
  RN: "Rejected - Not as Agreed",
  RO: "Rejected With Counter Offer",
  RV: "Rejected - Violates Industry Practices",
  ZZ: "Mutually Defined",
} as const;

/**
 * Product/service ID qualifiers (element 235) that the typed objects expose as named fields.
 * Every qualifier read is kept in `productIds`; these are only the ones with a named shortcut.
 */
export const PRODUCT_ID_QUALIFIER = {
  BP: "Buyer's Part Number",
  CB: "Buyer's Catalog Number",
  EN: "European Article Number (EAN) (2-5-5-1)",
  IB: "International Standard Book Number (ISBN)",
  IN: "Buyer's Item Number",
  MG: "Manufacturer's Part Number",
  UA: "U.P.C./EAN Case Code (2-5-5)",
  UK: "U.P.C./EAN Shipping Container Code (1-2-5-5-1)",
  UP: "U.P.C. Consumer Package Code (1-5-5-1)",
  VN: "Vendor's (Seller's) Item Number",
  VP: "Vendor's (Seller's) Part Number",
} as const;

/** DTM01 (element 374) qualifiers the typed objects name. */
export const DATE_QUALIFIER = {
  "001": "Cancel After",
  "002": "Delivery Requested",
  "010": "Requested Ship",
  "011": "Shipped",
  "017": "Estimated Delivery",
  "037": "Ship Not Before",
  "038": "Ship No Later",
  "063": "Do Not Deliver After",
  "064": "Do Not Deliver Before",
} as const;

/** BSN05 (element 1005), from the README: the HL level order an 856 follows. */
export const HIERARCHICAL_STRUCTURE = {
  "0001": "Shipment, Order, Packaging, Item",
  "0002": "Shipment, Order, Item, Packaging",
  "0004": "Shipment, Order, Item",
} as const;

/** HL03 (element 735) levels of an 856, from the README. */
export const HL_LEVEL = {
  S: "Shipment",
  O: "Order",
  T: "Shipping Tare",
  P: "Pack",
  Q: "Subpack",
  I: "Item",
  F: "Component",
} as const;

export function coded<T extends Record<string, string>>(list: T, code: string): Coded {
  return { code, meaning: (list as Record<string, string>)[code] ?? "Unknown code" };
}
