// The job history grouped by request: a bulk request's or a CSV import's jobs are one entry, with its
// jobs counted by outcome and the error of a failed one, opening onto its attempts; on both databases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { importCsv } from "#host/import.ts";
import { bulkUpsertRecords, putRecord } from "#host/records.ts";
import { startWorkers } from "#jobs/worker.ts";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { RECORD_CHANGED } from "#sync/outbox.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { jobHistory } from "./jobs.ts";

/** Runs every queued record change; those of the records named in `failing` fail for good. */
async function runJobs(db: Database, failing: Set<string>): Promise<void> {
  const workers = startWorkers(db, {
    pollMs: 20,
    retention: false,
    handlers: {
      [RECORD_CHANGED]: async (job) => {
        const { externalId } = job.payload as { externalId: string };
        if (failing.has(externalId)) throw new Error(`QuickBooks refused ${externalId}`);
        return {};
      },
    },
  });
  await workers.drain();
  await workers.stop();
}

withDatabases("grouped job history", (suite) => {
  test("a bulk of 40 is one entry: 38 done, 2 failed, the error, and its attempts on asking", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Batch Co" });
    const records = Array.from({ length: 40 }, (_, i) => ({
      externalId: `C-${String(i).padStart(2, "0")}`,
      data: { name: `Customer ${i}` },
    }));
    assert.ok((await bulkUpsertRecords(db, { companyId, collection: "customers", body: { records } })).ok);
    assert.ok(
      (
        await putRecord(db, {
          companyId,
          collection: "items",
          externalId: "I-1",
          body: { name: "Single", type: "service" },
        })
      ).ok,
    );
    // The enqueue is the same on every path; give the jobs a handler that fails two of them for good.
    await db.kysely.updateTable("jobs").set({ max_attempts: 1 }).execute();
    await runJobs(db, new Set(["C-07", "C-31"]));

    const grouped = await jobHistory(db, { companyId, limit: 50, grouped: true, withCounts: true });
    assert.ok(grouped.ok);
    assert.equal(grouped.value.items.length, 2, "one entry for the bulk, one for the single PUT");
    const [single, bulk] = grouped.value.items.sort((a, b) => (a.batch ? 1 : 0) - (b.batch ? 1 : 0));
    assert.equal(single?.summary?.startsWith("Item I-1"), true);
    assert.equal(single?.batch, null);
    assert.equal(bulk?.summary, "Bulk request of 40 customers");
    assert.deepEqual(bulk?.batch?.outcomes, { succeeded: 38, failed: 2 });
    assert.equal(bulk?.outcome, "failed");
    assert.match(bulk?.error ?? "", /QuickBooks refused C-(07|31)/);
    assert.ok(bulk?.finishedAt);
    // Counts stay counts of attempts, as the filters offer them.
    assert.equal(
      grouped.value.counts?.reduce((n, c) => n + c.count, 0),
      41,
    );

    // Opening the entry: its attempts, filterable by outcome.
    const batchId = bulk?.batch?.id ?? "";
    const runs = await jobHistory(db, { companyId, batchId, limit: 100 });
    assert.ok(runs.ok);
    assert.equal(runs.value.items.length, 40);
    const failed = await jobHistory(db, { companyId, batchId, outcome: "failed", limit: 100 });
    assert.ok(failed.ok);
    assert.deepEqual(failed.value.items.map((r) => r.record?.externalId).sort(), ["C-07", "C-31"]);

    // Ungrouped, the history is every attempt, as before.
    const flat = await jobHistory(db, { companyId, limit: 100 });
    assert.ok(flat.ok);
    assert.equal(flat.value.items.length, 41);
  });

  test("grouped entries page by cursor without repeating or losing one", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Paging Co" });
    for (let b = 0; b < 3; b++) {
      const records = Array.from({ length: 5 }, (_, i) => ({
        externalId: `B${b}-${i}`,
        data: { name: `N ${b} ${i}` },
      }));
      assert.ok((await bulkUpsertRecords(db, { companyId, collection: "customers", body: { records } })).ok);
      for (let i = 0; i < 2; i++) {
        await putRecord(db, {
          companyId,
          collection: "vendors",
          externalId: `V${b}-${i}`,
          body: { name: `V ${b} ${i}` },
        });
      }
      await runJobs(db, new Set());
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await jobHistory(db, { companyId, limit: 2, grouped: true, cursor });
      assert.ok(page.ok);
      seen.push(...page.value.items.map((e) => e.id));
      if (!page.value.nextCursor) break;
      cursor = page.value.nextCursor;
    }
    assert.equal(seen.length, 9, "3 bulks and 6 single changes");
    assert.equal(new Set(seen).size, 9);
    assert.equal(seen.filter((id) => id.startsWith("batch:")).length, 3);
  });

  test("a CSV import is one entry however many batches of rows it writes", async () => {
    const { db } = suite;
    const { id: companyId } = await createCompany(db.kysely, { name: "Import Co" });
    const rows = Array.from({ length: 2500 }, (_, i) => `IMP-${i},Imported ${i}`).join("\n");
    const report = await importCsv(db, {
      companyId,
      collection: "customers",
      input: `External ID,Name\n${rows}\n`,
      dryRun: false,
    });
    assert.ok(report.ok, JSON.stringify(report));
    assert.equal(report.value.created, 2500);
    const before = await jobHistory(db, { companyId, limit: 10, grouped: true });
    assert.ok(before.ok);
    assert.equal(before.value.items.length, 0, "nothing has run yet");
    await runJobs(db, new Set());
    const after = await jobHistory(db, { companyId, limit: 10, grouped: true });
    assert.ok(after.ok);
    assert.deepEqual(
      after.value.items.map((e) => [e.summary, e.batch?.outcomes]),
      [["Import of 2,500 customers", { succeeded: 2500 }]],
    );
  });
});
