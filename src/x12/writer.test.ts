import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { X12Parser } from "node-x12";
import { readSample, sampleNames } from "../../test/helpers/x12/samples.ts";
import { parseX12 } from "./reader.ts";
import type { Interchange, OutInterchange, OutSegment } from "./types.ts";
import { writeX12, X12WriteError } from "./writer.ts";

const when = new Date(Date.UTC(2024, 0, 31, 9, 5));

function po(lines: number, control = "1"): OutInterchange {
  const body: OutSegment[] = [["BEG", "00", "SA", "PO-77", "", "20240131"]];
  for (let i = 1; i <= lines; i++) body.push(["PO1", String(i), "2", "EA", "3.50", "", "UP", "012345678905"]);
  body.push(["N1", "ST", "Store 12", "92", "0012"], ["CTT", String(lines)]);
  return {
    senderQualifier: "ZZ",
    sender: "LEDGERLINK",
    receiverQualifier: "01",
    receiver: "123456789",
    controlNumber: control,
    date: when,
    groups: [
      {
        functionalId: "PO",
        applicationSender: "LEDGERLINK",
        applicationReceiver: "RETAILER",
        controlNumber: "12",
        transactionSets: [
          { type: "850", controlNumber: "1", segments: body },
          { type: "850", controlNumber: "2", segments: body.slice(0, 2) },
        ],
      },
    ],
  };
}

/** Reads what was written and checks it against what was asked for, segment by segment. */
function assertReadsBack(text: string, ic: OutInterchange): Interchange {
  const r = parseX12(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.interchanges.length, 1);
  const got = r.interchanges[0] as Interchange;
  assert.equal(got.sender, ic.sender);
  assert.equal(got.controlNumber, ic.controlNumber.padStart(9, "0"));
  assert.equal(got.groups.length, ic.groups.length);
  ic.groups.forEach((g, gi) => {
    const rg = got.groups[gi];
    assert.equal(rg?.functionalId, g.functionalId);
    g.transactionSets.forEach((s, si) => {
      const rs = rg?.transactionSets[si];
      assert.equal(rs?.type, s.type);
      const read = rs?.segments.slice(1, -1).map((seg) => [seg.id, ...seg.elements]);
      const asked = s.segments.map((seg) =>
        trimEnd(seg.map((el) => (typeof el === "string" ? el : trimEnd(el).join(got.delimiters.component)))),
      );
      assert.deepEqual(read, asked);
    });
  });
  return got;
}

function trimEnd(a: string[]): string[] {
  let n = a.length;
  while (n > 1 && a[n - 1] === "") n--;
  return a.slice(0, n);
}

function strictNodeX12(text: string) {
  // Strict mode throws on a bad ISA length, counts and control numbers (node-x12 index.js, _processSegment).
  return new X12Parser(true).parse(text);
}

describe("writeX12", () => {
  test("writes a fixed-width ISA and the envelope with counts", () => {
    const text = writeX12(po(3));
    const lines = text.split("~");
    assert.equal(lines[0]?.length, 105);
    assert.equal(
      lines[0],
      "ISA*00*          *00*          *ZZ*LEDGERLINK     *01*123456789      *240131*0905*U*00401*000000001*0*P*>",
    );
    assert.equal(lines[1], "GS*PO*LEDGERLINK*RETAILER*20240131*0905*12*X*004010");
    assert.equal(lines[2], "ST*850*0001");
    assert.equal(lines[3], "BEG*00*SA*PO-77**20240131");
    assert.equal(lines[9], "SE*8*0001");
    assert.equal(lines.at(-3), "GE*2*12");
    assert.equal(lines.at(-2), "IEA*1*000000001");
    assert.equal(lines.at(-1), "");
    assert.ok(!text.startsWith("\ufeff") && !/[\r\n]/.test(text));
    assertReadsBack(text, po(3));
    strictNodeX12(text);
  });

  test("version 00501 uses ISA11 as the repetition separator and GS08 005010", () => {
    const text = writeX12({ ...po(1), version: "00501" });
    assert.equal(text.slice(82, 90), "^*00501*");
    assert.match(text, /\*X\*005010~/);
    const got = assertReadsBack(text, po(1));
    assert.equal(got.delimiters.repetition, "^");
    strictNodeX12(text);
  });

  test("composites are joined with the component separator", () => {
    const ic = po(1);
    ic.groups[0]?.transactionSets[0]?.segments.push(
      ["MEA", "PD", "WT", "10", ["LB", "", ""]],
      ["REF", "ZZ", ["A", "B"]],
    );
    ic.groups[0]?.transactionSets[0]?.segments.push(["N9", "ZZ", "x", "", "", "", ""]);
    const text = writeX12(ic);
    assert.match(text, /~MEA\*PD\*WT\*10\*LB~REF\*ZZ\*A>B~N9\*ZZ\*x~/);
    assertReadsBack(text, ic);
  });

  test("chosen separators are used, also non-printable ones", () => {
    for (const d of [
      { element: "|", component: "\\", segment: "\n" },
      { element: "\x1d", component: "\x1f", segment: "\x1c" },
      { element: "~", component: "`", segment: "*" },
    ]) {
      const text = writeX12(po(2), { delimiters: d });
      const got = assertReadsBack(text, po(2));
      assert.deepEqual(got.delimiters, d);
    }
    strictNodeX12(writeX12(po(2), { delimiters: { element: "|", component: "\\", segment: "\n" } }));
  });

  test("a separator that occurs in the data is refused, naming the value; defaults step aside", () => {
    const ic = po(1);
    ic.groups[0]?.transactionSets[0]?.segments.push(["MSG", "50% off *today* ~ only"]);
    assert.throws(
      () => writeX12(ic, { delimiters: { element: "*" } }),
      (e: Error) => e instanceof X12WriteError && e.message.includes('MSG01 "50% off *today* ~ only"'),
    );
    const text = writeX12(ic);
    const got = assertReadsBack(text, ic);
    assert.notEqual(got.delimiters.element, "*");
    assert.notEqual(got.delimiters.segment, "~");
    assert.equal(got.groups[0]?.transactionSets[0]?.segments.at(-2)?.elements[0], "50% off *today* ~ only");
  });

  test("header values that cannot be written are refused", () => {
    assert.throws(() => writeX12({ ...po(1), sender: "A".repeat(16) }), X12WriteError);
    assert.throws(() => writeX12({ ...po(1), controlNumber: "12A" }), X12WriteError);
    assert.throws(() => writeX12({ ...po(1), controlNumber: "1234567890" }), X12WriteError);
    const dup = po(1);
    const sets = dup.groups[0]?.transactionSets ?? [];
    sets.push({ ...(sets[0] as (typeof sets)[number]) });
    assert.throws(() => writeX12(dup), /ST02 0001 is used twice/);
    assert.throws(() => writeX12(po(1), { delimiters: { element: "A" } }), X12WriteError);
    assert.throws(() => writeX12(po(1), { delimiters: { element: "|", segment: "|" } }), X12WriteError);
  });

  test("a TA1-only interchange", () => {
    const text = writeX12({
      ...po(0),
      groups: [],
      ta1: [["TA1", "000000009", "240131", "0905", "A", "000"]],
    });
    assert.match(text, /~TA1\*000000009\*240131\*0905\*A\*000~IEA\*0\*000000001~$/);
    const r = parseX12(text);
    assert.deepEqual(r.problems, []);
    assert.equal(r.interchanges[0]?.ta1.length, 1);
  });

  test("one group of 20,000 sets (160,000 segments) is written and reads back", () => {
    // More segments than a call may take as arguments: the writer must never spread them into push().
    const body: OutSegment[] = [
      ["BEG", "00", "SA", "PO-1", "", "20240131"],
      ["DTM", "010", "20240214"],
      ["N1", "ST", "STORE"],
      ["CTT", "0"],
    ];
    const transactionSets = Array.from({ length: 20_000 }, (_, i) => ({
      type: "850",
      controlNumber: String(i + 1).padStart(4, "0"),
      segments: [...body, ["REF", "DP", String(i)] as OutSegment, ["PER", "BD", "BUYER"] as OutSegment],
    }));
    const ic = po(0);
    const group = { ...(ic.groups[0] as OutInterchange["groups"][number]), transactionSets };
    const text = writeX12({ ...ic, groups: [group] });
    const r = parseX12(text);
    assert.deepEqual(r.problems, []);
    const sets = r.interchanges[0]?.groups[0]?.transactionSets ?? [];
    assert.equal(sets.length, 20_000);
    assert.equal(sets[19_999]?.segments.length, 8);
    assert.match(text, /~GE\*20000\*12~IEA\*1\*000000001~$/);
  });

  test("every sample without envelope errors rewrites to the same segments", () => {
    for (const name of sampleNames()) {
      const r = parseX12(readSample(name));
      if (r.problems.some((p) => p.severity === "error")) continue;
      for (const ic of r.interchanges) {
        if (!/^\d{9}$/.test(ic.controlNumber)) continue;
        const out: OutInterchange = {
          senderQualifier: ic.senderQualifier,
          sender: ic.sender,
          receiverQualifier: ic.receiverQualifier,
          receiver: ic.receiver,
          controlNumber: ic.controlNumber,
          date: when,
          ta1: ic.ta1.map((s) => [s.id, ...s.elements] as OutSegment),
          groups: ic.groups.map((g) => ({
            functionalId: g.functionalId,
            applicationSender: g.applicationSender,
            applicationReceiver: g.applicationReceiver,
            controlNumber: g.controlNumber,
            version: g.version,
            transactionSets: g.transactionSets.map((s) => ({
              type: s.type,
              controlNumber: s.controlNumber,
              segments: s.segments.slice(1, -1).map((seg) => [seg.id, ...seg.elements] as OutSegment),
            })),
          })),
        };
        const text = writeX12(out);
        assertReadsBack(text, out);
        if (ic.ta1.length === 0) strictNodeX12(text);
      }
    }
  });
});
