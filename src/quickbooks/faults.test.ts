import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { classifyFault, describeFault, parseFault } from "./faults.ts";
import { requestIdFor } from "./request-id.ts";

const sample = (name: string) =>
  readFileSync(new URL(`../../../shared/qbo/samples/${name}`, import.meta.url), "utf8");

const jsonFault = (code: string, Message: string, Detail: string, element = "") =>
  JSON.stringify({
    Fault: { Error: [{ Message, Detail, code, element }], type: "ValidationFault" },
    time: "t",
  });

describe("fault parsing", () => {
  test("reads Intuit's JSON envelope, the gateway's lower-case one and XML", () => {
    const stale = parseFault(400, sample("fault-stale-object-5010.json"));
    assert.equal(stale?.errors[0]?.code, "5010");
    assert.equal(stale?.type, "ValidationFault");

    const gateway = parseFault(401, sample("fault-auth-401.json"));
    assert.equal(gateway?.errors[0]?.code, "3200");
    assert.equal(gateway?.type, "AUTHENTICATION");

    const throttle = parseFault(429, sample("fault-throttle-429.xml"));
    assert.deepEqual(throttle?.errors[0], {
      code: "3001",
      message: "message=ThrottleExceeded; errorCode=003001; statusCode=429",
      detail: "The request limit was reached.  Try again later",
      element: "",
    });
    assert.equal(throttle?.type, "SERVICE");

    const auth100 = parseFault(401, sample("fault-auth-100.xml"));
    assert.equal(auth100?.errors[0]?.code, "100");
  });

  test("an error status without a fault body still gives a fault; a 200 without one gives none", () => {
    assert.deepEqual(parseFault(502, "<html>Bad Gateway</html>")?.errors[0]?.code, "502");
    assert.equal(parseFault(200, '{"Customer":{"Id":"1"}}'), undefined);
    assert.equal(parseFault(200, jsonFault("6240", "Duplicate Name Exists Error", "x : Id=1"))?.status, 200);
  });
});

describe("fault classification", () => {
  const classify = (status: number, body: string) => {
    const fault = parseFault(status, body);
    assert.ok(fault);
    return classifyFault(fault);
  };

  test("throttles, server errors and the transient 6000 are retryable", () => {
    assert.equal(classify(429, sample("fault-throttle-429.xml")).kind, "retryable");
    const serverError = `<?xml version="1.0"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3"><Fault type="SERVICE"><Error code="3100"><Message>message=InternalServerError; errorCode=003100; statusCode=500</Message></Error></Fault></IntuitResponse>`;
    assert.equal(classify(500, serverError).kind, "retryable");
    assert.equal(classify(503, "").kind, "retryable");
    assert.equal(
      classify(
        400,
        jsonFault(
          "6000",
          "A business validation error has occurred while processing your request",
          "Business Validation Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.",
        ),
      ).kind,
      "retryable",
    );
  });

  test("6240 names the colliding Id; 6140 the number and the transaction holding it", () => {
    assert.deepEqual(
      classify(
        400,
        jsonFault("6240", "Duplicate Name Exists Error", "The name supplied already exists. : Id=58"),
      ),
      { code: "6240", kind: "needs_user_action", reason: "duplicate_name", collidingId: "58" },
    );
    assert.deepEqual(
      classify(
        400,
        jsonFault(
          "6140",
          "Duplicate Document Number Error",
          "Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=AA_2025-07_7676ce is assigned to TxnType=Journal Entry with TxnId=3632",
        ),
      ),
      {
        code: "6140",
        kind: "needs_user_action",
        reason: "duplicate_doc_number",
        docNumber: "AA_2025-07_7676ce",
        existingTxnType: "Journal Entry",
        existingTxnId: "3632",
      },
    );
  });

  test("closed books by code 6210, 6200, or by the Message under another code", () => {
    for (const code of ["6210", "6200", "5010"]) {
      const c = classify(400, jsonFault(code, "Account Period Closed", "The account period has closed. {1}"));
      assert.equal(c.reason, "closed_period", code);
    }
  });

  test("inactive references, validation, stale objects, tokens and malformed requests", () => {
    assert.equal(
      classify(
        400,
        jsonFault("610", "Object Not Found", "Something you're trying to use has been made inactive."),
      ).reason,
      "inactive_reference",
    );
    assert.equal(classify(400, jsonFault("2500", "Invalid Reference Id", "x")).reason, "invalid_reference");
    assert.equal(
      classify(400, jsonFault("6000", "A business validation error", "Fill out at least two detail lines"))
        .reason,
      "validation",
    );
    assert.equal(
      classify(400, jsonFault("2020", "Required param missing", "x", "AccountRef")).reason,
      "validation",
    );
    assert.equal(classify(400, sample("fault-stale-object-5010.json")).kind, "stale");
    assert.equal(classify(401, sample("fault-auth-401.json")).kind, "unauthorized");
    assert.equal(classify(401, sample("fault-auth-100.xml")).kind, "reauthorize");
    assert.equal(
      classify(400, jsonFault("2010", "Request has invalid or unsupported property", "x")).kind,
      "defect",
    );
    assert.equal(classify(400, sample("fault-validation-queryparser-4000.json")).kind, "defect");
  });

  test("the description never carries the Detail, which can quote the data sent", () => {
    const fault = parseFault(
      400,
      jsonFault("6240", "Duplicate Name Exists Error", "Jane Roe : Id=58", "DisplayName"),
    );
    assert.ok(fault);
    const text = describeFault(fault);
    assert.equal(text, "QuickBooks fault 6240: Duplicate Name Exists Error (field DisplayName)");
    assert.ok(!text.includes("Jane"));
  });
});

describe("requestid", () => {
  const base = { realmId: "9130", record: "invoices/INV-1001", operation: "create", generation: 1 };

  test("is pinned: the same record, operation and generation give the same id in every process", () => {
    assert.equal(requestIdFor(base), requestIdFor({ ...base }));
    assert.equal(requestIdFor(base), "02e5eeee-a720-8f33-9661-38b8a4789a6b");
    assert.match(requestIdFor(base), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(requestIdFor(base).length, 36);
  });

  test("differs for another generation, operation, record, realm or step", () => {
    const ids = new Set([
      requestIdFor(base),
      requestIdFor({ ...base, generation: 2 }),
      requestIdFor({ ...base, operation: "update" }),
      requestIdFor({ ...base, record: "invoices/INV-1002" }),
      requestIdFor({ ...base, realmId: "9131" }),
      requestIdFor({ ...base, step: "reread:3" }),
    ]);
    assert.equal(ids.size, 6);
  });
});
