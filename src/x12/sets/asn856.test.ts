import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSample } from "../../../test/helpers/x12/samples.ts";
import { firstSet, sampleSets, strictlyParsedSets, writeAndRead } from "../../../test/helpers/x12/sets.ts";
import { parseX12 } from "../reader.ts";
import {
  allItems,
  build856,
  check856,
  checkHierarchy,
  read856,
  type Shipment856,
  ShipmentError,
} from "./asn856.ts";
import { sscc18 } from "./sscc.ts";

const PREFIX = "0614141";

function item(upc: string, quantity: string, lineNumber: string) {
  return { lineNumber, productIds: [{ qualifier: "UP", id: upc }], upc, quantity, unit: "EA" };
}

/** A pick-and-pack shipment: two cartons of one order, the second with two items. */
function pickAndPack(): Shipment856 {
  return {
    purpose: "00",
    shipmentId: "SHP-1001",
    date: "2024-05-17",
    time: "1430",
    structure: "0001",
    dates: [{ qualifier: "011", date: "2024-05-17" }],
    shipDate: "2024-05-17",
    packaging: { code: "CTN25", ladingQuantity: "2", weightQualifier: "G", weight: "31.5", weightUnit: "LB" },
    carrier: { routingSequence: "B", idQualifier: "2", scac: "UPSN", transportMethod: "M" },
    references: [{ qualifier: "BM", value: "BOL-778899" }],
    billOfLading: "BOL-778899",
    parties: [
      {
        entity: "SF",
        name: "Acme Widgets",
        address: ["1 Factory Rd"],
        city: "Dayton",
        state: "OH",
        postalCode: "45402",
      },
      { entity: "ST", name: "DC 6", idQualifier: "92", id: "0006" },
    ],
    shipFrom: {
      entity: "SF",
      name: "Acme Widgets",
      address: ["1 Factory Rd"],
      city: "Dayton",
      state: "OH",
      postalCode: "45402",
    },
    shipTo: { entity: "ST", name: "DC 6", idQualifier: "92", id: "0006" },
    orders: [
      {
        poNumber: "PO-4455",
        poDate: "2024-05-01",
        packs: [
          { sscc: sscc18(PREFIX, 1), items: [item("012345678905", "12", "1")] },
          {
            sscc: sscc18(PREFIX, 2),
            items: [item("012345678912", "6", "2"), item("012345678929", "6", "3")],
          },
        ],
      },
    ],
  };
}

describe("build856", () => {
  test("pick and pack (SOPI): HL numbering, parents, levels, MAN*GM with 00 + SSCC, CTT", () => {
    const out = build856(pickAndPack(), "0001");
    const hl = out.segments.filter((s) => s[0] === "HL");
    assert.deepEqual(hl, [
      ["HL", "1", "", "S", "1"],
      ["HL", "2", "1", "O", "1"],
      ["HL", "3", "2", "P", "1"],
      ["HL", "4", "3", "I", "0"],
      ["HL", "5", "2", "P", "1"],
      ["HL", "6", "5", "I", "0"],
      ["HL", "7", "5", "I", "0"],
    ]);
    assert.deepEqual(
      out.segments.filter((s) => s[0] === "MAN"),
      [
        ["MAN", "GM", "00006141410000000012"],
        ["MAN", "GM", "00006141410000000029"],
      ],
    );
    assert.deepEqual(out.segments[0], ["BSN", "00", "SHP-1001", "20240517", "1430", "0001"]);
    assert.deepEqual(
      out.segments.find((s) => s[0] === "TD5"),
      ["TD5", "B", "2", "UPSN", "M", ""],
    );
    assert.deepEqual(
      out.segments.find((s) => s[0] === "PRF"),
      ["PRF", "PO-4455", "", "", "20240501"],
    );
    assert.deepEqual(out.segments.at(-1), ["CTT", "7", "24"]);
  });

  test("what it writes passes node-x12's strict parser and reads back to the same shipment, in 00401 and 00501", () => {
    for (const version of ["00401", "00501"] as const) {
      const shipment = pickAndPack();
      const { text, set, parsed } = writeAndRead(build856(shipment, "0001"), version);
      assert.equal(strictlyParsedSets(text), 1, version);
      assert.deepEqual(parsed.problems, [], version);
      const back = read856(set);
      assert.deepEqual(back.problems, [], version);
      assert.deepEqual(back.shipment, { ...shipment, totals: { lineCount: 7, hashTotal: "24" } }, version);
    }
  });

  test("pallets (SOTPI): tare SSCC under the order, carton SSCCs under the tare", () => {
    const shipment = pickAndPack();
    const [order] = shipment.orders;
    assert.ok(order);
    order.tares = [{ sscc: sscc18(PREFIX, 900, "1"), packs: order.packs ?? [] }];
    delete order.packs;
    const out = build856(shipment, "0002");
    assert.deepEqual(
      out.segments.filter((s) => s[0] === "HL").map((s) => s.slice(1, 4)),
      [
        ["1", "", "S"],
        ["2", "1", "O"],
        ["3", "2", "T"],
        ["4", "3", "P"],
        ["5", "4", "I"],
        ["6", "3", "P"],
        ["7", "6", "I"],
        ["8", "6", "I"],
      ],
    );
    const { text, set } = writeAndRead(out);
    assert.equal(strictlyParsedSets(text), 1);
    const back = read856(set);
    assert.deepEqual(back.problems, []);
    assert.equal(back.shipment.orders[0]?.tares?.[0]?.sscc, "106141410000009005");
    assert.equal(back.shipment.orders[0]?.tares?.[0]?.packs?.length, 2);
  });

  test("standard pack (0002, S-O-I-P): packs sit under their item", () => {
    const shipment = pickAndPack();
    shipment.structure = "0002";
    shipment.orders = [
      {
        poNumber: "PO-9",
        items: [{ ...item("012345678905", "24", "1"), packs: [{ sscc: sscc18(PREFIX, 7) }] }],
      },
    ];
    const out = build856(shipment, "0003");
    assert.deepEqual(
      out.segments.filter((s) => s[0] === "HL").map((s) => s[3]),
      ["S", "O", "I", "P"],
    );
    assert.deepEqual(read856(writeAndRead(out).set).problems, []);
  });

  test("subpacks (Q) sit inside their pack and come back as its packs", () => {
    const shipment = pickAndPack();
    const pack = shipment.orders[0]?.packs?.[1];
    assert.ok(pack);
    pack.packs = [{ marks: [{ qualifier: "W", value: "INNER-1" }], items: pack.items ?? [] }];
    delete pack.items;
    const out = build856(shipment, "0004");
    assert.deepEqual(
      out.segments.filter((s) => s[0] === "HL").map((s) => s.slice(1, 4).join("/")),
      ["1//S", "2/1/O", "3/2/P", "4/3/I", "5/2/P", "6/5/Q", "7/6/I", "8/6/I"],
    );
    const back = read856(writeAndRead(out).set);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.shipment.orders[0]?.packs?.[1]?.packs?.[0]?.items?.length, 2);
  });

  test("an item directly under the order in structure 0001 is refused, naming the field", () => {
    const shipment = pickAndPack();
    const order = shipment.orders[0];
    assert.ok(order);
    order.items = [item("012345678905", "1", "9")];
    assert.throws(
      () => build856(shipment, "1"),
      (e: unknown) => {
        assert.ok(e instanceof ShipmentError);
        assert.deepEqual(
          e.issues.map((i) => [i.field, i.code]),
          [["orders[0].items[0]", "HL_LEVEL"]],
        );
        assert.match(e.message, /I \(Item\) may not sit under O \(Order\) in structure 0001/);
        return true;
      },
    );
  });

  test("a pack in structure 0004 (Shipment, Order, Item) is refused", () => {
    const shipment = pickAndPack();
    shipment.structure = "0004";
    assert.throws(
      () => build856(shipment, "1"),
      /orders\[0\]\.packs\[0\]: HL 3: P \(Pack\) may not sit under O \(Order\)/,
    );
  });

  test("an SSCC with a wrong check digit is refused before anything is written", () => {
    const shipment = pickAndPack();
    const pack = shipment.orders[0]?.packs?.[1];
    assert.ok(pack);
    pack.sscc = "006141410000000020";
    assert.throws(
      () => build856(shipment, "1"),
      (e: unknown) => {
        assert.ok(e instanceof ShipmentError);
        assert.deepEqual(
          e.issues.map((i) => [i.field, i.code]),
          [["orders[0].packs[1].sscc", "SSCC_CHECK_DIGIT"]],
        );
        return true;
      },
    );
  });

  test("an order without a PO number and an item without product ids are refused", () => {
    const shipment = pickAndPack();
    const order = shipment.orders[0];
    assert.ok(order);
    order.poNumber = "";
    const firstItem = order.packs?.[0]?.items?.[0];
    assert.ok(firstItem);
    firstItem.productIds = [];
    assert.throws(
      () => build856(shipment, "1"),
      (e: unknown) => {
        assert.ok(e instanceof ShipmentError);
        assert.deepEqual(
          e.issues.map((i) => i.field),
          ["orders[0].poNumber", "orders[0].packs[0].items[0].productIds"],
        );
        return true;
      },
    );
  });
});

describe("read856 / check856 of received notices", () => {
  test("bots pick and pack: S-O-P-I hierarchy is sound, but every MAN*GM is 22 digits, not 00 + SSCC-18", () => {
    const { set } = firstSet("856-bots-sopi-man-gm.edi");
    const { shipment, problems } = read856(set);
    assert.deepEqual(
      problems.map((p) => [p.code, p.position?.segment]),
      [
        ["SSCC_LENGTH", 12],
        ["SSCC_LENGTH", 26],
        ["SSCC_LENGTH", 34],
      ],
    );
    assert.equal(shipment.structure, "0001");
    assert.equal(shipment.orders.length, 1);
    assert.deepEqual(
      shipment.orders[0]?.packs?.map((p) => [p.sscc, p.marks?.[0]?.value, p.items?.length]),
      [
        [undefined, "0000123456781234567892", 4],
        [undefined, "0000123456781234567891", 2],
        [undefined, "0000123456781234567890", 52],
      ],
    );
    // CTT*58 counts the 58 items (LIN), not the 63 HLs: both conventions are accepted.
    assert.equal(allItems(shipment).length, 58);
    assert.deepEqual(shipment.totals, { lineCount: 58 });
    assert.equal(shipment.orders[0]?.poNumber, "ordernumber");
  });

  test("bots notice cannot be sent back as is: its marks are not SSCCs", () => {
    const { shipment } = read856(firstSet("856-bots-sopi-man-gm.edi").set);
    assert.throws(() => build856(shipment, "1"), /orders\[0\]\.packs\[0\]\.marks\[0\]/);
  });

  test("node-x12 856 (S-O-I, BSN05 0002): carrier, bill of lading, ship-from, items, CTT*4*30", () => {
    const { shipment, problems } = read856(firstSet("856-nodex12-sOI-4060.edi").set);
    assert.deepEqual(problems, []);
    assert.equal(shipment.structure, "0002");
    assert.equal(shipment.billOfLading, "999999-001");
    assert.deepEqual(shipment.carrier, { idQualifier: "2", scac: "XXXX", routing: "XXXX" });
    assert.equal(shipment.shipDate, "2011-12-06");
    assert.equal(shipment.shipFrom?.name, "1 EDI SOURCE");
    assert.deepEqual(shipment.packaging, {
      code: "PCS",
      ladingQuantity: "2",
      weightQualifier: "A3",
      weight: "60.31",
      weightUnit: "LB",
    });
    assert.deepEqual(
      shipment.orders[0]?.items?.map((i) => [i.vendorPartNumber, i.upc, i.quantity]),
      [
        ["87787D", "999999310145", "24"],
        ["99887D", "999999311746", "6"],
      ],
    );
    assert.deepEqual(shipment.totals, { lineCount: 4, hashTotal: "30" });
  });

  test("OopFactory 856 with reversed separators: heading dates, S-O-I without BSN05", () => {
    const { shipment, problems } = read856(firstSet("856-oopfactory-tilde-elem-star-term.edi").set);
    assert.deepEqual(problems, []);
    assert.equal(shipment.structure, undefined);
    assert.deepEqual(shipment.dates, [
      { qualifier: "011", date: "2001-04-20", time: "1421" },
      { qualifier: "017", date: "2001-04-22", time: "0800" },
    ]);
    assert.equal(shipment.shipTo?.name, "ESSAR Steel Algoma Inc.");
    assert.deepEqual(
      shipment.orders[0]?.items?.map((i) => [i.lineNumber, i.quantity, i.unit]),
      [
        ["001", "16", "PC"],
        ["002", "23", "LB"],
        ["004", "16", "PC"],
      ],
    );
  });

  test("the received samples round-trip through build856 when their marks are valid", () => {
    for (const name of ["856-nodex12-sOI-4060.edi", "856-oopfactory-tilde-elem-star-term.edi"]) {
      const { shipment } = read856(firstSet(name).set);
      const { text, set } = writeAndRead(build856(shipment, "0009"));
      assert.equal(strictlyParsedSets(text), 1, name);
      const back = read856(set).shipment;
      // Our CTT counts every HL and sums SN102; the rest is what was received.
      assert.deepEqual({ ...back, totals: undefined }, { ...shipment, totals: undefined }, name);
    }
  });

  test("an HL02 pointing forward, a level out of order and a duplicate id are each reported", () => {
    const text = readSample("856-nodex12-sOI-4060.edi")
      .toString("latin1")
      .replace("HL*2*1*O~", "HL*2*3*O~")
      .replace("HL*4*2*I~", "HL*3*2*S~");
    const set = parseX12(text).interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(set);
    assert.deepEqual(
      check856(set).map((p) => [p.code, p.message]),
      [
        ["HL_PARENT", "HL 2 points to parent 3, which is not an earlier HL01"],
        ["HL_DUPLICATE_ID", "HL01 3 is used twice"],
        ["HL_ID_ORDER", "HL01 3 does not increase on 3"],
        ["HL_ROOT", "HL 3 is a second shipment level (S)"],
        // The item under the second S is lost to the order, so the SN102 sum no longer matches.
        ["CTT_HASH_TOTAL", "CTT02 hash total 30 differs from the sum of the SN102 quantities (24)"],
      ],
    );
  });

  test("a pack without MAN and an item without SN1 are reported", () => {
    const text = readSample("856-bots-sopi-man-gm.edi")
      .toString("latin1")
      .replace("MAN*GM*0000123456781234567891~\r\n", "")
      .replace("SN1**3*EA~\r\n", "")
      .replace("SE*190*", "SE*188*");
    const set = parseX12(text).interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(set);
    assert.deepEqual(set.problems, []);
    assert.deepEqual(
      check856(set)
        .map((p) => p.code)
        .filter((c) => c !== "SSCC_LENGTH"),
      ["HL_PACK_MARKS", "HL_ITEM_SN1"],
    );
  });

  test("checkHierarchy without a structure code still wants S first and O under S", () => {
    const issues = checkHierarchy(
      [
        { id: "1", parent: "", level: "S" },
        { id: "2", parent: "1", level: "I" },
      ],
      undefined,
    );
    assert.deepEqual(
      issues.map((i) => i.code),
      ["HL_LEVEL"],
    );
  });

  test("every 856 sample is read without an exception", () => {
    for (const name of [
      "856-bots-sopi-man-gm.edi",
      "856-nodex12-sOI-4060.edi",
      "856-oopfactory-tilde-elem-star-term.edi",
    ]) {
      for (const { set } of sampleSets(name)) assert.ok(read856(set).shipment.orders.length > 0, name);
    }
  });
});
