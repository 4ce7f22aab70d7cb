import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Segment } from "../types.ts";
import { HEADING, type HeadingFields, HeadingReader, ProblemLog } from "./common.ts";

/** Segments from "ID*a*b" texts, numbered in order. */
function segments(...texts: string[]): Segment[] {
  return texts.map((text, i) => {
    const [id = "", ...elements] = text.split("*");
    return { id, elements, position: { segment: i + 1, offset: i * 10 } };
  });
}

/** Runs the reader over the segments into `into`; returns the ids it left to the caller. */
function readAll(into: HeadingFields, carries: number, texts: string[], log = new ProblemLog()): string[] {
  const reader = new HeadingReader(log);
  return segments(...texts)
    .filter((seg) => !reader.take(seg, into, carries))
    .map((seg) => seg.id);
}

describe("HeadingReader", () => {
  test("reads CUR, REF, PER, DTM and an N1 loop, leaving the set's own segments to the caller", () => {
    const into: HeadingFields = {};
    const left = readAll(into, HEADING.CUR | HEADING.REF | HEADING.PER | HEADING.DTM | HEADING.N1, [
      "BEG*00*SA*PO1**20240131",
      "CUR*BY*USD",
      "REF*DP*038",
      "PER*BD*JANE BUYER*TE*5555550100",
      "DTM*010*20240214",
      "N1*ST*DC 12*UL*0012345000012",
      "N3*31875 SOLON RD",
      "N4*SOLON*OH*44139",
      "REF*ST*DOCK 4",
      "PO1*1*12*EA",
    ]);
    assert.deepEqual(left, ["BEG", "PO1"]);
    assert.deepEqual(into, {
      currencyEntity: "BY",
      currency: "USD",
      references: [{ qualifier: "DP", value: "038" }],
      contacts: [
        { function: "BD", name: "JANE BUYER", communications: [{ qualifier: "TE", number: "5555550100" }] },
      ],
      dates: [{ qualifier: "010", date: "2024-02-14" }],
      // The REF after N4 belongs to the N1 loop, not to the heading.
      parties: [
        {
          entity: "ST",
          name: "DC 12",
          idQualifier: "UL",
          id: "0012345000012",
          address: ["31875 SOLON RD"],
          city: "SOLON",
          state: "OH",
          postalCode: "44139",
          references: [{ qualifier: "ST", value: "DOCK 4" }],
        },
      ],
    });
  });

  test("a level reads only the segments it carries; the others are the caller's", () => {
    const into: HeadingFields = {};
    const left = readAll(into, HEADING.REF | HEADING.N1, [
      "CUR*SE*CAD",
      "REF*IA*77812",
      "PER*BD*X",
      "DTM*011*20240301",
    ]);
    assert.deepEqual(left, ["CUR", "PER", "DTM"]);
    assert.deepEqual(into, { references: [{ qualifier: "IA", value: "77812" }] });
  });

  test("an N1 loop closes at the first segment outside it, and a bad DTM date is one problem", () => {
    const into: HeadingFields = {};
    const log = new ProblemLog();
    const left = readAll(
      into,
      HEADING.REF | HEADING.DTM | HEADING.N1,
      ["N1*BT*XYZ RETAIL*92*0001", "PO1*1", "REF*DP*038", "DTM*002*20241340"],
      log,
    );
    assert.deepEqual(left, ["PO1"]);
    assert.equal(into.parties?.[0]?.references, undefined);
    assert.deepEqual(into.references, [{ qualifier: "DP", value: "038" }]);
    assert.deepEqual(into.dates, [{ qualifier: "002" }]);
    assert.deepEqual(
      log.problems.map((p) => [p.code, p.segment]),
      [["DATE_INVALID", "DTM"]],
    );
  });
});
