// The chaos run at CI size: documents pushed by worker processes killed at random while the emulator
// drops answers after committing, fails and throttles; the books must equal the host exactly.
// `npm run chaos` runs it at full size.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runChaos } from "./chaos/chaos.ts";
import { serverUnavailableReason } from "./helpers/db.ts";

const skip = await serverUnavailableReason();
if (skip) console.log(`# skipping the chaos run: it needs the PostgreSQL server (${skip})`);

test("chaos: every document once with the host's amounts, under lost answers, failures, throttles and killed workers", {
  skip,
}, async () => {
  const report = await runChaos({
    documents: 60,
    workers: 3,
    killEveryMs: 9000,
    faults: { dropResponseAfterCommit: 0.1, serverError: 0.05, throttle: 0.05 },
    timeoutMs: 8 * 60 * 1000,
  });
  for (const line of report.lines) console.log(`# ${line}`);
  assert.deepEqual(report.problems, []);
  assert.ok(
    report.lines.some((l) => /books: 60 of 60 documents exactly once/.test(l)),
    report.lines.join("\n"),
  );
});
