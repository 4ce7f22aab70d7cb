import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { backoffDelay } from "./backoff.ts";
import { clearCondition, listConditions, setCondition } from "./conditions.ts";
import { enqueue, enqueueMany, JOB_PRIORITY } from "./enqueue.ts";
import { PermanentJobError, RetryLaterError, WaitError } from "./errors.ts";
import { countJobsByState, getJob, listJobRuns, listJobs, pruneJobHistory, retryJob } from "./history.ts";
import { claimJobs, claimStatement, type JobHandler, recoverExpiredLeases, startWorkers } from "./worker.ts";

/** Makes every queued job due now, so retries with backoff run without waiting. */
async function makeDue(db: Database): Promise<void> {
  await sql`update jobs set run_at = now() where state = 'queued'`.execute(db.kysely);
}

withDatabases("job queue", (suite) => {
  test("a job enqueued in a transaction that rolls back never exists", async () => {
    const { db } = suite;
    await assert.rejects(
      db.transaction(async (trx) => {
        await enqueue(trx, { type: "rollback.probe" });
        throw new Error("the change failed");
      }),
      /the change failed/,
    );
    assert.equal((await listJobs(db.kysely, { type: "rollback.probe" })).length, 0);
    await db.transaction((trx) => enqueue(trx, { type: "rollback.probe" }));
    assert.equal((await listJobs(db.kysely, { type: "rollback.probe" })).length, 1);
  });

  test("runs a job once and records the attempt with its counts and company", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "History Co" });
    const job = await enqueue(db.kysely, { companyId: company.id, type: "count.things", payload: { n: 3 } });
    const seen: unknown[] = [];
    const workers = startWorkers(db, {
      pollMs: 20,
      handlers: {
        "count.things": async (j) => {
          seen.push(j.payload);
          return { counts: { things: 3 } };
        },
      },
    });
    await workers.drain();
    await workers.stop();
    assert.deepEqual(seen, [{ n: 3 }]);
    assert.equal((await getJob(db.kysely, job.id))?.state, "succeeded");
    const runs = await listJobRuns(db.kysely, { companyId: company.id, limit: 10 });
    assert.equal(runs.items.length, 1);
    assert.deepEqual(
      {
        type: runs.items[0]?.type,
        outcome: runs.items[0]?.outcome,
        counts: runs.items[0]?.counts,
        companyName: runs.items[0]?.companyName,
        payload: runs.items[0]?.payload,
        attempt: runs.items[0]?.attempt,
        finished: runs.items[0]?.finishedAt instanceof Date,
      },
      {
        type: "count.things",
        outcome: "succeeded",
        counts: { things: 3 },
        companyName: "History Co",
        payload: { n: 3 },
        attempt: 1,
        finished: true,
      },
    );
  });

  test("retries with backoff, then marks the job failed with its error after maxAttempts", async () => {
    const { db } = suite;
    const job = await enqueue(db.kysely, { type: "always.fails", maxAttempts: 3 });
    let calls = 0;
    const workers = startWorkers(db, {
      pollMs: 20,
      random: () => 0.5,
      handlers: {
        "always.fails": async () => {
          calls++;
          throw new Error(`upstream said no (${calls})`);
        },
      },
    });
    await workers.drain();
    const afterFirst = await getJob(db.kysely, job.id);
    assert.equal(afterFirst?.state, "queued", "waits for its retry");
    assert.ok(afterFirst && afterFirst.runAt.getTime() > Date.now() + 200, "the retry is scheduled later");
    for (let i = 0; i < 2; i++) {
      await makeDue(db);
      await workers.drain();
    }
    await workers.stop();
    assert.equal(calls, 3);
    const final = await getJob(db.kysely, job.id);
    assert.deepEqual(
      [final?.state, final?.attempts, final?.lastError],
      ["failed", 3, "upstream said no (3)"],
    );
    const runs = await listJobRuns(db.kysely, { jobId: job.id, limit: 10 });
    assert.deepEqual(
      runs.items.map((r) => [r.attempt, r.outcome, r.error]),
      [
        [3, "failed", "upstream said no (3)"],
        [2, "retrying", "upstream said no (2)"],
        [1, "retrying", "upstream said no (1)"],
      ],
    );
  });

  test("a permanent error fails at once; RetryLaterError sets the delay; retryJob starts over", async () => {
    const { db } = suite;
    const permanent = await enqueue(db.kysely, { type: "bad.data", maxAttempts: 5 });
    const later = await enqueue(db.kysely, { type: "rate.limited", maxAttempts: 5 });
    const workers = startWorkers(db, {
      pollMs: 20,
      handlers: {
        "bad.data": async () => {
          throw new PermanentJobError("customer name is empty");
        },
        "rate.limited": async () => {
          throw new RetryLaterError("throttled", 60_000);
        },
      },
    });
    await workers.drain();
    await workers.stop();
    const p = await getJob(db.kysely, permanent.id);
    assert.deepEqual([p?.state, p?.attempts, p?.lastError], ["failed", 1, "customer name is empty"]);
    const l = await getJob(db.kysely, later.id);
    assert.equal(l?.state, "queued");
    const wait = (l?.runAt.getTime() ?? 0) - Date.now();
    assert.ok(wait > 50_000 && wait <= 60_000, `retry in about 60 s, got ${wait} ms`);

    assert.equal(await retryJob(db.kysely, permanent.id), true);
    assert.equal(await retryJob(db.kysely, later.id), false, "only failed jobs are retried by hand");
    const requeued = await getJob(db.kysely, permanent.id);
    assert.deepEqual([requeued?.state, requeued?.attempts], ["queued", 0]);
  });

  test("jobs with one key coalesce while waiting, keeping the latest payload", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Coalesce Co" });
    const job = (key: string, n: number) => ({
      companyId: company.id,
      type: "coalesce.probe",
      key,
      payload: { n },
    });
    await db.transaction((trx) => enqueueMany(trx, [job("k-1", 1), job("k-2", 1)]));
    await db.transaction((trx) => enqueueMany(trx, [job("k-1", 2)]));
    const jobs = await listJobs(db.kysely, { companyId: company.id, type: "coalesce.probe" });
    assert.deepEqual(
      jobs.map((j) => j.payload),
      [{ n: 2 }, { n: 1 }],
    );
    // Once running, a new job gets a row of its own: the running one may already have read the old data.
    await sql`update jobs set state = 'running' where company_id = ${company.id} and key = 'k-1'`.execute(
      db.kysely,
    );
    await enqueueMany(db.kysely, [job("k-1", 3)]);
    assert.equal((await listJobs(db.kysely, { companyId: company.id, type: "coalesce.probe" })).length, 3);
    assert.deepEqual(await countJobsByState(db.kysely, company.id), {
      queued: 2,
      waiting: 0,
      blocked: 0,
      running: 1,
      succeeded: 0,
      failed: 0,
    });
  });

  test("enqueueMany writes thousands of jobs in a few statements", async () => {
    const { db } = suite;
    const jobs = await enqueueMany(
      db.kysely,
      Array.from({ length: 2500 }, (_, i) => ({ type: "bulk.probe", payload: { i } })),
    );
    assert.equal(jobs.length, 2500);
    assert.equal(new Set(jobs.map((j) => j.id)).size, 2500);
  });

  test("a job whose worker died is claimed again after its lease, and its lost attempt is closed", async () => {
    const { db } = suite;
    const job = await enqueue(db.kysely, { type: "lease.probe", maxAttempts: 3 });
    const [claim] = await claimJobs(db.kysely, {
      workerId: "dead-worker",
      types: ["lease.probe"],
      limit: 1,
      leaseMs: 60_000,
    });
    assert.equal(claim?.job.id, job.id);
    assert.deepEqual(
      await claimJobs(db.kysely, { workerId: "other", types: ["lease.probe"], limit: 1, leaseMs: 60_000 }),
      [],
      "a leased job is not claimed twice",
    );
    await sql`update jobs set locked_until = now() - interval '1 second' where id = ${job.id}`.execute(
      db.kysely,
    );
    const workers = startWorkers(db, { pollMs: 20, handlers: { "lease.probe": async () => {} } });
    await workers.drain();
    await workers.stop();
    const final = await getJob(db.kysely, job.id);
    assert.deepEqual([final?.state, final?.attempts], ["succeeded", 2]);
    const runs = await listJobRuns(db.kysely, { jobId: job.id, limit: 10 });
    assert.deepEqual(
      runs.items.map((r) => [r.attempt, r.worker === "dead-worker", r.outcome]),
      [
        [2, false, "succeeded"],
        [1, true, "retrying"],
      ],
    );
  });

  test("on the embedded database, jobs left running by a previous process are retried at once", async (t) => {
    const { db } = suite;
    if (db.kind !== "embedded") {
      t.skip("a server database may have other live processes; their jobs wait for the lease");
      return;
    }
    const job = await enqueue(db.kysely, { type: "restart.probe", maxAttempts: 3 });
    await claimJobs(db.kysely, {
      workerId: "previous-process",
      types: ["restart.probe"],
      limit: 1,
      leaseMs: 3_600_000,
    });
    const workers = startWorkers(db, { pollMs: 20, handlers: { "restart.probe": async () => {} } });
    await workers.drain();
    await workers.stop();
    assert.equal((await getJob(db.kysely, job.id))?.state, "succeeded");
    const runs = await listJobRuns(db.kysely, { jobId: job.id, limit: 10 });
    assert.deepEqual(
      runs.items.map((r) => [r.attempt, r.outcome]),
      [
        [2, "succeeded"],
        [1, "retrying"],
      ],
    );
    assert.match(runs.items[1]?.error ?? "", /stopped before this attempt finished/);
  });

  test("a lost last attempt fails the job instead of retrying forever", async () => {
    const { db } = suite;
    const job = await enqueue(db.kysely, { type: "lost.last", maxAttempts: 1 });
    await claimJobs(db.kysely, { workerId: "dead-worker", types: ["lost.last"], limit: 1, leaseMs: 60_000 });
    await sql`update jobs set locked_until = now() - interval '1 second' where id = ${job.id}`.execute(
      db.kysely,
    );
    await db.transaction((trx) => recoverExpiredLeases(trx));
    assert.deepEqual(
      await claimJobs(db.kysely, { workerId: "other", types: ["lost.last"], limit: 1, leaseMs: 60_000 }),
      [],
    );
    const final = await getJob(db.kysely, job.id);
    assert.equal(final?.state, "failed");
    assert.match(final?.lastError ?? "", /lease expired/);
    const [run] = (await listJobRuns(db.kysely, { jobId: job.id, limit: 10 })).items;
    assert.deepEqual([run?.outcome, run?.finishedAt instanceof Date], ["failed", true]);
  });

  test("a worker claims only job types it has handlers for", async () => {
    const { db } = suite;
    const foreign = await enqueue(db.kysely, { type: "someone.elses" });
    const workers = startWorkers(db, { pollMs: 20, handlers: { "mine.only": async () => {} } });
    await workers.drain();
    await workers.stop();
    assert.equal((await getJob(db.kysely, foreign.id))?.state, "queued");
  });

  test("runs jobs concurrently up to the limit, and stop waits for running handlers", async () => {
    const { db } = suite;
    await enqueueMany(
      db.kysely,
      Array.from({ length: 6 }, () => ({ type: "slow.job" })),
    );
    let active = 0;
    let peak = 0;
    let finished = 0;
    const handler: JobHandler = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      finished++;
    };
    const workers = startWorkers(db, { pollMs: 20, concurrency: 3, handlers: { "slow.job": handler } });
    await workers.drain();
    await workers.stop();
    assert.equal(finished, 6);
    assert.equal(peak, 3);
    assert.equal(active, 0);
  });

  test("history pages newest first with a cursor, and filters by company", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Paging Co" });
    await enqueueMany(
      db.kysely,
      Array.from({ length: 7 }, (_, i) => ({ companyId: company.id, type: "page.probe", payload: { i } })),
    );
    const workers = startWorkers(db, {
      pollMs: 20,
      concurrency: 1,
      handlers: { "page.probe": async () => {} },
    });
    await workers.drain();
    await workers.stop();
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listJobRuns(db.kysely, { companyId: company.id, limit: 3, cursor });
      ids.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(ids.length, 7);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
  });

  test("workers prune finished jobs and old history on their schedule; waiting work is kept", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Prune Co" });
    const handlers = {
      "prune.probe": async () => {},
      "prune.fail": async () => {
        throw new PermanentJobError("no");
      },
    };
    for (const type of ["prune.probe", "prune.probe", "prune.fail"])
      await enqueue(db.kysely, { companyId: company.id, type });
    const first = startWorkers(db, { pollMs: 20, handlers, retention: false });
    await first.drain();
    await first.stop();
    const [recent, old] = (await listJobs(db.kysely, { companyId: company.id, type: "prune.probe" })).map(
      (j) => j.id,
    );
    const failed = (await listJobs(db.kysely, { companyId: company.id, type: "prune.fail" }))[0]?.id;
    assert.ok(recent && old && failed);
    // One succeeded job and the failed one finished two days ago, their attempts 40 days ago.
    await sql`update jobs set finished_at = now() - interval '2 days' where id in (${old}, ${failed})`.execute(
      db.kysely,
    );
    await sql`update job_runs set started_at = now() - interval '40 days', finished_at = now() - interval '40 days'
      where job_id = ${old}`.execute(db.kysely);
    const waiting = await enqueue(db.kysely, {
      companyId: company.id,
      type: "prune.later",
      runAt: new Date(Date.now() + 3_600_000),
    });

    const workers = startWorkers(db, { pollMs: 20, handlers, pruneEveryMs: 60_000 });
    await workers.drain();
    await workers.stop();
    const ids = (await listJobs(db.kysely, { companyId: company.id })).map((j) => j.id);
    assert.deepEqual(
      ids,
      [recent, failed, waiting.id].sort((a, b) => a - b),
      "only the old succeeded job went",
    );
    const runs = await listJobRuns(db.kysely, { companyId: company.id, limit: 10 });
    assert.deepEqual(
      runs.items.map((r) => r.jobId).sort((a, b) => a - b),
      [recent, failed].sort((a, b) => a - b),
      "attempts older than 30 days went",
    );

    // The failed job goes when its history does.
    await sql`update jobs set finished_at = now() - interval '31 days' where id = ${failed}`.execute(
      db.kysely,
    );
    assert.deepEqual(await pruneJobHistory(db.kysely), { jobs: 1, runs: 0 });
    assert.equal(await getJob(db.kysely, waiting.id).then((j) => j?.state), "queued");
  });
});

withDatabases("job queue: waiting, ordering, retry budget, priorities", (suite) => {
  test("a job waits on a condition without spending attempts, and runs once the condition is cleared", async () => {
    const { db } = suite;
    const condition = `connection:${suite.kind}-wait`;
    await setCondition(db.kysely, condition, { reason: "needs re-authorisation" });
    // One attempt only: a wait that spent it would fail the job.
    const job = await enqueue(db.kysely, { type: "wait.probe", maxAttempts: 1 });
    let calls = 0;
    const handlers = {
      "wait.probe": async () => {
        calls++;
        if ((await listConditions(db.kysely)).some((c) => c.name === condition))
          throw new WaitError("the connection needs re-authorisation", { condition });
      },
    };
    const workers = startWorkers(db, { pollMs: 20, handlers });
    await workers.drain();
    await workers.drain();
    const parked = await getJob(db.kysely, job.id);
    assert.deepEqual(
      [parked?.state, parked?.attempts, parked?.waitingOn, calls],
      ["waiting", 0, condition, 1],
      "parked once, attempt given back, not run again while the condition holds",
    );
    assert.equal(await clearCondition(db.kysely, condition), 1);
    await workers.drain();
    await workers.stop();
    const done = await getJob(db.kysely, job.id);
    assert.deepEqual([done?.state, done?.attempts, calls], ["succeeded", 1, 2]);
    const runs = await listJobRuns(db.kysely, { jobId: job.id, limit: 10 });
    assert.deepEqual(
      runs.items.map((r) => r.outcome),
      ["succeeded", "waiting"],
    );
  });

  test("a condition with an until time clears by itself; a job can wait until a time", async () => {
    const { db } = suite;
    const condition = `budget:${suite.kind}-until`;
    await setCondition(db.kysely, condition, { until: new Date(Date.now() + 3_600_000) });
    const onCondition = await enqueue(db.kysely, { type: "until.condition" });
    const onTime = await enqueue(db.kysely, { type: "until.time" });
    const seen: string[] = [];
    const handlers = {
      "until.condition": async () => {
        seen.push("condition");
        if (seen.filter((s) => s === "condition").length === 1)
          throw new WaitError("request budget spent", { condition });
      },
      "until.time": async () => {
        seen.push("time");
        if (seen.filter((s) => s === "time").length === 1)
          throw new WaitError("record held", { until: new Date(Date.now() + 3_600_000) });
      },
    };
    const first = startWorkers(db, { pollMs: 20, handlers });
    await first.drain();
    await first.stop();
    assert.equal((await getJob(db.kysely, onCondition.id))?.state, "waiting");
    const timed = await getJob(db.kysely, onTime.id);
    assert.equal(timed?.state, "waiting");
    assert.ok((timed?.runAt.getTime() ?? 0) > Date.now() + 3_000_000, "waits until the time it gave");
    // An hour passes.
    await sql`update job_conditions set until = now() - interval '1 second' where name = ${condition}`.execute(
      db.kysely,
    );
    await sql`update jobs set run_at = now() - interval '1 second' where id = ${onTime.id}`.execute(
      db.kysely,
    );
    const later = startWorkers(db, { pollMs: 20, handlers });
    await later.drain();
    await later.stop();
    assert.equal((await getJob(db.kysely, onCondition.id))?.state, "succeeded");
    assert.equal((await getJob(db.kysely, onTime.id))?.state, "succeeded");
    assert.ok(!(await listConditions(db.kysely)).some((c) => c.name === condition), "the condition is gone");
  });

  test("jobs sharing an ordering key run one at a time, in enqueue order, also across worker pools", async () => {
    const { db } = suite;
    const others = db.kind === "server" ? [await openTestDatabaseSharing(db)] : [];
    try {
      const keys = ["ordered:a", "ordered:b", "ordered:c"];
      // Enqueued one by one, in separate transactions, the keys interleaved.
      for (let i = 0; i < 8; i++)
        for (const orderingKey of keys)
          await enqueue(db.kysely, { type: "ordered.probe", orderingKey, payload: { orderingKey, i } });
      const blocked = await listJobs(db.kysely, { type: "ordered.probe", state: "blocked" });
      assert.equal(blocked.length, 21, "all but the first of each key wait behind it");
      const events: string[] = [];
      const overlaps: string[] = [];
      const running = new Set<string>();
      const pools = [db, ...others].map((pool) =>
        startWorkers(pool, {
          pollMs: 10,
          concurrency: 4,
          handlers: {
            "ordered.probe": async (job) => {
              const { orderingKey, i } = job.payload as { orderingKey: string; i: number };
              if (running.has(orderingKey)) overlaps.push(`${orderingKey}:${i}`);
              running.add(orderingKey);
              events.push(`${orderingKey}:${i}`);
              await new Promise((r) => setTimeout(r, 3));
              running.delete(orderingKey);
            },
          },
        }),
      );
      // Pools see each other's finishes only by polling; drain until every job ran.
      for (let round = 0; events.length < 24 && round < 100; round++)
        await Promise.all(pools.map((w) => w.drain()));
      await Promise.all(pools.map((w) => w.stop()));
      assert.deepEqual(overlaps, [], "no two jobs of one key ran at once");
      for (const key of keys) {
        assert.deepEqual(
          events.filter((e) => e.startsWith(`${key}:`)),
          Array.from({ length: 8 }, (_, i) => `${key}:${i}`),
          `${key} ran in enqueue order`,
        );
      }
      const keysInterleaved = new Set(events.slice(0, 3).map((e) => e.split(":")[1]));
      assert.ok(keysInterleaved.size > 1, "different keys ran side by side");
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  test("a failed job lets the next one of its key run; retrying it by hand waits its turn", async () => {
    const { db } = suite;
    const orderingKey = `fails:${suite.kind}`;
    const first = await enqueue(db.kysely, { type: "key.fails", orderingKey });
    const second = await enqueue(db.kysely, { type: "key.next", orderingKey });
    let nextRan = false;
    const workers = startWorkers(db, {
      pollMs: 20,
      handlers: {
        "key.fails": async () => {
          throw new PermanentJobError("refused");
        },
        "key.next": async () => {
          nextRan = true;
          await new Promise((r) => setTimeout(r, 5));
        },
      },
    });
    await workers.drain();
    await workers.drain();
    assert.equal((await getJob(db.kysely, first.id))?.state, "failed");
    assert.equal(nextRan, true);
    assert.equal((await getJob(db.kysely, second.id))?.state, "succeeded");
    const third = await enqueue(db.kysely, {
      type: "key.next",
      orderingKey,
      runAt: new Date(Date.now() + 3_600_000),
    });
    assert.equal(await retryJob(db.kysely, first.id), true);
    assert.equal((await getJob(db.kysely, first.id))?.state, "blocked", "behind the waiting third job");
    assert.equal((await getJob(db.kysely, third.id))?.state, "queued");
    await workers.stop();
  });

  test("a failing job is retried with backoff for its time budget, not a small count", async () => {
    const { db } = suite;
    const job = await enqueue(db.kysely, { type: "budget.fails", retryForMs: 3_600_000 });
    let calls = 0;
    const workers = startWorkers(db, {
      pollMs: 20,
      handlers: {
        "budget.fails": async () => {
          calls++;
          throw new Error("QuickBooks answered 503");
        },
      },
    });
    for (let i = 0; i < 8; i++) {
      await makeDue(db);
      await workers.drain();
    }
    const still = await getJob(db.kysely, job.id);
    assert.deepEqual(
      [still?.state, still?.attempts, calls],
      ["queued", 8, 8],
      "eight failures within the hour",
    );
    assert.ok((still?.runAt.getTime() ?? 0) > Date.now() + 30_000, "the eighth retry waits minutes");
    // The hour has passed since the first failure.
    await sql`update jobs set failing_since = now() - interval '61 minutes' where id = ${job.id}`.execute(
      db.kysely,
    );
    await makeDue(db);
    await workers.drain();
    await workers.stop();
    const final = await getJob(db.kysely, job.id);
    assert.deepEqual([final?.state, final?.attempts], ["failed", 9]);
  });

  test("fresh changes run before a waiting bulk export", async () => {
    const { db } = suite;
    for (let i = 0; i < 4; i++)
      await enqueue(db.kysely, {
        type: "priority.probe",
        priority: JOB_PRIORITY.bulk,
        payload: { name: `bulk-${i}` },
      });
    for (let i = 0; i < 2; i++)
      await enqueue(db.kysely, {
        type: "priority.probe",
        priority: JOB_PRIORITY.realtime,
        payload: { name: `fresh-${i}` },
      });
    const order: string[] = [];
    const workers = startWorkers(db, {
      pollMs: 20,
      concurrency: 1,
      handlers: {
        "priority.probe": async (job) => {
          order.push((job.payload as { name: string }).name);
        },
      },
    });
    await workers.drain();
    await workers.stop();
    assert.deepEqual(order, ["fresh-0", "fresh-1", "bulk-0", "bulk-1", "bulk-2", "bulk-3"]);
  });

  test("enqueue refuses a bad priority, retry budget or ordering key, naming it", async () => {
    const { db } = suite;
    await assert.rejects(enqueue(db.kysely, { type: "bad.input", priority: 1.5 }), /priority/);
    await assert.rejects(enqueue(db.kysely, { type: "bad.input", retryForMs: -1 }), /retryForMs/);
    await assert.rejects(enqueue(db.kysely, { type: "bad.input", orderingKey: "" }), /orderingKey/);
    assert.throws(() => new WaitError("nothing to wait on", {}), /condition to wait on or a time/);
  });
});

withDatabases(
  "job queue under a backlog",
  (suite) => {
    test("a claim reads only the rows it takes, however many jobs wait", async () => {
      const { db } = suite;
      await sql`insert into jobs (type, payload) select 'backlog.plan', jsonb_build_object('i', i)
        from generate_series(1, 20000) as i`.execute(db.kysely);
      // The workers keep the embedded database's statistics fresh; without them the planner read and
      // sorted every waiting job at each claim.
      await db.maintain();
      // EXPLAIN ANALYZE runs the claim; the transaction is rolled back (by throwing) to undo it.
      const rowsRead = await db
        .transaction(async (trx) => {
          const statement = claimStatement({
            workerId: "plan",
            types: ["backlog.plan"],
            limit: 2,
            leaseMs: 60_000,
          });
          const { rows } = await sql<{
            "QUERY PLAN": unknown;
          }>`explain (analyze, format json) ${statement}`.execute(trx);
          throw new RolledBack(scannedRows(rows[0]?.["QUERY PLAN"]));
        })
        .catch((error: unknown) => {
          if (error instanceof RolledBack) return error.rowsRead;
          throw error;
        });
      assert.ok(rowsRead.length > 0, "the plan names the scans of jobs");
      for (const read of rowsRead) assert.ok(read <= 10, `a scan of jobs read ${read} rows for a claim of 2`);
    });

    test("workers give the event loop a turn between jobs", async () => {
      const { db } = suite;
      await enqueueMany(
        db.kysely,
        Array.from({ length: 300 }, (_, i) => ({ type: "backlog.turns", payload: { i } })),
      );
      let done = 0;
      // Timers run once per turn of the event loop: a worker that never yields lets this count stay at 0.
      let turns = 0;
      const timer = setInterval(() => turns++, 0);
      const workers = startWorkers(db, {
        pollMs: 20,
        concurrency: 2,
        handlers: {
          "backlog.turns": async () => {
            done++;
          },
        },
      });
      try {
        await workers.drain();
      } finally {
        clearInterval(timer);
        await workers.stop();
      }
      assert.equal(done, 300);
      assert.ok(turns >= 50, `the event loop turned ${turns} times while 300 jobs ran`);
    });
  },
  { kinds: ["embedded"] },
);

class RolledBack extends Error {
  constructor(readonly rowsRead: number[]) {
    super("rolled back");
  }
}

/** "Actual Rows" of every scan of the jobs table in an EXPLAIN (ANALYZE, FORMAT JSON) plan. */
function scannedRows(plan: unknown): number[] {
  const found: number[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (
      n["Relation Name"] === "jobs" &&
      String(n["Node Type"]).includes("Scan") &&
      n["Index Name"] !== "jobs_pkey"
    )
      found.push(Number(n["Actual Rows"]) * Number(n["Actual Loops"] ?? 1));
    for (const value of Object.values(n)) if (typeof value === "object") visit(value);
  };
  visit(typeof plan === "string" ? JSON.parse(plan) : plan);
  return found;
}

withDatabases(
  "job queue across processes",
  (suite) => {
    test("several worker pools on one server database run each job exactly once (SKIP LOCKED)", async () => {
      // Separate pools stand in for separate processes: each has its own connections and worker id.
      const others = await Promise.all([1, 2].map(() => openTestDatabaseSharing(suite.db)));
      try {
        const total = 120;
        await enqueueMany(
          suite.db.kysely,
          Array.from({ length: total }, (_, i) => ({ type: "exactly.once", payload: { i } })),
        );
        const runsBy = new Map<number, string[]>();
        const pools = [suite.db, ...others].map((db, p) =>
          startWorkers(db, {
            pollMs: 10,
            concurrency: 4,
            workerId: `pool-${p}`,
            handlers: {
              "exactly.once": async (job) => {
                const i = (job.payload as { i: number }).i;
                runsBy.set(i, [...(runsBy.get(i) ?? []), `pool-${p}`]);
                await new Promise((r) => setTimeout(r, 2));
              },
            },
          }),
        );
        await Promise.all(pools.map((w) => w.drain()));
        await Promise.all(pools.map((w) => w.stop()));
        assert.equal(runsBy.size, total);
        for (const [i, by] of runsBy) assert.equal(by.length, 1, `job ${i} ran ${by.length} times`);
        const pooled = new Set([...runsBy.values()].flat());
        assert.ok(pooled.size >= 2, `work was shared between pools (${[...pooled].join(", ")})`);
        const runs = await sql<{
          n: number;
        }>`select count(*)::int as n from job_runs where type = 'exactly.once'`.execute(suite.db.kysely);
        assert.equal(runs.rows[0]?.n, total);
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
    });

    test("an enqueue for an ordering key waits for another transaction enqueueing for it", async () => {
      // Were both free to go on, the later id could commit first and run before the earlier one.
      const other = await openTestDatabaseSharing(suite.db);
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let enqueued!: () => void;
        const firstEnqueued = new Promise<void>((resolve) => {
          enqueued = resolve;
        });
        const first = suite.db.transaction(async (trx) => {
          const job = await enqueue(trx, { type: "commit.order", orderingKey: "commit:1" });
          enqueued();
          await held;
          return job;
        });
        await firstEnqueued;
        let secondDone = false;
        const second = enqueue(other.kysely, { type: "commit.order", orderingKey: "commit:1" }).then(
          (job) => {
            secondDone = true;
            return job;
          },
        );
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(secondDone, false, "the second enqueue waits while the first transaction is open");
        release();
        const [a, b] = await Promise.all([first, second]);
        assert.ok(a.id < b.id);
        assert.equal((await getJob(suite.db.kysely, a.id))?.state, "queued");
        assert.equal((await getJob(suite.db.kysely, b.id))?.state, "blocked");
      } finally {
        await other.close();
      }
    });
  },
  { kinds: ["server"] },
);

/** A second pool on the same server schema as `db`. */
async function openTestDatabaseSharing(db: Database): Promise<Database> {
  const { openDatabase } = await import("#store/database.ts");
  const { TEST_SERVER_URL } = await import("../../test/helpers/db.ts");
  return openDatabase({ url: TEST_SERVER_URL, schema: db.schema, poolSize: 4 });
}

test("backoff grows exponentially with jitter in the upper half, and is capped", () => {
  assert.equal(
    backoffDelay(1, { baseMs: 1000 }, () => 0),
    500,
  );
  assert.equal(
    backoffDelay(1, { baseMs: 1000 }, () => 0.999999),
    1000,
  );
  assert.equal(
    backoffDelay(4, { baseMs: 1000 }, () => 0),
    4000,
  );
  assert.equal(
    backoffDelay(40, { baseMs: 1000, maxMs: 60_000 }, () => 1),
    60_000,
  );
  const spread = new Set(
    Array.from({ length: 20 }, (_, i) => backoffDelay(3, { baseMs: 1000 }, () => i / 20)),
  );
  assert.equal(spread.size, 20);
});
