import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { syncStatuses } from "#domain/sync-status.ts";
import {
  addressLines,
  formatCounts,
  formatDate,
  formatDecimal,
  formatDuration,
  humanise,
  isCodeField,
  jobName,
  jobOutcome,
  orderFields,
  sentence,
  singularOf,
  syncStatus,
  syncStatusFilters,
} from "./format.ts";

describe("web formatting", () => {
  test("offers exactly the sync states the server stores, each with its own label", () => {
    assert.deepEqual(
      syncStatusFilters.map((s) => s.value),
      [...syncStatuses],
    );
    const labels = syncStatuses.map((s) => syncStatus(s).label);
    assert.equal(new Set(labels).size, labels.length);
    assert.equal(syncStatus("edited_since").label, "Edited since sync");
    assert.equal(syncStatus("failed").tone, "danger");
    assert.equal(syncStatus(null).label, "Not synced");
  });

  test("shows a state it does not know by its name rather than hiding it", () => {
    assert.deepEqual(syncStatus("awaiting_approval"), {
      label: "Awaiting approval",
      tone: "neutral",
      hint: "",
    });
    assert.equal(jobOutcome("cancelled").label, "Cancelled");
    assert.equal(jobOutcome("retrying").label, "Will retry");
  });

  test("turns field names into words", () => {
    assert.equal(humanise("billingAddress"), "Billing address");
    assert.equal(humanise("customerExternalId"), "Customer");
    assert.equal(humanise("tax-codes"), "Tax codes");
    assert.equal(humanise("unitPrice"), "Unit price");
    assert.equal(humanise("customerPoNumber"), "Customer PO number");
    assert.equal(humanise("partially_paid"), "Partially paid");
  });

  test("keeps a calendar date on its day whatever the time zone", () => {
    assert.match(formatDate("2026-11-02"), /2(?!\d)/);
    assert.match(formatDate("2026-11-02"), /2026/);
    assert.equal(formatDate("not a date"), "not a date");
  });

  test("says how long a job took", () => {
    assert.equal(formatDuration("2026-11-02T10:00:00.000Z", "2026-11-02T10:00:00.250Z"), "250 ms");
    assert.equal(formatDuration("2026-11-02T10:00:00Z", "2026-11-02T10:00:04.5Z"), "4.5 s");
    assert.equal(formatDuration("2026-11-02T10:00:00Z", "2026-11-02T10:02:05Z"), "2 min 5 s");
    assert.equal(formatDuration("2026-11-02T10:00:00Z", null), "—");
  });

  test("summarises job counts", () => {
    assert.equal(formatCounts({ created: 3, updated: 1 }), "3 created · 1 updated");
    assert.equal(formatCounts({ records: 1 }), "1 record");
    assert.equal(formatCounts({ records: 1200 }), `${(1200).toLocaleString()} records`);
    assert.equal(formatCounts(null), "");
  });

  test("writes money with thousands separators and cents, exactly as stored", () => {
    assert.equal(formatDecimal("21540.25", "money"), "21,540.25");
    assert.equal(formatDecimal("1234567890123.10", "money"), "1,234,567,890,123.10");
    assert.equal(formatDecimal("-1500.5", "money"), "-1,500.50");
    assert.equal(formatDecimal("999.00", "money"), "999.00");
    assert.equal(formatDecimal("12.345678", "money"), "12.345678", "a unit price keeps its digits");
    assert.equal(formatDecimal(1200, "money"), "1,200.00");
    assert.equal(formatDecimal("1200", "quantity"), "1,200");
    assert.equal(formatDecimal("2.5", "quantity"), "2.5");
    assert.equal(formatDecimal("8.25", "percent"), "8.25 %");
    assert.equal(formatDecimal("n/a", "money"), "n/a", "anything else is shown as it is");
  });

  test("never says a received change succeeded, which would read as synced", () => {
    assert.equal(jobName("record.changed"), "Change received");
    assert.deepEqual(jobOutcome("succeeded", "record.changed"), { label: "Noted", tone: "neutral" });
    assert.equal(jobOutcome("failed", "record.changed").label, "Failed");
    assert.equal(jobOutcome("succeeded", "edi.pickup").label, "Succeeded");
    assert.equal(jobName("quickbooks.token_refresh"), "Quickbooks token refresh");
  });

  test("writes an address as envelope lines, and leaves other objects alone", () => {
    assert.deepEqual(
      addressLines({ line1: "1 Main St", city: "Dayton", region: "OH", postalCode: "45402", country: "US" }),
      ["1 Main St", "Dayton, OH 45402", "US"],
    );
    assert.equal(addressLines({ cartons: 3 }), null);
  });

  test("lays out fields in reading order: what, who, when, then the money", () => {
    assert.deepEqual(
      orderFields(["total", "date", "locked", "memo", "number", "customerExternalId", "lines"]),
      ["number", "customerExternalId", "date", "lines", "memo", "total", "locked"],
    );
  });

  test("tells code fields from free text", () => {
    assert.ok(isCodeField("paymentStatus"));
    assert.ok(isCodeField("type"));
    assert.ok(isCodeField("accountType"));
    assert.ok(!isCodeField("description"));
    assert.ok(!isCodeField("prototype"));
  });

  test("makes a server's message a sentence", () => {
    assert.equal(
      sentence("items cannot be turned off while invoices are on: invoices need items"),
      "Items cannot be turned off while invoices are on: invoices need items.",
    );
    assert.equal(sentence("Already one. "), "Already one.");
    assert.equal(sentence(""), "");
  });
});

test("a collection's one record reads in words", () => {
  assert.deepEqual(["customers", "journal-entries", "tax-codes", "terms", "sales-orders"].map(singularOf), [
    "customer",
    "journal entry",
    "tax code",
    "terms",
    "sales order",
  ]);
});
