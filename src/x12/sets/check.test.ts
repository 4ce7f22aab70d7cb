import assert from "node:assert/strict";
import { test } from "node:test";
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
