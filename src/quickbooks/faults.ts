// QuickBooks Online faults: read from any of the shapes Intuit answers with, and classified by what a
// caller can do about them. A leaf module: no I/O, nothing of the product but the XML reader.
//
// Shapes on the wire (../shared/qbo/FACTS.md §2.1, error-codes.json):
// - the data service's JSON: {"Fault":{"Error":[{"Message","Detail","code","element"}],"type"},"time"};
// - the gateway's JSON for 401/403: lower-case keys {"fault":{"error":[{"message","detail","code"}]}};
// - XML <IntuitResponse><Fault type><Error code element><Message/><Detail/></Error></Fault>, which
//   throttles (429), server errors (5xx) and wrong-company 401s send even to a JSON request;
// - a fault inside an HTTP 200 (batch items, and some older answers).
import { XMLParser } from "fast-xml-parser";

export interface FaultError {
  code: string;
  message: string;
  detail: string;
  element: string;
}

export interface Fault {
  /** HTTP status of the answer that carried it (200 for a fault inside a batch item). */
  status: number;
  /** Intuit's fault type as sent (ValidationFault, SystemFault, SERVICE, AUTHENTICATION…). */
  type: string;
  errors: FaultError[];
}

/**
 * What a caller can do about a fault:
 * - `retryable`: the same request may succeed later (throttle, server error, a transient 6000);
 * - `stale`: the SyncToken was old (5010); read the object again and retry the update once;
 * - `unauthorized`: the access token was refused; refresh it and try again;
 * - `reauthorize`: the connection itself no longer works (revoked, lost rights); a person must
 *   connect again;
 * - `needs_user_action`: QuickBooks refused the data (duplicate name or number, closed books, an
 *   inactive reference, a business rule); retrying the same request cannot help;
 * - `defect`: the request was malformed (an unknown property, a bad query): a bug to fix in Ledgerlink.
 */
export type FaultKind =
  | "retryable"
  | "stale"
  | "unauthorized"
  | "reauthorize"
  | "needs_user_action"
  | "defect";

/** Why a fault needs a person, as a stable code the product shows and filters by. */
export type UserActionReason =
  | "duplicate_name"
  | "duplicate_doc_number"
  | "closed_period"
  | "inactive_reference"
  | "invalid_reference"
  | "validation";

export interface Classification {
  kind: FaultKind;
  /** The first error's code ("6240"), or the HTTP status when the answer had no fault body. */
  code: string;
  reason?: UserActionReason;
  /** 6240: the Id of the object that already holds the name, parsed from the Detail. */
  collidingId?: string;
  /** 6140: the number, and the transaction that already has it. */
  docNumber?: string;
  existingTxnType?: string;
  existingTxnId?: string;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === "Error",
});

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string =>
  v === null || v === undefined ? "" : isObject(v) ? text(v["#text"]) : String(v);

/** The fault in a JSON body, in either key casing; undefined when the body holds none. */
export function faultFromJson(body: unknown, status: number): Fault | undefined {
  if (!isObject(body)) return undefined;
  const raw = isObject(body.Fault) ? body.Fault : isObject(body.fault) ? body.fault : undefined;
  if (!raw) return undefined;
  const list = Array.isArray(raw.Error) ? raw.Error : Array.isArray(raw.error) ? raw.error : [];
  const errors = list.filter(isObject).map((e) => ({
    code: text(e.code ?? e.Code),
    message: text(e.Message ?? e.message),
    detail: text(e.Detail ?? e.detail),
    element: text(e.element ?? e.Element),
  }));
  return { status, type: text(raw.type), errors };
}

/** The fault in an XML body (`<IntuitResponse><Fault>` or a bare `<Fault>`); undefined when none. */
export function faultFromXml(body: string, status: number): Fault | undefined {
  let doc: Json;
  try {
    doc = xml.parse(body) as Json;
  } catch {
    return undefined;
  }
  const root = isObject(doc.IntuitResponse) ? doc.IntuitResponse : doc;
  const raw = root.Fault;
  if (!isObject(raw)) return undefined;
  const list = Array.isArray(raw.Error) ? raw.Error : [];
  const errors = list.filter(isObject).map((e) => ({
    code: text(e["@_code"]),
    message: text(e.Message),
    detail: text(e.Detail),
    element: text(e["@_element"]),
  }));
  return { status, type: text(raw["@_type"]), errors };
}

/**
 * The fault of an HTTP answer, whatever its format: the body decides, not the Content-Type (Intuit's
 * XML faults have come with several). An error status without a readable fault still gives one, so
 * that a 502 page from a proxy is classified like any other server error.
 */
export function parseFault(status: number, body: string): Fault | undefined {
  const trimmed = body.trimStart();
  let fault: Fault | undefined;
  if (trimmed.startsWith("<")) fault = faultFromXml(trimmed, status);
  else if (trimmed.startsWith("{")) {
    try {
      fault = faultFromJson(JSON.parse(trimmed), status);
    } catch {
      fault = undefined;
    }
  }
  if (fault && fault.errors.length > 0) return fault;
  if (status < 400) return undefined;
  return { status, type: "", errors: [{ code: String(status), message: "", detail: "", element: "" }] };
}

// Codes whose meaning decides the class. Everything else falls back on the HTTP status.
const closedPeriodMessage = /account period (has )?closed/i;
const transient6000 = /unexpected error occurred while accessing or saving your data/i;

export function classifyFault(fault: Fault): Classification {
  const first = fault.errors[0] ?? { code: String(fault.status), message: "", detail: "", element: "" };
  const { code, message, detail } = first;
  const base = { code };
  // Closed books come as 6210, 6200 or even 5010 with this Message (DETAILS.md §5): match the words.
  if (
    code === "6210" ||
    code === "6200" ||
    closedPeriodMessage.test(message) ||
    closedPeriodMessage.test(detail)
  ) {
    return { ...base, kind: "needs_user_action", reason: "closed_period" };
  }
  if (fault.status === 429 || code === "3001") return { ...base, kind: "retryable" };
  if (fault.status >= 500 || code === "10000") return { ...base, kind: "retryable" };
  if (code === "5010") return { ...base, kind: "stale" };
  if (fault.status === 401) {
    // 3200: the token expired or was revoked (a refresh tells which); 100 and 120: the token does not
    // open this company, or the user lost access to it.
    return { ...base, kind: code === "3200" || code === "401" ? "unauthorized" : "reauthorize" };
  }
  if (fault.status === 403) return { ...base, kind: "reauthorize" };
  switch (code) {
    case "6240": {
      const id = /Id=(\d+)/.exec(detail)?.[1];
      return {
        ...base,
        kind: "needs_user_action",
        reason: "duplicate_name",
        ...(id ? { collidingId: id } : {}),
      };
    }
    case "6140": {
      const m = /DocNumber=(.*?) is assigned to TxnType=(.*?) with TxnId=(\d+)/.exec(detail);
      return {
        ...base,
        kind: "needs_user_action",
        reason: "duplicate_doc_number",
        ...(m ? { docNumber: m[1] ?? "", existingTxnType: m[2] ?? "", existingTxnId: m[3] ?? "" } : {}),
      };
    }
    case "610":
      return { ...base, kind: "needs_user_action", reason: "inactive_reference" };
    case "2500":
      return { ...base, kind: "needs_user_action", reason: "invalid_reference" };
    case "6000":
      // Sometimes saved anyway (DETAILS.md §9): a retry must look the object up first, which the
      // requestid replay does for us.
      if (transient6000.test(detail)) return { ...base, kind: "retryable" };
      return { ...base, kind: "needs_user_action", reason: "validation" };
    // Malformed requests and queries: what Ledgerlink sent is wrong, not the user's data.
    case "2010":
    case "4000":
    case "4001":
    case "4002":
    case "500":
      return { ...base, kind: "defect" };
  }
  // Other ValidationFaults (2020 required field, 2170 enumeration, 2210 e-mail, 6150, 6520…) name a
  // field of the record: the user can fix it.
  if (fault.status === 400 || /validation/i.test(fault.type)) {
    return { ...base, kind: "needs_user_action", reason: "validation" };
  }
  return { ...base, kind: "defect" };
}

/**
 * A fault as one line for logs and the record's last error: code, Message and the element, never the
 * Detail, which can quote the data sent (names, e-mail addresses).
 */
export function describeFault(fault: Fault): string {
  const first = fault.errors[0];
  if (!first) return `QuickBooks answered HTTP ${fault.status}`;
  const element = first.element ? ` (field ${first.element})` : "";
  return `QuickBooks fault ${first.code}${first.message ? `: ${first.message}` : ""}${element}`;
}
