import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { readSample } from "../../../test/helpers/x12/samples.ts";
import { parseX12 } from "../reader.ts";
import type { Segment, TransactionSet } from "../types.ts";
import { checkSyntax, checkValue, syntaxProblems } from "./syntax.ts";
import { isoDate, isTime } from "./values.ts";

function setOf(lines: string[], type = "850"): TransactionSet {
  const all = [`ST*${type}*0001`, ...lines, `SE*${lines.length + 2}*0001`];
  const segments: Segment[] = all.map((text, i) => {
    const [id = "", ...elements] = text.split("*");
    return { id, elements, position: { segment: i + 3, offset: 0 } };
  });
  return {
    type,
    controlNumber: "0001",
    segments,
    delimiters: { element: "*", segment: "~", component: ">" },
    problems: [],
  };
}

/** AK3/AK4 notes as compact strings: "BEG@2:8 [5:373:8:20241399]". */
function notes(set: TransactionSet, version = "004010"): string[] {
  return checkSyntax(set, version).map(
    (n) =>
      `${n.id}@${n.position}:${n.code ?? ""}${n.elements.length ? ` [${n.elements.map((e) => [e.position, e.ref ?? "", e.code, e.data ?? ""].join(":")).join(" ")}]` : ""}`,
  );
}

describe("element checks (AK403)", () => {
  const cases: [string, Parameters<typeof checkValue>[1], string | undefined][] = [
    ["", ["M", 324, "AN", 1, 22], "1"],
    ["", ["O", 324, "AN", 1, 22], undefined],
    ["A", ["M", 353, "ID", 2, 2], "4"],
    ["ABC", ["M", 353, "ID", 2, 2], "5"],
    ["12A", ["M", 354, "N0", 1, 6], "6"],
    ["-000123", ["M", 354, "N0", 1, 6], undefined],
    ["1234567", ["M", 354, "N0", 1, 6], "5"],
    ["1.5.2", ["O", 330, "R", 1, 15], "6"],
    ["-12345678.90", ["O", 347, "R", 1, 10], undefined],
    ["123456789.01", ["O", 347, "R", 1, 10], "5"],
    ["20240230", ["M", 373, "DT", 8, 8], "8"],
    ["240229", ["M", 373, "DT", 8, 8], "4"],
    ["2024022", ["M", 373, "DT", 8, 8], "4"],
    ["2460", ["M", 337, "TM", 4, 8], "9"],
    ["235959", ["M", 337, "TM", 4, 8], undefined],
    ["AB\u0001", ["O", 93, "AN", 1, 60], "6"],
  ];
  for (const [value, def, expected] of cases) {
    test(`${def[2]} ${def[3]}/${def[4]} "${value}" → ${expected ?? "valid"}`, () => {
      assert.equal(checkValue(value, def, ">"), expected);
    });
  }
});

test("the one-pass element check agrees with the rules written as regular expressions", () => {
  // The rules as the X12 data types state them; checkValue computes the same without a regex per type.
  const reference = (raw: string, def: Parameters<typeof checkValue>[1], sep: string) => {
    const [req, , type, min, max] = def;
    if (raw === "") return req === "M" ? "1" : undefined;
    const length = (n: number) => (n < min ? "4" : n > max ? "5" : undefined);
    for (const ch of raw) {
      const c = ch.charCodeAt(0);
      if ((c < 0x20 || c === 0x7f) && ch !== sep) return "6";
    }
    if (type !== "AN" && raw.includes(sep)) return "6";
    if (type === "AN" || type === "ID") return length(raw.length);
    if (type === "N0" || type === "N2")
      return /^-?\d+$/.test(raw) ? length(raw.replace("-", "").length) : "6";
    if (type === "R")
      return /^-?(\d+\.?\d*|\.\d+)$/.test(raw) ? length(raw.replace(/[-.]/g, "").length) : "6";
    if (type === "DT")
      return /^\d+$/.test(raw) ? (length(raw.length) ?? (isoDate(raw) ? undefined : "8")) : "8";
    return /^\d+$/.test(raw) ? (length(raw.length) ?? (isTime(raw) ? undefined : "9")) : "9";
  };
  const types = ["AN", "ID", "N0", "N2", "R", "DT", "TM"] as const;
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom("-", ".", "0", "5", "9", "A", ">", "\x01", " "), maxLength: 10 }),
      fc.constantFrom(...types),
      fc.constantFrom("M", "O"),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(">", "\x1f"),
      (raw, type, req, min, sep) => {
        const def = [req, 1, type, min, min + 4] as Parameters<typeof checkValue>[1];
        return checkValue(raw, def, sep) === reference(raw, def, sep);
      },
    ),
    { numRuns: 3000 },
  );
});

describe("segment checks (AK304)", () => {
  test("a valid 850 has no notes", () => {
    assert.deepEqual(
      notes(setOf(["BEG*00*SA*PO1**20240517", "PO1*1*2*EA*3.5**UP*012345678905", "CTT*1"])),
      [],
    );
  });

  test("missing BEG and PO1 are mandatory segments missing (3), at the place they belong", () => {
    assert.deepEqual(notes(setOf(["REF*DP*038", "CTT*0"])), ["BEG@2:3", "PO1@3:3"]);
  });

  test("BEG twice is over maximum use (5); BEG after another segment is out of sequence (7)", () => {
    assert.deepEqual(notes(setOf(["BEG*00*SA*1**20240517", "BEG*00*SA*1**20240517", "PO1*1*1*EA"])), [
      "BEG@3:5",
    ]);
    assert.deepEqual(notes(setOf(["REF*DP*1", "BEG*00*SA*1**20240517", "PO1*1*1*EA"])), ["BEG@3:7"]);
  });

  test("a detail segment after the summary has begun is out of sequence (7)", () => {
    assert.deepEqual(
      notes(setOf(["BEG*00*SA*1**20240517", "PO1*1*1*EA", "CTT*2", "PO1*2*1*EA", "AMT*TT*5"])),
      ["PO1@5:7"],
    );
    assert.deepEqual(
      notes(setOf(["BIG*20240517*INV1", "IT1*1*1*EA*2", "TDS*200", "IT1*2*1*EA*2", "CTT*2"], "810")),
      ["IT1@5:7"],
    );
  });

  test("heading segments follow the standard's order: CUR after DTM is out of sequence (7)", () => {
    assert.deepEqual(
      notes(setOf(["BEG*00*SA*1**20240517", "DTM*010*20240520", "CUR*BY*USD", "PO1*1*1*EA", "CTT*1"])),
      ["CUR@4:7"],
    );
    // Repeats and the loops' own segments in their order are fine, in the heading and in each line.
    assert.deepEqual(
      notes(
        setOf([
          "BEG*00*SA*1**20240517",
          "REF*DP*1",
          "REF*IA*2",
          "N1*ST*STORE",
          "N3*1 MAIN ST",
          "N1*BT*HQ",
          "PO1*1*1*EA",
          "PID*F****WIDGET",
          "MEA*PD*WT*5*LB",
          "N1*ST*STORE 2",
          "PO1*2*1*EA",
          "CTT*2",
          "AMT*TT*5",
        ]),
      ),
      [],
    );
  });

  test("a segment the set does not define is reported (6) for 004010, passed over for later versions", () => {
    const set = setOf(["BEG*00*SA*1**20240517", "BSN*00*SHIP1*20240517*1200", "PO1*1*1*EA"]);
    assert.deepEqual(notes(set, "004010"), ["BSN@3:6"]);
    assert.deepEqual(notes(set, "005010"), []);
  });

  test("AK303 names the loop of the segment in error: the innermost loop it sits in", () => {
    const set = setOf([
      "BEG*00*SA*1**20240517",
      "N1*ST",
      "PO1*1*1*EA***UP",
      "PID*F****X*Y*Z*W*V",
      "N1*ZZ",
      "CTT*1*1*2",
    ]);
    assert.deepEqual(
      checkSyntax(set, "004010").map((n) => [n.id, n.loopId ?? ""]),
      [
        ["N1", "N1"],
        ["PO1", "PO1"],
        ["PID", "PID"],
        ["N1", "N1"],
        ["CTT", "CTT"],
      ],
    );
    const ref = setOf(["BEG*00*SA*1**20240517*X*Y*Z*W*V*U*T*S*R*Q", "PO1*1*1*EA", "CTT*1"]);
    assert.deepEqual(
      checkSyntax(ref, "004010").map((n) => [n.id, n.loopId ?? ""]),
      [["BEG", ""]],
    );
  });

  test("856 segments sit in the HL loop; 997 segments in the AK2 and AK3 loops", () => {
    const asn = setOf(["BSN*00*SHIP1*20240517*1200", "HL*1**S", "TD1*CTN*X", "HL*2*1*O", "CTT*2"], "856");
    assert.deepEqual(
      checkSyntax(asn, "004010").map((n) => [n.id, n.position, n.code, n.loopId ?? ""]),
      [["TD1", 4, "8", "HL"]],
    );
    const ack = setOf(
      ["AK1*PO*1", "AK2*850*0001", "AK3*N1*3*N1*8", "AK4*2*93*1234", "AK5*R*5", "AK9*R*1*1*0"],
      "997",
    );
    assert.deepEqual(
      checkSyntax(ack, "004010").map((n) => [n.id, n.code, n.loopId ?? ""]),
      [["AK4", "8", "AK3"]],
    );
  });

  test("an unreadable segment id is unrecognized (1)", () => {
    assert.deepEqual(notes(setOf(["BEG*00*SA*1**20240517", "1X*A", "PO1*1*1*EA"])), ["1X@3:1"]);
  });

  test("element errors make the segment 8, with each element's position, reference number and data", () => {
    assert.deepEqual(notes(setOf(["BEG*00*SA*1**20241399", "N1*ST", "PO1*1*1*EA***UP", "CTT*1*1*2"])), [
      "BEG@2:8 [5:373:8:20241399]",
      "N1@3:8 [2:93:2:]",
      "PO1@4:8 [7:234:2:]",
      "CTT@5:8 [4:355:2:]",
    ]);
  });

  test("an element beyond the segment's last one is too many data elements (3)", () => {
    assert.deepEqual(notes(setOf(["BEG*00*SA*1**20240517", "PO1*1*1*EA", "AMT*TT*5*X*9"])), [
      "AMT@4:8 [4::3:9]",
    ]);
  });

  test("005010 lengths: REF02 may be 50 characters there, 30 in 004010", () => {
    const ref = `REF*DP*${"X".repeat(45)}`;
    const set = setOf(["BEG*00*SA*1**20240517", ref, "PO1*1*1*EA"]);
    assert.deepEqual(notes(set, "004010"), [`REF@3:8 [2:127:5:${"X".repeat(45)}]`]);
    assert.deepEqual(notes(set, "005010"), []);
  });

  test("the syntax notes become problems at the segment's place in the file", () => {
    const file = parseX12(readSample("mixed-edifabric-850-810-2gs.edi"));
    const set = file.interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(set);
    assert.deepEqual(
      syntaxProblems(set, checkSyntax(set, "004010")).map((p) => [
        p.code,
        p.segment,
        p.position?.segment,
        p.message,
      ]),
      [["ELEMENT_TOO_LONG", "TAX", 6, 'TAX02 ("TTT") in 850 0001: data element too long']],
    );
  });
});
