// Putting work on the durable queue. enqueue takes the caller's Kysely handle: given a transaction,
// the job commits or rolls back with the change that caused it, so nothing is "saved but never pushed".
import { type Kysely, sql } from "kysely";
import type { Tables } from "#store/tables.ts";

export interface JobInput {
  companyId?: string | null | undefined;
  type: string;
  payload?: unknown;
  /** Earliest time to run; default now. */
  runAt?: Date | undefined;
  /** Attempts before the job is marked failed; default 5. */
  maxAttempts?: number | undefined;
  /**
   * Coalescing key: while a job with this key waits in the queue, enqueueing another one updates the
   * waiting job (payload, earliest run time) instead of adding a second. A running job is not affected,
   * so a change made while it runs still gets its own run afterwards.
   */
  key?: string | undefined;
}

export interface EnqueuedJob {
  id: number;
  type: string;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

type Db = Kysely<Tables>;

export async function enqueue(db: Db, job: JobInput): Promise<EnqueuedJob> {
  const [enqueued] = await enqueueMany(db, [job]);
  if (!enqueued) throw new Error("enqueue returned no job");
  return enqueued;
}

/** Rows per statement; 7 parameters each. */
const CHUNK = 1000;

/** Enqueues many jobs in few statements (a bulk upsert of 1,000 records enqueues 1,000 jobs). */
export async function enqueueMany(db: Db, jobs: readonly JobInput[]): Promise<EnqueuedJob[]> {
  for (const job of jobs) checkJob(job);
  // Two jobs with one key in one statement would make ON CONFLICT touch a row twice; keep the last.
  const byKey = new Map<string, JobInput>();
  const rows: JobInput[] = [];
  for (const job of jobs) {
    if (job.key === undefined) rows.push(job);
    else byKey.set(job.key, job);
  }
  rows.push(...byKey.values());
  const out: EnqueuedJob[] = [];
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
          max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          ...(job.runAt ? { run_at: job.runAt } : {}),
        })),
      )
      .onConflict((oc) =>
        oc.column("key").where("state", "=", "queued").where("key", "is not", null).doUpdateSet({
          payload: sql<string>`excluded.payload`,
          run_at: sql<Date>`least(jobs.run_at, excluded.run_at)`,
          max_attempts: sql<number>`excluded.max_attempts`,
          updated_at: sql<Date>`now()`,
        }),
      )
      .returning(["id", "type"])
      .execute();
    out.push(...inserted);
  }
  return out;
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
}
