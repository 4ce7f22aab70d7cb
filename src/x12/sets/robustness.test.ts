import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readSample, sampleNames } from "../../../test/helpers/x12/samples.ts";
import { parseX12 } from "../reader.ts";
import { writeX12 } from "../writer.ts";
import { acknowledge } from "./ack997.ts";
import { read856 } from "./asn856.ts";
import { checkTransactionSet } from "./check.ts";
import { read810 } from "./invoice810.ts";
import { read850 } from "./po850.ts";
import { read855 } from "./poack855.ts";

const texts = sampleNames().map((n) => readSample(n).toString("latin1"));

/** A sample with one mutation: a segment dropped or doubled, bytes replaced, or the file cut short. */
const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: texts.length - 1 }),
    fc.oneof(
      fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("double" as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant("bytes" as const),
        at: fc.nat(),
        bytes: fc.string({ minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
    ),
  )
  .map(([i, m]) => {
    const text = texts[i] as string;
    const terminator = text[105] ?? "~";
    const parts = text.split(terminator);
    const at = m.at % Math.max(1, parts.length);
    switch (m.kind) {
      case "drop":
        parts.splice(at, 1);
        return parts.join(terminator);
      case "double":
        parts.splice(at, 0, parts[at] ?? "");
        return parts.join(terminator);
      case "bytes": {
        const pos = m.at % text.length;
        return text.slice(0, pos) + m.bytes + text.slice(pos + m.bytes.length);
      }
      default:
        return text.slice(0, m.at % text.length);
    }
  });

test("mapping, checking and acknowledging mutated samples never throws, and every acknowledgment can be written", () => {
  fc.assert(
    fc.property(mutated, (text) => {
      const parsed = parseX12(text);
      for (const i of parsed.interchanges) {
        for (const g of i.groups) {
          for (const set of g.transactionSets) {
            checkTransactionSet(set, g.version);
            read850(set);
            read855(set);
            read856(set);
            read810(set);
          }
        }
      }
      for (const out of acknowledge(parsed)) assert.ok(writeX12(out).startsWith("ISA"));
    }),
    { numRuns: 400, seed: 4242 },
  );
});
