import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { firstSet, sampleSets, strictlyParsedSets, writeAndRead } from "../../../test/helpers/x12/sets.ts";
import { build810, invoiceOrder, read810 } from "./invoice810.ts";
import { read850 } from "./po850.ts";

describe("read810", () => {
  test("the Walmart 810: GLN ship-to, REF*IA/DP/MR, line allowance; TDS 387530 cents = 1080 × 3.61 − 23.50", () => {
    const { invoice, problems } = read810(firstSet("810-oopfactory-walmart-newline-term.edi").set);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [invoice.date, invoice.invoiceNumber, invoice.poDate, invoice.poNumber],
      ["2005-02-05", "6463367", "2005-02-02", "3376103367"],
    );
    assert.deepEqual(
      invoice.references.map((r) => r.qualifier),
      ["IA", "DP", "MR"],
    );
    const shipTo = invoice.parties.find((p) => p.entity === "ST");
    assert.deepEqual([shipTo?.idQualifier, shipTo?.id, shipTo?.postalCode], ["UL", "0078742000992", "72712"]);
    const [line] = invoice.lines;
    assert.deepEqual(
      [line?.quantity, line?.unitPrice, line?.upc, line?.gtin],
      ["1080", "3.61", "022108955228", "00221089552284"],
    );
    assert.deepEqual(line?.allowancesCharges, [
      { indicator: "A", code: "I410", amount: "23.5", handling: "02" },
    ]);
    assert.equal(invoice.total, "3875.3");
  });

  test("the bots retailer 810: TDS 12345.79 is not 4 × 330, a warning (taxes may explain it)", () => {
    const { invoice, problems } = read810(firstSet("810-bots-retailer-1.edi").set);
    assert.equal(invoice.poNumber, "ordernumber");
    assert.equal(invoice.transactionType, "DR");
    assert.equal(invoice.lines[0]?.buyerPartNumber, "525");
    assert.deepEqual(
      problems.map((p) => [p.severity, p.code, p.message]),
      [["warning", "TDS_TOTAL", "TDS01 total 12345.79 differs from lines, allowances and charges (1320.00)"]],
    );
  });

  test("the 810 of the mixed EdiFabric file totals 48 × 3 = 144.00", () => {
    const found = sampleSets("mixed-edifabric-850-810-2gs.edi").find((s) => s.set.type === "810");
    assert.ok(found);
    const { invoice, problems } = read810(found.set);
    assert.deepEqual(problems, []);
    assert.equal(invoice.total, "144");
  });
});

describe("build810", () => {
  test("the samples round-trip: read, write, read gives the same invoice", () => {
    for (const name of ["810-oopfactory-walmart-newline-term.edi", "810-bots-retailer-1.edi"]) {
      const { invoice } = read810(firstSet(name).set);
      const { set, text, parsed } = writeAndRead(build810(invoice, "0001"));
      assert.deepEqual(parsed.problems, [], name);
      assert.equal(strictlyParsedSets(text), 1, name);
      assert.deepEqual(read810(set).invoice, invoice, name);
    }
  });

  test("an invoice for a received order bills each priced line; TDS carries the total in cents", () => {
    const { order } = read850(firstSet("850-nodex12-1.edi").set);
    const invoice = invoiceOrder(order, { invoiceNumber: "INV-1", date: "2010-12-15" });
    assert.equal(invoice.total, "13045.94");
    assert.equal(invoice.poNumber, "08292233294");
    const out = build810(invoice, "0001");
    assert.deepEqual(
      out.segments.find((s) => s[0] === "TDS"),
      ["TDS", "1304594"],
    );
    assert.deepEqual(out.segments[0], ["BIG", "20101215", "INV-1", "20101127", "08292233294", "", "", ""]);
    const back = read810(writeAndRead(out).set);
    assert.deepEqual(back.problems, []);
    assert.equal(back.invoice.lines.length, 6);
    assert.equal(back.invoice.lines[5]?.vendorItemNumber, "DX1875");
  });
});
