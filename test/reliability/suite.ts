// The reliability suite at a size CI can afford, declared once per database (test/reliability-*.test.ts,
// two files so the runner can take them side by side): a real `ledgerlink start` process killed
// mid-write, restarted under a backlog, hit by overlapping bulks, a slow client, a login burst and mixed
// load. `npm run soak` runs the same scenarios at full size (soak.ts).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { DatabaseKind } from "#store/database.ts";
import { serverUnavailableReason } from "../helpers/db.ts";
import { createTarget, startLedgerlink, type Target } from "./harness.ts";
import {
  bodyTimeoutEnv,
  crashDuringBulkWrites,
  loginBurst,
  mixedLoad,
  overlappingBulks,
  restartWithBacklog,
  type Served,
  slowBodyClient,
} from "./scenarios.ts";

const serverSkip = await serverUnavailableReason();

export function declareReliabilitySuite(kind: DatabaseKind): void {
  describe(`reliability [${kind}]`, () => {
    const skip = kind === "server" ? serverSkip : undefined;
    if (skip) {
      console.log(`# skipping reliability [server]: ${skip}`);
      test("on the PostgreSQL server", { skip }, () => {});
      return;
    }
    let target: Target;
    before(async () => {
      target = await createTarget(kind);
    });
    after(() => target.cleanup());

    test("SIGKILL during bulk writes: acknowledged writes kept, the rest all or nothing, one job per change", async (t) => {
      const report = await crashDuringBulkWrites(target, {
        trials: 1,
        writers: 3,
        batchSize: 40,
        killAfterAcks: 3,
      });
      for (const line of report.lines) t.diagnostic(line);
      assert.deepEqual(report.problems, []);
    });

    test("a restart with waiting jobs: health answers while most of the backlog still waits", async (t) => {
      const report = await restartWithBacklog(target, { jobs: 1000, probeMs: 2000, answerWithinMs: 60_000 });
      for (const line of report.lines) t.diagnostic(line);
      assert.deepEqual(report.problems, []);
    });

    describe("one process serving several clients at once", () => {
      let server: Served;
      before(async () => {
        server = { ...(await startLedgerlink(target, { env: bodyTimeoutEnv(300) })), kind };
      });
      after(() => server.stop());

      test("concurrent bulks over the same records in different orders: no 500", async (t) => {
        const report = await overlappingBulks(server, { requests: 12, records: 100 });
        for (const line of report.lines) t.diagnostic(line);
        assert.deepEqual(report.problems, []);
      });

      test("a client sending its body slower than the body timeout is cut off, nothing written", async (t) => {
        const report = await slowBodyClient(server, { bodyTimeoutMs: 300 });
        for (const line of report.lines) t.diagnostic(line);
        assert.deepEqual(report.problems, []);
      });

      test("mixed load: every request answered without a 500; p50, p99 and memory reported", async (t) => {
        const report = await mixedLoad(server, { seconds: 4, clients: 4, seed: 200 });
        for (const line of report.lines) t.diagnostic(line);
        assert.deepEqual(report.problems, []);
      });

      // Last: it locks the admin out of this process.
      test("a burst of wrong passwords for admin: at most 10 are checked, the rest throttled", async (t) => {
        const report = await loginBurst(server, { attempts: 60 });
        for (const line of report.lines) t.diagnostic(line);
        assert.deepEqual(report.problems, []);
      });
    });
  });
}
