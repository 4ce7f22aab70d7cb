// Putting work on the durable queue. enqueue takes the caller's Kysely handle: given a transaction,
// the job commits or rolls back with the change that caused it, so nothing is "saved but never pushed".
import { type Kysely, sql } from "kysely";
import type { JobBatchKind, JobState, Tables } from "#store/tables.ts";
import { inTransaction, lockOrderingKeys, unfinishedJobWithKey } from "./ordering.ts";

export interface JobInput {
  companyId?: string | null | undefined;
  type: string;
  payload?: unknown;
  /** Earliest time to run; default now. */
  runAt?: Date | undefined;
  /**
   * At most this many attempts. Default: no count; a failing job is retried with backoff until its
   * retry budget (`retryForMs`) is spent.
   */
  maxAttempts?: number | undefined;
  /**
   * How long a job keeps being retried after its first failure in a row (a wait on a condition starts
   * the count again). Default: the workers' `retryForMs` (24 hours unless configured).
   */
  retryForMs?: number | undefined;
  /**
   * Higher runs first among due jobs; default 0. `JOB_PRIORITY` names the levels the product uses: a
   * company's fresh changes (`realtime`) go ahead of its bulk and history exports (`bulk`).
   */
  priority?: number | undefined;
  /**
   * Jobs with the same ordering key (one record's changes) never run at the same time and run in the
   * order they were enqueued: a job waits, in state `blocked`, until every earlier one with its key
   * has finished (succeeded or failed), across every process sharing the database.
   */
  orderingKey?: string | undefined;
  /**
   * Coalescing key: while a job with this key waits in the queue, enqueueing another one updates the
   * waiting job (payload, earliest run time) instead of adding a second. A running job is not affected,
   * so a change made while it runs still gets its own run afterwards.
   */
  key?: string | undefined;
  /** The bulk request or import that queued it (createJobBatch): its history shows them as one entry. */
  batchId?: string | undefined;
}

export interface EnqueuedJob {
  id: number;
  type: string;
}

/** Priority levels: higher runs first. */
export const JOB_PRIORITY = { realtime: 10, normal: 0, bulk: -10 } as const;

type Db = Kysely<Tables>;

export async function enqueue(db: Db, job: JobInput): Promise<EnqueuedJob> {
  const [enqueued] = await enqueueMany(db, [job]);
  if (!enqueued) throw new Error("enqueue returned no job");
  return enqueued;
}

/** Rows per statement; about 10 parameters each. */
const CHUNK = 1000;

/** Enqueues many jobs in few statements (a bulk upsert of 1,000 records enqueues 1,000 jobs). */
export async function enqueueMany(db: Db, jobs: readonly JobInput[]): Promise<EnqueuedJob[]> {
  for (const job of jobs) checkJob(job);
  const orderingKeys = jobs.flatMap((j) => (j.orderingKey === undefined ? [] : [j.orderingKey]));
  if (orderingKeys.length === 0) return insertJobs(db, jobs);
  // The keys stay locked until the transaction ends (ordering.ts says why): the caller's, or our own.
  return inTransaction(db, async (trx) => {
    await lockOrderingKeys(trx, orderingKeys);
    return insertJobs(trx, jobs);
  });
}

async function insertJobs(db: Db, jobs: readonly JobInput[]): Promise<EnqueuedJob[]> {
  // Two jobs with one key in one statement would make ON CONFLICT touch a row twice; keep the last.
  // The rest keep the caller's order, which is the order of their ids (and of their ordering keys).
  const lastOfKey = new Map<string, number>();
  jobs.forEach((job, i) => {
    if (job.key !== undefined) lastOfKey.set(job.key, i);
  });
  const rows = jobs.filter((job, i) => job.key === undefined || lastOfKey.get(job.key) === i);
  const out: EnqueuedJob[] = [];
  // Behind an earlier job of its key in this call, a job is blocked whatever the table holds.
  const seenOrderingKeys = new Set<string>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const inserted = await db
      .insertInto("jobs")
      .values(
        chunk.map((job) => ({
          company_id: job.companyId ?? null,
          type: job.type,
          payload: JSON.stringify(job.payload ?? {}),
          key: job.key ?? null,
          max_attempts: job.maxAttempts ?? null,
          retry_for_ms: job.retryForMs ?? null,
          priority: job.priority ?? 0,
          ordering_key: job.orderingKey ?? null,
          batch_id: job.batchId ?? null,
          state: initialState(job.orderingKey, seenOrderingKeys),
          ...(job.runAt ? { run_at: job.runAt } : {}),
        })),
      )
      .onConflict((oc) =>
        oc.column("key").where(sql<boolean>`state in ('queued', 'blocked') and key is not null`).doUpdateSet({
          payload: sql<string>`excluded.payload`,
          run_at: sql<Date>`least(jobs.run_at, excluded.run_at)`,
          max_attempts: sql<number>`excluded.max_attempts`,
          retry_for_ms: sql<number>`excluded.retry_for_ms`,
          priority: sql<number>`greatest(jobs.priority, excluded.priority)`,
          // The waiting job now carries the latest change: it belongs to the request that sent it.
          batch_id: sql<string | null>`excluded.batch_id`,
          updated_at: sql<Date>`now()`,
        }),
      )
      .returning(["id", "type"])
      .execute();
    out.push(...inserted);
  }
  return out;
}

/**
 * A batch for the jobs one request queues (a bulk request, a CSV import), in the caller's transaction;
 * pass its id as each job's `batchId`. `size` is how many records the request wrote (growJobBatch adds
 * to it as an import goes).
 */
export async function createJobBatch(
  db: Db,
  batch: { companyId: string | null; kind: JobBatchKind; collection: string; size: number },
): Promise<string> {
  const row = await db
    .insertInto("job_batches")
    .values({ company_id: batch.companyId, kind: batch.kind, collection: batch.collection, size: batch.size })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function growJobBatch(db: Db, id: string, by: number): Promise<void> {
  await db
    .updateTable("job_batches")
    .set({ size: sql<number>`size + ${by}` })
    .where("id", "=", id)
    .execute();
}

/** `blocked` behind an unfinished job with the same ordering key, else `queued`. */
function initialState(orderingKey: string | undefined, seen: Set<string>) {
  if (orderingKey === undefined) return sql<JobState>`'queued'`;
  if (seen.has(orderingKey)) return sql<JobState>`'blocked'`;
  seen.add(orderingKey);
  return sql<JobState>`case when ${unfinishedJobWithKey(orderingKey)} then 'blocked' else 'queued' end`;
}

function checkJob(job: JobInput): void {
  if (!/^[a-z][a-z0-9_.:-]{0,99}$/.test(job.type)) {
    throw new Error(
      `Job type "${job.type}" must be lower-case letters, digits and . _ : - (like "record.changed")`,
    );
  }
  if (job.maxAttempts !== undefined && (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1)) {
    throw new Error("maxAttempts must be a whole number of at least 1");
  }
  if (job.retryForMs !== undefined && (!Number.isInteger(job.retryForMs) || job.retryForMs < 0)) {
    throw new Error("retryForMs must be a whole number of milliseconds, 0 or more");
  }
  if (job.priority !== undefined && (!Number.isInteger(job.priority) || Math.abs(job.priority) > 1000)) {
    throw new Error("priority must be a whole number from -1000 to 1000");
  }
  if (job.orderingKey !== undefined && (job.orderingKey.length === 0 || job.orderingKey.length > 500)) {
    throw new Error("orderingKey must be 1 to 500 characters");
  }
}
