import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sampleNames } from "../../../test/helpers/x12/samples.ts";
import { firstSet, sampleSets, strictlyParsedSets, writeAndRead } from "../../../test/helpers/x12/sets.ts";
import { findParty } from "./common.ts";
import { build850, hashTotalMatches, type PurchaseOrder850, read850 } from "./po850.ts";

const samples850 = sampleNames().filter((n) => sampleSets(n).some((s) => s.set.type === "850"));

function order(name: string, index = 0) {
  const found = sampleSets(name).filter((s) => s.set.type === "850")[index];
  assert.ok(found, `${name} has no 850 number ${index}`);
  return read850(found.set);
}

describe("read850", () => {
  test("the VICS baseline PO: header, ship-to DUNS+4, lines with CB/VN ids and prices, CTT", () => {
    const { order: po, problems } = order("850-nodex12-1.edi");
    assert.deepEqual(problems, []);
    assert.equal(po.purpose, "00");
    assert.equal(po.type, "SA");
    assert.equal(po.poNumber, "08292233294");
    assert.equal(po.date, "2010-11-27");
    assert.equal(po.requestedDeliveryDate, "2010-12-14");
    assert.deepEqual(po.references, [
      { qualifier: "DP", value: "038" },
      { qualifier: "PS", value: "R" },
    ]);
    assert.deepEqual(findParty(po.parties, "ST"), {
      entity: "ST",
      name: "XYZ RETAIL",
      idQualifier: "9",
      id: "0003947268292",
      address: ["31875 SOLON RD"],
      city: "SOLON",
      state: "OH",
      postalCode: "44139",
    });
    assert.equal(po.lines.length, 6);
    const first = po.lines[0];
    assert.equal(first?.quantity, "120");
    assert.equal(first?.unit, "EA");
    assert.equal(first?.unitPrice, "9.25");
    assert.equal(first?.buyerCatalogNumber, "065322-117");
    assert.equal(first?.vendorItemNumber, "AB3542");
    assert.equal(first?.description, "SMALL WIDGET");
    assert.deepEqual(po.totals, { lineCount: 6 });
    // AMT*1 carries the extended total; it equals the sum of quantity × price exactly (no float drift).
    assert.deepEqual(po.amounts, [{ qualifier: "1", amount: "13045.94" }]);
  });

  test("the newline-terminated copy reads to the same order", () => {
    assert.deepEqual(order("850-nodex12-2-newline-terminator.edi"), order("850-nodex12-1.edi"));
  });

  test("the Petco PO: empty PO101, VN/PD/SK qualifiers, buyer-assigned ship-to 100, zero-padded CTT", () => {
    const { order: po, problems } = order("850-nodex12-3-petco.edi");
    assert.deepEqual(problems, []);
    assert.equal(po.type, "NE");
    assert.deepEqual(po.dates, [{ qualifier: "106", date: "2016-05-02" }]);
    const shipTo = findParty(po.parties, "ST");
    assert.deepEqual([shipTo?.name, shipTo?.idQualifier, shipTo?.id], ["PETCO - CORPORATE", "92", "100"]);
    const [line] = po.lines;
    assert.equal(line?.lineNumber, undefined);
    assert.deepEqual([line?.quantity, line?.unit, line?.unitPrice], ["1", "KI", "225"]);
    assert.deepEqual(
      line?.productIds.map((p) => p.qualifier),
      ["VN", "PD", "SK"],
    );
    assert.deepEqual(po.totals, { lineCount: 1 });
  });

  test("the Stedi 005010 drop-ship PO: BEG*00*DS, PER with phone and e-mail, zero-padded quantities", () => {
    const { order: po, problems } = order("850-stedi-5010-dropship-gs-ow.edi");
    assert.deepEqual(problems, []);
    assert.equal(po.type, "DS");
    assert.deepEqual(po.contacts, [
      {
        function: "OC",
        name: "Marvin Acme",
        communications: [
          { qualifier: "TE", number: "973-555-1212" },
          { qualifier: "EM", number: "marvin@acme.com" },
        ],
      },
    ]);
    assert.deepEqual(
      po.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice]),
      [
        ["item-1", "8", "400"],
        ["item-2", "4", "125"],
      ],
    );
    assert.equal(findParty(po.parties, "ST")?.country, "US");
  });

  test("the bots 3-ISA file: SAC allowances in cents and percent, ship window, buyer location, UPCs", () => {
    const { order: po } = order("850-bots-3isa-crlf.edi");
    assert.equal(po.shipNotBefore, "2006-04-21");
    assert.equal(po.shipNoLater, "2006-04-25");
    assert.deepEqual(po.allowancesCharges, [
      { indicator: "A", code: "E750", amount: "0.8", handling: "02", description: "New Store Order" },
    ]);
    assert.deepEqual(findParty(po.parties, "BY"), { entity: "BY", idQualifier: "92", id: "00996" });
    const [first, second] = po.lines;
    assert.equal(first?.upc, "499762800094");
    assert.deepEqual(first?.allowancesCharges.at(-1), {
      indicator: "A",
      code: "F800",
      amount: "4.2",
      rate: "1",
      handling: "02",
      description: "Promotional Allowance",
    });
    assert.deepEqual(second?.allowancesCharges.at(-1), {
      indicator: "A",
      code: "F800",
      percentQualifier: "Z",
      percent: "10",
      handling: "02",
      description: "Promotional Allowance",
    });
    assert.deepEqual(
      first?.descriptions.map((d) => [d.characteristic, d.text]),
      [
        ["73", "NOT APPLICABLE"],
        ["74", "No Size"],
        ["08", "COFEMKR 2 GO"],
      ],
    );
  });

  test("the pipe-separated bots file: requested delivery window and UPC-only lines", () => {
    const { order: po, problems } = order("850-bots-pipe-elemsep-4st.edi");
    assert.deepEqual(problems, []);
    assert.equal(po.deliverNotBefore, "2002-08-27");
    assert.equal(po.deliverNotAfter, "2002-09-09");
    assert.deepEqual(
      po.lines.map((l) => l.upc),
      ["717119850241", "717119724047", "717119826147", "717119404048", "717119782146"],
    );
  });
});

describe("CTT totals against the lines", () => {
  test("every 850 of the bots 3-ISA file has a CTT02 hash total that matches no sum of its quantities", () => {
    const found = sampleSets("850-bots-3isa-crlf.edi").map((s) =>
      read850(s.set).problems.map((p) => [p.code, p.message, p.position?.segment]),
    );
    assert.deepEqual(found, [
      [["CTT_HASH_TOTAL", "CTT02 hash total 456 differs from the sum of the PO102 quantities (60)", 32]],
      [["CTT_HASH_TOTAL", "CTT02 hash total 504 differs from the sum of the PO102 quantities (294)", 82]],
      [["CTT_HASH_TOTAL", "CTT02 hash total 504 differs from the sum of the PO102 quantities (324)", 132]],
    ]);
  });

  test("the four 850s of the 2-GS bots file send CTT*1*1 for a quantity of 4", () => {
    for (const { set } of sampleSets("850-bots-2gs-4st-00300.edi")) {
      assert.deepEqual(
        read850(set).problems.map((p) => p.code),
        ["CTT_HASH_TOTAL"],
      );
    }
  });

  test("the pipe file's four hash totals (862, 55, 5000, 2691) all match", () => {
    for (const { set } of sampleSets("850-bots-pipe-elemsep-4st.edi"))
      assert.deepEqual(read850(set).problems, []);
  });

  test("a CTT01 that does not count the PO1 lines is an error, not an exception", () => {
    const { set } = firstSet("850-nodex12-1.edi");
    const ctt = set.segments.find((s) => s.id === "CTT");
    assert.ok(ctt);
    ctt.elements[0] = "7";
    assert.deepEqual(
      read850(set).problems.map((p) => [p.severity, p.code, p.message]),
      [["error", "CTT_LINE_COUNT", "CTT01 says 7 line items but the order has 6 PO1 lines"]],
    );
  });

  test("hash totals: the plain sum, or X12's digits-only sum truncated to 10 digits", () => {
    assert.ok(hashTotalMatches("3.5", ["1.5", "2"]));
    assert.ok(hashTotalMatches("17", ["1.5", "2"])); // 15 + 2, decimal points ignored
    assert.ok(hashTotalMatches("2345678901", ["12345678901"])); // truncated on the left
    assert.ok(!hashTotalMatches("4", ["1.5", "2"]));
  });
});

describe("build850", () => {
  test("every 850 sample read, written, read again gives the same order", () => {
    let count = 0;
    for (const name of samples850) {
      for (const { set, group } of sampleSets(name)) {
        if (set.type !== "850") continue;
        const { order: po } = read850(set);
        const version = group.version.startsWith("005") ? "00501" : "00401";
        const { set: back, parsed, text } = writeAndRead(build850(po, "0042"), version);
        assert.deepEqual(parsed.problems, [], name);
        assert.deepEqual(read850(back).order, po, name);
        assert.equal(strictlyParsedSets(text), 1, name);
        count += 1;
      }
    }
    assert.ok(count >= 15, `${count} orders`);
  });

  test("a new order gets its CTT computed and its named dates written as DTMs", () => {
    const po: PurchaseOrder850 = {
      purpose: "00",
      type: "SA",
      poNumber: "PO-1",
      date: "2024-05-17",
      requestedShipDate: "2024-05-20",
      references: [],
      contacts: [],
      dates: [],
      allowancesCharges: [{ indicator: "C", code: "D240", amount: "12.5" }],
      parties: [{ entity: "ST", name: "Store 12", idQualifier: "92", id: "0012" }],
      lines: [
        {
          lineNumber: "1",
          quantity: "2.5",
          unit: "EA",
          unitPrice: "0.1",
          productIds: [{ qualifier: "UP", id: "012345678905" }],
          descriptions: [],
          dates: [],
          references: [],
          allowancesCharges: [],
          parties: [],
        },
      ],
      amounts: [],
    };
    const out = build850(po, "0001");
    assert.deepEqual(
      out.segments.find((s) => s[0] === "CTT"),
      ["CTT", "1", "2.5"],
    );
    assert.deepEqual(
      out.segments.find((s) => s[0] === "DTM"),
      ["DTM", "010", "20240520", ""],
    );
    assert.deepEqual(out.segments.find((s) => s[0] === "SAC")?.slice(0, 6), [
      "SAC",
      "C",
      "D240",
      "",
      "",
      "1250",
    ]);
    const back = read850(writeAndRead(out).set);
    assert.deepEqual(back.problems, []);
    assert.equal(back.order.requestedShipDate, "2024-05-20");
    assert.equal(back.order.lines[0]?.upc, "012345678905");
  });

  test("an amount with more than two decimals cannot be written as SAC05", () => {
    const { order: po } = order("850-nodex12-1.edi");
    po.allowancesCharges.push({ indicator: "A", amount: "1.005" });
    assert.throws(
      () => build850(po, "1"),
      /allowancesCharges\[0\]\.amount: 1\.005 has more than 2 decimal places/,
    );
  });
});
