import assert from "node:assert/strict";
import { test } from "node:test";
import { parseX12 } from "#x12/reader.ts";
import { build856, checkSscc18, type PurchaseOrder850, read856 } from "#x12/sets/index.ts";
import { envelope, selfCheck } from "./envelope.ts";
import { type ShipNoticeInput, shipNotice } from "./ship-notice.ts";

const now = new Date("2026-12-06T14:05:00Z");

const purchaseOrder: PurchaseOrder850 = {
  purpose: "00",
  type: "SA",
  poNumber: "PO-4471",
  date: "2026-12-01",
  references: [],
  contacts: [],
  dates: [],
  allowancesCharges: [],
  parties: [],
  amounts: [],
  lines: [
    {
      lineNumber: "1",
      quantity: "10",
      unit: "CA",
      productIds: [
        { qualifier: "IN", id: "884422" },
        { qualifier: "UP", id: "012345678905" },
      ],
      descriptions: [],
      dates: [],
      references: [],
      allowancesCharges: [],
      parties: [],
    },
  ],
};

function input(overrides: Partial<ShipNoticeInput> = {}): ShipNoticeInput {
  let serial = 41n;
  return {
    shipment: {
      number: "SH-1001",
      customerExternalId: "C-1001",
      shipDate: "2026-12-06",
      carrierCode: "UPSN",
      carrier: "UPS Ground",
      billOfLading: "BOL-77",
      weight: "42.5",
      weightUnit: "lb",
      cartons: [
        { sscc: "000123456700000015", items: [{ itemExternalId: "P-1", quantity: "6" }] },
        {
          items: [
            { itemExternalId: "P-1", quantity: "4" },
            { itemExternalId: "P-2", quantity: "3", orderLineId: "L2" },
          ],
        },
      ],
    },
    order: {
      customerPoNumber: "PO-4471",
      lines: [
        { lineId: "L1", itemExternalId: "P-1", quantity: "10", customerPoLineNumber: "1" },
        { lineId: "L2", itemExternalId: "P-2", quantity: "3", customerPoLineNumber: "2" },
      ],
    },
    purchaseOrder,
    items: new Map([
      ["P-1", { sku: "HEX-10" }],
      [
        "P-2",
        {
          sku: "NUT-4",
          upc: "4006381333931",
          partnerNumbers: [
            { buyerPartNumber: "ANY-9" },
            { customerExternalId: "C-1001", buyerPartNumber: "NG-552", vendorPartNumber: "NUT-4-US" },
          ],
        },
      ],
    ]),
    shipFrom: {
      entity: "SF",
      name: "Harlan Precision",
      address: ["1 Mill Rd"],
      city: "Dayton",
      state: "OH",
      postalCode: "45402",
    },
    shipTo: {
      entity: "ST",
      name: "Northgate DC 7",
      idQualifier: "92",
      id: "0007",
      city: "Columbus",
      state: "OH",
      postalCode: "43004",
    },
    sscc: { gs1Prefix: "0614141", nextSerial: () => serial++ },
    now,
    ...overrides,
  };
}

test("856: cartons become packs with SSCCs, generated with a valid check digit where the host gave none", () => {
  const result = shipNotice(input());
  assert.ok(result.ok, JSON.stringify(result));
  const [order] = result.notice.orders;
  assert.equal(order?.poNumber, "PO-4471");
  assert.equal(order?.poDate, "2026-12-01");
  const ssccs = order?.packs?.map((p) => p.sscc);
  assert.deepEqual(result.generatedSsccs, ["006141410000000418"]);
  assert.deepEqual(ssccs, ["000123456700000015", "006141410000000418"]);
  for (const sscc of ssccs ?? []) assert.equal(checkSscc18(sscc ?? "").valid, true, sscc);
});

test("856: items carry the PO line number and the partner's own ids from its 850, else from the item's partner numbers", () => {
  const result = shipNotice(input());
  assert.ok(result.ok);
  const items = result.notice.orders[0]?.packs?.[1]?.items ?? [];
  assert.deepEqual(
    items.map((i) => ({
      line: i.lineNumber,
      ids: i.productIds,
      qty: i.quantity,
      unit: i.unit,
      ordered: i.orderedQuantity,
    })),
    [
      {
        line: "1",
        ids: [
          { qualifier: "IN", id: "884422" },
          { qualifier: "UP", id: "012345678905" },
        ],
        qty: "4",
        unit: "CA",
        ordered: "10",
      },
      {
        line: "2",
        ids: [
          { qualifier: "BP", id: "NG-552" },
          { qualifier: "EN", id: "4006381333931" },
          { qualifier: "VN", id: "NUT-4-US" },
        ],
        qty: "3",
        unit: "EA",
        ordered: "3",
      },
    ],
  );
});

test("856: written in an envelope, it reads back through our reader with no problem and the same packs", () => {
  const result = shipNotice(input());
  assert.ok(result.ok);
  const out = envelope(
    { ourQualifier: "ZZ", ourId: "HARLAN", partnerQualifier: "01", partnerId: "NORTHGATE" },
    { interchange: "17", group: "17", set: "17" },
    (control) => build856(result.notice, control),
    now,
  );
  assert.deepEqual(out.problems, []);
  const parsed = parseX12(out.text);
  const group = parsed.interchanges[0]?.groups[0];
  assert.equal(group?.functionalId, "SH");
  const set = group?.transactionSets[0];
  assert.ok(set);
  assert.equal(set.controlNumber, "0017");
  const back = read856(set);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(
    back.shipment.orders[0]?.packs?.map((p) => p.sscc),
    ["000123456700000015", "006141410000000418"],
  );
  assert.equal(back.shipment.shipTo?.id, "0007");
  assert.equal(back.shipment.carrier?.scac, "UPSN");
});

test("856: what cannot be shipped is named by field — no PO number, a carton without SSCC or prefix, an unknown item", () => {
  const base = input();
  const result = shipNotice({
    ...base,
    purchaseOrder: undefined,
    sscc: undefined,
    order: { lines: [] },
    shipment: {
      ...base.shipment,
      cartons: [{ items: [{ itemExternalId: "P-404", quantity: "1" }] }],
    },
  });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues.map((i) => i.field), [
    "customerPoNumber",
    "cartons[0].sscc",
    "cartons[0].items[0].itemExternalId",
  ]);
});

test("self-check: a text our reader faults is reported before it is sent", () => {
  assert.notDeepEqual(selfCheck("ISA*00*bad~"), []);
});
