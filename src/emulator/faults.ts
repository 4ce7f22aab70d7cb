// Intuit's fault envelopes, with the codes and messages QuickBooks Online sends (see
// ../shared/qbo/error-codes.json for the sources). Expected failures are thrown as QboFault and
// turned into the wire shape in one place, so a rule never builds a response by hand.
import { formatResponseTime } from "./time.ts";

export type FaultType = "ValidationFault" | "SystemFault" | "AuthenticationFault" | "AuthorizationFault";

export interface IntuitError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly type: FaultType,
    readonly errors: IntuitError[],
  ) {
    super(errors.map((e) => `${e.code} ${e.Message}: ${e.Detail}`).join("; "));
  }

  get code(): string {
    return this.errors[0]?.code ?? "";
  }

  /** The `Fault` object as it appears in a response or inside a batch item. */
  toFault(): { Error: IntuitError[]; type: FaultType } {
    return { Error: this.errors.map((e) => ({ ...e })), type: this.type };
  }
}

function validation(code: string, Message: string, Detail: string, element = ""): QboFault {
  return new QboFault(400, "ValidationFault", [{ Message, Detail, code, element }]);
}

const BUSINESS_VALIDATION = "A business validation error has occurred while processing your request";

export const fault = {
  /** 610: reading or updating an id that does not exist, or referring to an inactive name. */
  objectNotFound(element = ""): QboFault {
    return validation(
      "610",
      "Object Not Found",
      "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
      element,
    );
  },
  /** 610 variant for a transaction that was deleted. */
  deletedTransaction(): QboFault {
    return validation(
      "610",
      "Object Not Found",
      "Object Not Found : Another user has deleted this transaction.",
    );
  },
  /**
   * 2500: a reference to an id that does not exist (or of the wrong kind). Without a more precise
   * reason the detail is the one of Intuit's error list.
   */
  invalidReference(element = "", reason?: string): QboFault {
    return validation(
      "2500",
      "Invalid Reference Id",
      `Invalid Reference Id : ${reason ?? "Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees."}`,
      element,
    );
  },
  /**
   * 2500 as QuickBooks words it for a missing customer, vendor, employee, account or class:
   * "Invalid Reference Id : Names element id 583 not found", element "Reference Id" (faults quoted by
   * integrations, 2025–2026; "Klasses" is Intuit's spelling).
   */
  referenceNotFound(table: string, id: string): QboFault {
    return fault.invalidReference("Reference Id", `${table} element id ${id} not found`);
  },
  /** 2020: a required field is missing (Message as QuickBooks sent it in 2024, DETAILS.md §8). */
  requiredParam(name: string, element = name): QboFault {
    return validation(
      "2020",
      "Required param missing, need to supply the required value for the API",
      `Required parameter ${name} is missing in the request`,
      element,
    );
  },
  /** 2170: a value outside the schema's enumeration. */
  invalidEnumeration(value: string, element = ""): QboFault {
    return validation("2170", "Invalid Enumeration", `Invalid Enumeration: ${value}`, element);
  },
  /** 2010: a property the entity does not have, or a value of the wrong type. */
  invalidProperty(detail: string, element = ""): QboFault {
    return validation(
      "2010",
      "Request has invalid or unsupported property",
      `Property Name:${detail}`,
      element,
    );
  },
  /**
   * 2010 for a property the schema class does not have, worded as QuickBooks' JSON binding reports it
   * (python-quickbooks #80 and #299): the field, the class, the properties it knows (cut after about
   * 1,000 characters, as the binding does) and a trailing "specified is unsupported or invalid".
   */
  unrecognizedField(field: string, cls: string, known: readonly string[]): QboFault {
    let list = "";
    for (const [i, name] of known.entries()) {
      list += `${i > 0 ? ", " : ""}"${name}"`;
      if (list.length > 1000 && i < known.length - 1) {
        list += " [truncated]";
        break;
      }
    }
    return new QboFault(400, "ValidationFault", [
      {
        Message: "Request has invalid or unsupported property",
        Detail: `Property Name:Unrecognized field "${field}" (class com.intuit.schema.finance.v3.${cls}), not marked as ignorable (${known.length} known properties: ${list}])\n specified is unsupported or invalid`,
        code: "2010",
      },
    ]);
  },
  /** 5010: the update carried a SyncToken older than the stored one. */
  staleObject(): QboFault {
    return validation(
      "5010",
      "Stale Object Error",
      "Stale Object Error : You and API API were working on this at the same time. API API finished before you did, so your work was not saved.",
    );
  },
  /** 6000: QuickBooks' catch-all business rule failure. */
  businessValidation(detail: string, element = ""): QboFault {
    return validation("6000", BUSINESS_VALIDATION, `Business Validation Error: ${detail}`, element);
  },
  invalidAccountType(element = ""): QboFault {
    return validation(
      "6000",
      "Invalid account type",
      "Invalid account type: You need to select a different type of account for this transaction.",
      element,
    );
  },
  amountMismatch(supplied: number): QboFault {
    return validation(
      "6070",
      "Amount is not equal to UnitPrice * Qty",
      `Amount is not equal to UnitPrice * Qty. Supplied value:${supplied.toLocaleString("en-US", { maximumFractionDigits: 5 })}`,
    );
  },
  inventoryQuantityMissing(): QboFault {
    return validation("6520", "Missing Inventory Item Quantity", "Quantity required for inventory item");
  },
  /** The detail names the document holding the number, as QuickBooks' responses do. */
  duplicateDocNumber(docNumber: string, txnType: string, txnId: string): QboFault {
    return validation(
      "6140",
      "Duplicate Document Number Error",
      `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${txnType} with TxnId=${txnId}`,
    );
  },
  parentRefRequired(): QboFault {
    return validation(
      "6150",
      "ParentRef Required Error",
      "ParentRef is either required or not if Job is true or false.",
      "Job",
    );
  },
  accountPeriodClosed(): QboFault {
    return validation(
      "6210",
      "Account Period Closed",
      "The account period has closed and the account books cannot be updated through the QBO Services API. Please use the QBO website to make these changes.",
    );
  },
  /** The detail ends with the id of the object holding the name; integrations parse it. */
  duplicateName(existingId: string): QboFault {
    return validation(
      "6240",
      "Duplicate Name Exists Error",
      `The name supplied already exists. : Id=${existingId}`,
    );
  },
  /** 6540: a payment or sales receipt on a deposit cannot change until the deposit lets it go. */
  depositedTransaction(): QboFault {
    return validation(
      "6540",
      "Deposited Transaction cannot be changed",
      "This transaction has been deposited. If you want to change or delete it, you must first edit the deposit it appears on and remove it.",
    );
  },
  /**
   * A malformed e-mail address. The Detail is the sentence Intuit sends (DotNET SDK #333); the code
   * 2210 is the one a public integration records for it; the Message is the emulator's.
   */
  invalidEmail(value: string, element: string): QboFault {
    return validation(
      "2210",
      "Invalid Email Address",
      `Email Address does not conform to the syntax rules of RFC 822. Supplied value: ${value}`,
      element,
    );
  },
  listHasBalance(): QboFault {
    return validation(
      "6000",
      "Delete List Has Balance Error",
      "The entity you are trying to delete has an open balance. : This customer cannot be deleted because it has a non-zero balance",
    );
  },
  /** 500: an operation the resource does not support, or a path that does not exist. */
  unsupportedOperation(what: string): QboFault {
    return validation("500", "Unsupported Operation", `Operation ${what} is not supported.`);
  },
  queryParse(detail: string): QboFault {
    return new QboFault(400, "ValidationFault", [
      { Message: "Error parsing query", Detail: detail, code: "4000" },
    ]);
  },
  queryValidation(detail: string): QboFault {
    return new QboFault(400, "ValidationFault", [{ Message: "Invalid query", Detail: detail, code: "4001" }]);
  },
  malformedRequest(detail: string): QboFault {
    return validation("400", "MalformedRequest", detail);
  },
  /** 10000: an unexpected failure inside the service (an emulator bug, reported as Intuit would). */
  systemFailure(detail: string): QboFault {
    return new QboFault(500, "SystemFault", [
      {
        Message: "An application error has occurred while processing your request",
        Detail: `System Failure Error: ${detail}`,
        code: "10000",
        element: "",
      },
    ]);
  },
  requestIdTooLong(requestId: string, max: number): QboFault {
    return fault.businessValidation(
      `You cannot enter more than ${max} characters in the request_id field. You tried entering ${requestId.slice(0, 10)}..., which is ${requestId.length} characters.`,
    );
  },
};

export function faultBody(f: QboFault, nowMs: number): Record<string, unknown> {
  return { Fault: f.toFault(), time: formatResponseTime(nowMs) };
}

/** The gateway's throttle answer: XML even when the client asked for JSON. */
export function throttleXml(nowMs: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse time="${formatResponseTime(nowMs)}" xmlns="http://schema.intuit.com/finance/v3">
    <Fault type="SERVICE">
        <Error code="3001">
            <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
            <Detail>The request limit was reached.  Try again later</Detail>
        </Error>
    </Fault>
</IntuitResponse>`;
}

/** The gateway's answer to an unexpected server failure (HTTP 500), same envelope as the throttle. */
export function serverErrorXml(nowMs: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse time="${formatResponseTime(nowMs)}" xmlns="http://schema.intuit.com/finance/v3">
    <Fault type="SERVICE">
        <Error code="3100">
            <Message>message=InternalServerError; errorCode=003100; statusCode=500</Message>
        </Error>
    </Fault>
</IntuitResponse>`;
}

/**
 * The data service's 401 for a valid access token used on a company it was not granted for: XML
 * even to a JSON request, as Intuit staff reproduced it (oauth-jsclient #91, "wrong token/realm
 * combination"; python-quickbooks #120).
 */
export function wrongRealmXml(nowMs: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${formatResponseTime(nowMs)}"><Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message><Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401</Detail></Error></Fault></IntuitResponse>`;
}

/**
 * The gateway's 403 for a token without the accounting scope: code 3100 with the detail Intuit's
 * tutorial app shows (QBOConceptsTutorial-PHP #13), in the gateway's lower-case JSON envelope seen
 * for 403s (oauth-jsclient #2).
 */
export function insufficientScopeBody(nowMs: number): Record<string, unknown> {
  const body = authFaultBody(nowMs);
  body.fault = {
    error: [
      {
        message: "message=AuthorizationFailed; errorCode=003100; statusCode=403",
        detail: "The access token does not have sufficient scope",
        code: "3100",
        element: null,
      },
    ],
    type: "SERVICE",
  };
  return body;
}

/** The gateway's 401 for a missing, expired or revoked access token (lower-case keys, epoch time). */
export function authFaultBody(nowMs: number): Record<string, unknown> {
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        {
          message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
          detail: null,
          code: "3200",
          element: null,
        },
      ],
      type: "AUTHENTICATION",
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}
