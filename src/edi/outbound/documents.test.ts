import assert from "node:assert/strict";
import { test } from "node:test";
import { parseX12 } from "#x12/reader.ts";
import { build810, build855, type PurchaseOrder850, read810, read855 } from "#x12/sets/index.ts";
import { envelope } from "./envelope.ts";
import { partnerInvoice } from "./invoice.ts";
import { orderAcknowledgment } from "./order-ack.ts";

const now = new Date("2026-12-06T14:05:00Z");
const parties = { ourQualifier: "ZZ", ourId: "HARLAN", partnerQualifier: "01", partnerId: "NORTHGATE" };

const line = (lineNumber: string, quantity: string, ids: [string, string][]) => ({
  lineNumber,
  quantity,
  unit: "EA",
  unitPrice: "2.50",
  productIds: ids.map(([qualifier, id]) => ({ qualifier, id })),
  descriptions: [],
  dates: [],
  references: [],
  allowancesCharges: [],
  parties: [],
});

const purchaseOrder: PurchaseOrder850 = {
  purpose: "00",
  type: "SA",
  poNumber: "PO-4471",
  date: "2026-12-01",
  references: [],
  contacts: [],
  dates: [],
  allowancesCharges: [],
  parties: [{ entity: "ST", name: "Northgate DC 7", idQualifier: "92", id: "0007" }],
  amounts: [],
  lines: [
    line("1", "10", [["IN", "884422"]]),
    line("2", "5", [["IN", "884423"]]),
    line("3", "1", [["IN", "999"]]),
  ],
};

/** The one set of an enveloped text, read back by our reader: the envelope check found nothing. */
function readBack(text: string) {
  const parsed = parseX12(text);
  assert.deepEqual(parsed.problems, []);
  const set = parsed.interchanges[0]?.groups[0]?.transactionSets[0];
  assert.ok(set);
  return set;
}

test("855: lines the sales order takes are accepted (IA, or IQ with its quantity); a line it lacks is rejected", () => {
  const ack = orderAcknowledgment(
    purchaseOrder,
    {
      number: "SO-5001",
      lines: [
        { customerPoLineNumber: "1", quantity: "10" },
        { customerPoLineNumber: "2", quantity: "4" },
      ],
    },
    now,
  );
  const out = envelope(parties, { interchange: "3", group: "3", set: "3" }, (c) => build855(ack, c), now);
  assert.deepEqual(out.problems, []);
  const back = read855(readBack(out.text)).acknowledgment;
  assert.equal(back.acknowledgmentType, "AC");
  assert.equal(back.sellerOrderNumber, "SO-5001");
  assert.equal(back.poNumber, "PO-4471");
  assert.deepEqual(
    back.lines.map((l) => [l.lineNumber, l.acknowledgments[0]?.status, l.acknowledgments[0]?.quantity]),
    [
      ["1", "IA", "10"],
      ["2", "IQ", "4"],
      ["3", "IR", "1"],
    ],
  );
});

test("810: item lines carry the PO line numbers and the partner's ids; fee, tax and discount are summary charges; the total is the host's", () => {
  const result = partnerInvoice({
    invoice: {
      number: "INV-9001",
      date: "2026-12-07",
      customerExternalId: "C-1001",
      lines: [
        {
          lineId: "a",
          itemExternalId: "P-1",
          quantity: "10",
          unitPrice: "2.50",
          amount: "25.00",
          customerPoLineNumber: "1",
        },
        { lineId: "b", itemExternalId: "P-2", quantity: "4", unitPrice: "2.50", amount: "10.00" },
      ],
      deliveryFee: "7.00",
      taxAmount: "2.10",
      discount: "1.00",
    },
    order: {
      customerPoNumber: "PO-4471",
      lines: [
        { lineId: "x", itemExternalId: "P-1", customerPoLineNumber: "1" },
        { lineId: "y", itemExternalId: "P-2", customerPoLineNumber: "2" },
      ],
    },
    purchaseOrder,
    items: new Map(),
  });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.invoice.total, "43.10");
  const out = envelope(
    parties,
    { interchange: "4", group: "4", set: "4" },
    (c) => build810(result.invoice, c),
    now,
  );
  assert.deepEqual(out.problems, []);
  const back = read810(readBack(out.text)).invoice;
  assert.equal(back.poNumber, "PO-4471");
  assert.equal(back.total, "43.1");
  assert.deepEqual(
    back.lines.map((l) => [l.lineNumber, l.productIds[0]?.id]),
    [
      ["1", "884422"],
      ["2", "884423"],
    ],
  );
  assert.deepEqual(
    back.allowancesCharges.map((s) => [s.indicator, s.code, s.amount]),
    [
      ["C", "D240", "7"],
      ["C", "H850", "2.1"],
      ["A", "C310", "1"],
    ],
  );
});

test("810: an item line the partner cannot be told about is named", () => {
  const result = partnerInvoice({
    invoice: {
      number: "INV-9002",
      date: "2026-12-07",
      customerExternalId: "C-1001",
      lines: [{ itemExternalId: "P-9", quantity: "1", unitPrice: "1", amount: "1.00" }],
    },
    items: new Map([["P-9", {}]]),
  });
  assert.deepEqual(!result.ok && result.issues.map((i) => i.field), ["lines[0].itemExternalId"]);
});
