import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { firstSet, strictlyParsedSets, writeAndRead } from "../../../test/helpers/x12/sets.ts";
import { read850 } from "./po850.ts";
import { acknowledgeOrder, build855, read855 } from "./poack855.ts";

describe("read855", () => {
  test("the book distributor's 855: lines accepted (IA) and rejected (IR) with their ACK29 status", () => {
    const { acknowledgment: ack, problems } = read855(firstSet("855-nodex12-1.edi").set);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [ack.purpose, ack.acknowledgmentType, ack.poNumber, ack.poDate],
      ["00", "AD", "POTEST1112", "2020-10-15"],
    );
    assert.equal(ack.requestReference, "60169126");
    assert.equal(ack.date, "2020-10-15");
    assert.equal(ack.currency, "USD");
    assert.deepEqual(ack.parties[0]?.address, [
      "REGULAR EDI ACCOUNT",
      "ATTN ACQ SERVS",
      "7615 DISALLE BOULEVARD",
    ]);
    assert.deepEqual(
      ack.lines.map((l) => [
        l.lineNumber,
        l.acknowledgments[0]?.status,
        l.acknowledgments[0]?.quantity,
        l.acknowledgments[0]?.industryCode,
        l.disposition,
      ]),
      [
        ["1", "IA", "3", "AC", "accepted"],
        ["2", "IR", "0", "CW", "rejected"],
        ["3", "IR", "0", "KK", "rejected"],
        ["4", "IA", "2", "AC", "accepted"],
      ],
    );
    assert.deepEqual(ack.lines[0]?.productIds[0], { qualifier: "EN", id: "9780446360265" });
    assert.deepEqual(ack.totals, { lineCount: 4, hashTotal: "5" });
  });

  test("the Stedi 005010 855 answers the Stedi 850: same PO number, every line IA with its quantity", () => {
    const { acknowledgment: ack, problems } = read855(firstSet("855-stedi-5010-dropship.edi").set);
    const { order } = read850(firstSet("850-stedi-5010-dropship-gs-ow.edi").set);
    assert.deepEqual(problems, []);
    assert.equal(ack.poNumber, order.poNumber);
    assert.equal(ack.date, "2022-09-13");
    assert.deepEqual(
      ack.lines.map((l) => [l.lineNumber, l.acknowledgments[0]?.status, l.acknowledgments[0]?.quantity]),
      order.lines.map((l) => [l.lineNumber, "IA", l.quantity]),
    );
  });
});

describe("build855", () => {
  test("both samples round-trip: read, write, read gives the same acknowledgment", () => {
    for (const name of ["855-nodex12-1.edi", "855-stedi-5010-dropship.edi"]) {
      const { acknowledgment } = read855(firstSet(name).set);
      const { set, text, parsed } = writeAndRead(build855(acknowledgment, "0005"));
      assert.deepEqual(parsed.problems, [], name);
      assert.equal(strictlyParsedSets(text), 1, name);
      assert.deepEqual(read855(set).acknowledgment, acknowledgment, name);
    }
  });

  test("acknowledging a received order line by line: accepted, quantity changed, rejected", () => {
    const { order } = read850(firstSet("850-nodex12-1.edi").set);
    const ack = acknowledgeOrder(
      order,
      (line, i) =>
        i === 0
          ? { status: "IA", quantity: line.quantity ?? "0", unit: "EA" }
          : i === 1
            ? { status: "IQ", quantity: "200", unit: "EA", dateQualifier: "068", date: "2010-12-10" }
            : { status: "IR", quantity: "0", unit: "EA" },
      { date: "2010-11-28", sellerOrderNumber: "SO-1" },
    );
    assert.equal(ack.acknowledgmentType, "AC");
    assert.deepEqual(
      ack.lines.map((l) => l.disposition),
      ["accepted", "changed", "rejected", "rejected", "rejected", "rejected"],
    );
    const out = build855(ack, "0001");
    assert.deepEqual(out.segments[0], [
      "BAK",
      "00",
      "AC",
      "08292233294",
      "20101127",
      "",
      "",
      "",
      "SO-1",
      "20101128",
    ]);
    assert.deepEqual(out.segments.filter((s) => s[0] === "ACK")[1], [
      "ACK",
      "IQ",
      "200",
      "EA",
      "068",
      "20101210",
      "",
    ]);
    const back = read855(writeAndRead(out).set);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.acknowledgment, ack);
  });

  test("every line accepted unchanged is AD; every line rejected is RD", () => {
    const { order } = read850(firstSet("850-nodex12-1.edi").set);
    assert.equal(acknowledgeOrder(order, () => ({ status: "IA" })).acknowledgmentType, "AD");
    assert.equal(acknowledgeOrder(order, () => ({ status: "R2" })).acknowledgmentType, "RD");
  });
});
