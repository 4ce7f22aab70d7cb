import assert from "node:assert/strict";
import { test } from "node:test";
import { parseX12 } from "#x12/reader.ts";
import { sampleNames } from "../../../test/helpers/x12/samples.ts";
import { sampleSets } from "../../../test/helpers/x12/sets.ts";
import { checkTransactionSet, mapTransactionSet } from "./check.ts";

test("every set of every sample is mapped to its typed document, with its problems", () => {
  const summary = new Map<string, number>();
  for (const name of sampleNames()) {
    for (const { set, group } of sampleSets(name)) {
      const { document, problems } = mapTransactionSet(set, group.version);
      assert.equal(document?.type, set.type, `${name} ${set.controlNumber}`);
      for (const p of problems) summary.set(p.code, (summary.get(p.code) ?? 0) + 1);
    }
  }
  // The samples' known faults, counted across all files.
  assert.deepEqual(Object.fromEntries([...summary].sort()), {
    ACK_STATUS_INCONSISTENT: 1, // 997-edifabric: AK9*R with one set accepted
    CTT_HASH_TOTAL: 7, // bots 2-GS (4) and 3-ISA (3) files
    ELEMENT_TOO_LONG: 1, // mixed-edifabric TAX02 "TTT"
    // OopFactory's Walmart 810 puts ISS before TDS; in 004010 ISS follows TDS, TXI, CAD, AMT and SAC.
    SEGMENT_OUT_OF_SEQUENCE: 2,
    SSCC_LENGTH: 3, // bots 856: 22-digit MAN*GM
    TDS_TOTAL: 1, // bots 810
  });
});

test("checkTransactionSet gives the same problems as mapTransactionSet", () => {
  const [{ set, group }] = sampleSets("mixed-edifabric-850-810-2gs.edi") as [
    ReturnType<typeof sampleSets>[0],
  ];
  assert.deepEqual(checkTransactionSet(set, group.version), mapTransactionSet(set, group.version).problems);
});

/** The one 850 of an interchange built around the segments given. */
function order850(...body: string[]) {
  const segments = ["ST*850*0001", ...body, `SE*${body.length + 2}*0001`];
  const text =
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1200*U*00401*000000007*0*P*>~" +
    `GS*PO*S*R*20240131*1200*1*X*004010~${segments.join("~")}~GE*1*1~IEA*1*000000007~`;
  const group = parseX12(text).interchanges[0]?.groups[0];
  const set = group?.transactionSets[0];
  assert.ok(group && set);
  return { set, version: group.version };
}

test("a bad value is one problem: the syntax check's, not the mapper's as well", () => {
  const { set, version } = order850(
    "BEG*00*SA*PO1**20241340",
    "DTM*010*20240231",
    "PO1*1*2X*EA*1.50**VN*X1",
    "CTT*1",
  );
  const problems = checkTransactionSet(set, version);
  assert.deepEqual(
    problems.map((p) => [p.code, p.segment, p.element]),
    [
      ["ELEMENT_INVALID_DATE", "BEG", 5],
      ["ELEMENT_INVALID_DATE", "DTM", 2],
      ["ELEMENT_INVALID_CHARACTER", "PO1", 2],
    ],
  );
});
