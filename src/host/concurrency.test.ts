// Concurrent writers over the same records: bulks that name the same ids in different orders must never
// deadlock into a 500. On the PostgreSQL server each bulk runs on its own connection, so this is where
// lock order matters; the embedded database serialises transactions and must give the same answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCompany } from "#admin/companies.ts";
import { transactionRetrying } from "#store/retry.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { prng } from "../../test/helpers/random.ts";
import { bulkUpsertRecords, getRecord } from "./records.ts";

withDatabases("concurrent overlapping bulks", (suite) => {
  test("24 bulks over one set of ids in shuffled orders all succeed, every record and job present", async () => {
    const company = await createCompany(suite.db, { name: "Overlap Co" });
    assert.ok(company.ok);
    const companyId = company.value.id;
    const random = prng(12_5);
    const ids = Array.from({ length: 200 }, (_, i) => `C-${String(i).padStart(4, "0")}`);
    const bulks = Array.from({ length: 24 }, (_, n) => {
      const order = [...ids];
      for (let i = order.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [order[i], order[j]] = [order[j] as string, order[i] as string];
      }
      // Each bulk writes its own content, so every one changes every record it names.
      return order
        .slice(0, 150)
        .map((externalId) => ({ externalId, data: { name: `${externalId} by ${n}` } }));
    });
    const results = await Promise.all(
      bulks.map((records) =>
        bulkUpsertRecords(suite.db, { companyId, collection: "customers", body: { records } }).then(
          (r) => r,
          (error: unknown) => error as Error,
        ),
      ),
    );
    const failures = results.filter((r) => r instanceof Error || !r.ok);
    assert.deepEqual(
      failures.map((f) => (f instanceof Error ? f.message : JSON.stringify(f))),
      [],
      "no bulk failed",
    );
    const written = new Set(bulks.flat().map((r) => r.externalId));
    for (const externalId of written) {
      const r = await getRecord(suite.db, { companyId, collection: "customers", externalId });
      assert.ok(r.ok, externalId);
    }
    const jobs = await suite.db.kysely
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("company_id", "=", companyId)
      .executeTakeFirstOrThrow();
    assert.ok(Number(jobs.n) >= written.size, "a job for every record written");
  });
});

withDatabases(
  "a transaction aborted for a deadlock is run again",
  (suite) => {
    test("a deadlock is retried, another error is not", async () => {
      let calls = 0;
      const value = await transactionRetrying(suite.db, async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
        return "done";
      });
      assert.equal(value, "done");
      assert.equal(calls, 3);
      calls = 0;
      await assert.rejects(
        transactionRetrying(suite.db, async () => {
          calls++;
          throw Object.assign(new Error("duplicate key"), { code: "23505" });
        }),
        /duplicate key/,
      );
      assert.equal(calls, 1);
    });
  },
  { kinds: ["embedded"] },
);
