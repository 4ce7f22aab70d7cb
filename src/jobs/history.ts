// Reading the queue: job history for the web app, and single jobs for tests and tools.
import { type Kysely, sql } from "kysely";
import { decodeKeysetCursor, encodeKeysetCursor } from "#store/cursor.ts";
import type { JobBatchKind, JobRow, JobRunOutcome, JobState, Tables } from "#store/tables.ts";
import { inTransaction, lockOrderingKeys, unfinishedJobWithKey } from "./ordering.ts";

type Db = Kysely<Tables>;

export interface JobRunView {
  id: number;
  jobId: number;
  type: string;
  companyId: string | null;
  companyName: string | null;
  attempt: number;
  worker: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: JobRunOutcome;
  counts: Record<string, number> | null;
  error: string | null;
  /** What the job was given (which record changed, which file was imported…). */
  payload: unknown;
}

export interface JobRunPage {
  items: JobRunView[];
  nextCursor?: string | undefined;
}

/** Which attempts a history shows: of a company, an outcome, a job type, about one record. */
export interface JobRunFilter {
  companyId?: string | undefined;
  outcome?: JobRunOutcome | undefined;
  type?: string | undefined;
  /** The record a job was about, as its payload names it (`collection`, `externalId`). */
  collection?: string | undefined;
  externalId?: string | undefined;
  /** The attempts of one bulk request's or import's jobs. */
  batchId?: string | undefined;
}

function filterRuns<Q extends { where: (...args: never[]) => Q }>(query: Q, f: JobRunFilter): Q {
  // biome-ignore lint/suspicious/noExplicitAny: one filter serves the listing and the counting query
  let q: any = query;
  if (f.companyId !== undefined) q = q.where("job_runs.company_id", "=", f.companyId);
  if (f.outcome !== undefined) q = q.where("job_runs.outcome", "=", f.outcome);
  if (f.type !== undefined) q = q.where("job_runs.type", "=", f.type);
  if (f.collection !== undefined) q = q.where(sql`job_runs.payload->>'collection'`, "=", f.collection);
  if (f.externalId !== undefined) q = q.where(sql`job_runs.payload->>'externalId'`, "=", f.externalId);
  if (f.batchId !== undefined) q = q.where("job_runs.batch_id", "=", f.batchId);
  return q as Q;
}

/** How many attempts a filter matches, by job type and outcome (the outcome itself left unfiltered). */
export async function countJobRuns(
  db: Db,
  filter: JobRunFilter,
): Promise<{ type: string; outcome: JobRunOutcome; count: number }[]> {
  const rows = await filterRuns(db.selectFrom("job_runs"), { ...filter, outcome: undefined, type: undefined })
    .select(["job_runs.type", "job_runs.outcome", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["job_runs.type", "job_runs.outcome"])
    .execute();
  return rows.map((r) => ({ type: r.type, outcome: r.outcome, count: Number(r.n) }));
}

/** Attempts, newest first. */
export async function listJobRuns(
  db: Db,
  options: JobRunFilter & {
    jobId?: number | undefined;
    /** Just these attempts (a grouped history's single entries). */
    ids?: readonly number[] | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<JobRunPage> {
  const limit = Math.max(1, Math.min(options.limit, 500));
  let query = db
    .selectFrom("job_runs")
    .leftJoin("companies", "companies.id", "job_runs.company_id")
    .select([
      "job_runs.id",
      "job_runs.job_id",
      "job_runs.type",
      "job_runs.company_id",
      "companies.name as company_name",
      "job_runs.attempt",
      "job_runs.worker",
      "job_runs.started_at",
      "job_runs.finished_at",
      "job_runs.outcome",
      "job_runs.counts",
      "job_runs.error",
      "job_runs.payload",
    ]);
  query = filterRuns(query, options);
  if (options.jobId !== undefined) query = query.where("job_runs.job_id", "=", options.jobId);
  if (options.ids !== undefined) {
    if (options.ids.length === 0) return { items: [] };
    query = query.where("job_runs.id", "in", options.ids);
  }
  if (options.cursor !== undefined) {
    const { at, id } = decodeKeysetCursor(options.cursor);
    query = query.where((eb) => eb(eb.refTuple("job_runs.started_at", "job_runs.id"), "<", eb.tuple(at, id)));
  }
  const rows = await query
    .orderBy("job_runs.started_at", "desc")
    .orderBy("job_runs.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      jobId: r.job_id,
      type: r.type,
      companyId: r.company_id,
      companyName: r.company_name,
      attempt: r.attempt,
      worker: r.worker,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      outcome: r.outcome,
      counts: r.counts,
      error: r.error,
      payload: r.payload ?? null,
    })),
    nextCursor:
      rows.length > limit && last ? encodeKeysetCursor({ at: last.started_at, id: last.id }) : undefined,
  };
}

/** The jobs one bulk request or CSV import queued, as one entry of a grouped history. */
export interface JobBatchView {
  id: string;
  kind: JobBatchKind;
  collection: string;
  companyId: string | null;
  companyName: string | null;
  /** Records the request wrote, one job each. */
  size: number;
  createdAt: Date;
  /** The first attempt of its jobs, and the last to finish (null while one runs). */
  startedAt: Date;
  finishedAt: Date | null;
  /** Its jobs by the outcome of their latest attempt; jobs not yet run are `queued`. */
  outcomes: Partial<Record<JobRunOutcome | "queued", number>>;
  /** The error of one failed job, when some failed. */
  error: string | null;
}

export type JobHistoryEntry = { kind: "run"; run: JobRunView } | { kind: "batch"; batch: JobBatchView };

/**
 * The history with the attempts of a bulk request's or an import's jobs gathered into one entry each,
 * placed by the latest of them; other attempts are listed one by one. Newest first, by cursor.
 */
export async function listJobHistory(
  db: Db,
  options: JobRunFilter & { limit: number; cursor?: string | undefined },
): Promise<{ entries: JobHistoryEntry[]; nextCursor?: string | undefined }> {
  const limit = Math.max(1, Math.min(options.limit, 500));
  const singles = filterRuns(db.selectFrom("job_runs"), options)
    .select(["job_runs.id as id", "job_runs.started_at as at", sql<string | null>`null::uuid`.as("batch_id")])
    .where("job_runs.batch_id", "is", null);
  const batches = filterRuns(db.selectFrom("job_runs"), options)
    .select([
      (eb) => eb.fn.max("job_runs.id").as("id"),
      (eb) => eb.fn.max("job_runs.started_at").as("at"),
      "job_runs.batch_id",
    ])
    .where("job_runs.batch_id", "is not", null)
    .groupBy("job_runs.batch_id");
  let query = db.selectFrom(singles.unionAll(batches).as("e")).selectAll();
  if (options.cursor !== undefined) {
    const { at, id } = decodeKeysetCursor(options.cursor);
    query = query.where((eb) => eb(eb.refTuple("e.at", "e.id"), "<", eb.tuple(at, id)));
  }
  const rows = await query
    .orderBy("e.at", "desc")
    .orderBy("e.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const runIds = page.filter((r) => r.batch_id === null).map((r) => Number(r.id));
  const batchIds = page.flatMap((r) => (r.batch_id === null ? [] : [r.batch_id]));
  const [runs, views] = await Promise.all([
    listJobRuns(db, { ids: runIds, limit: Math.max(1, runIds.length) }),
    batchViews(db, batchIds),
  ]);
  const runById = new Map(runs.items.map((r) => [r.id, r]));
  const entries = page.flatMap((r): JobHistoryEntry[] => {
    if (r.batch_id === null) {
      const run = runById.get(Number(r.id));
      return run ? [{ kind: "run", run }] : [];
    }
    const batch = views.get(r.batch_id);
    return batch ? [{ kind: "batch", batch }] : [];
  });
  const last = page.at(-1);
  return {
    entries,
    nextCursor:
      rows.length > limit && last
        ? encodeKeysetCursor({ at: new Date(last.at as Date | string), id: Number(last.id) })
        : undefined,
  };
}

/** Each batch with its jobs counted by the outcome of their latest attempt, in two queries. */
export async function batchViews(db: Db, ids: readonly string[]): Promise<Map<string, JobBatchView>> {
  if (ids.length === 0) return new Map();
  const [batches, latest] = await Promise.all([
    db
      .selectFrom("job_batches")
      .leftJoin("companies", "companies.id", "job_batches.company_id")
      .selectAll("job_batches")
      .select("companies.name as company_name")
      .where("job_batches.id", "in", ids)
      .execute(),
    sql<{
      batch_id: string;
      outcome: JobRunOutcome;
      n: number | string;
      error: string | null;
      started_at: Date;
      finished_at: Date | null;
      running: boolean;
    }>`select batch_id, outcome, count(*) as n, min(error) as error, min(first_started) as started_at,
        max(finished_at) as finished_at, bool_or(finished_at is null) as running
      from (select distinct on (job_id) batch_id, outcome, error, finished_at,
              min(started_at) over (partition by job_id) as first_started
            from job_runs where batch_id in (${sql.join(ids)}) order by job_id, id desc) latest
      group by batch_id, outcome`.execute(db),
  ]);
  const out = new Map<string, JobBatchView>();
  for (const b of batches) {
    const rows = latest.rows.filter((r) => r.batch_id === b.id);
    const outcomes: JobBatchView["outcomes"] = {};
    let ran = 0;
    for (const r of rows) {
      outcomes[r.outcome] = Number(r.n);
      ran += Number(r.n);
    }
    if (b.size > ran) outcomes.queued = b.size - ran;
    const started = rows.map((r) => new Date(r.started_at).getTime());
    const finished = rows.map((r) => (r.finished_at ? new Date(r.finished_at).getTime() : 0));
    out.set(b.id, {
      id: b.id,
      kind: b.kind,
      collection: b.collection,
      companyId: b.company_id,
      companyName: b.company_name,
      size: b.size,
      createdAt: b.created_at,
      startedAt: started.length > 0 ? new Date(Math.min(...started)) : b.created_at,
      finishedAt:
        rows.some((r) => r.running) || outcomes.queued || finished.length === 0
          ? null
          : new Date(Math.max(...finished)),
      outcomes,
      error: rows.find((r) => r.outcome === "failed")?.error ?? null,
    });
  }
  return out;
}

export interface JobView {
  id: number;
  type: string;
  companyId: string | null;
  payload: unknown;
  key: string | null;
  state: JobState;
  attempts: number;
  maxAttempts: number | null;
  priority: number;
  orderingKey: string | null;
  /** The condition a waiting job waits on. */
  waitingOn: string | null;
  runAt: Date;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

function toJobView(r: JobRow): JobView {
  return {
    id: r.id,
    type: r.type,
    companyId: r.company_id,
    payload: r.payload,
    key: r.key,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    priority: r.priority,
    orderingKey: r.ordering_key,
    waitingOn: r.waiting_on,
    runAt: r.run_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export async function getJob(db: Db, id: number): Promise<JobView | undefined> {
  const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toJobView(row) : undefined;
}

export async function listJobs(
  db: Db,
  options: { companyId?: string; type?: string; state?: JobState; limit?: number } = {},
): Promise<JobView[]> {
  let query = db.selectFrom("jobs").selectAll();
  if (options.companyId !== undefined) query = query.where("company_id", "=", options.companyId);
  if (options.type !== undefined) query = query.where("type", "=", options.type);
  if (options.state !== undefined) query = query.where("state", "=", options.state);
  const rows = await query
    .orderBy("id")
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map(toJobView);
}

/** Counts of jobs by state, for status pages. */
export async function countJobsByState(db: Db, companyId?: string): Promise<Record<JobState, number>> {
  let query = db.selectFrom("jobs").select(["state", (eb) => eb.fn.countAll<number>().as("n")]);
  if (companyId !== undefined) query = query.where("company_id", "=", companyId);
  const rows = await query.groupBy("state").execute();
  const counts: Record<JobState, number> = {
    queued: 0,
    waiting: 0,
    blocked: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
  };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

/**
 * Puts a failed job back in the queue with a fresh set of attempts and retry budget (the "retry"
 * button). Behind an unfinished job of its ordering key, it is blocked until that one finishes.
 */
export async function retryJob(db: Db, id: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const job = await trx
      .selectFrom("jobs")
      .select("ordering_key")
      .where("id", "=", id)
      .where("state", "=", "failed")
      .executeTakeFirst();
    if (!job) return false;
    if (job.ordering_key !== null) await lockOrderingKeys(trx, [job.ordering_key]);
    const result = await sql`
      update jobs set
        state = case when ${unfinishedJobWithKey(sql.ref("jobs.ordering_key"))} then 'blocked'
          else 'queued' end,
        attempts = 0, failing_since = null, run_at = now(), finished_at = null, updated_at = now()
      where id = ${id} and state = 'failed'`.execute(trx);
    return Number(result.numAffectedRows ?? 0) === 1;
  });
}

export interface Retention {
  /** Succeeded jobs are deleted this long after they finish (their attempts stay in the history). */
  succeededJobsMs: number;
  /** Attempts in the history, and failed jobs, are deleted this long after they finish. */
  historyMs: number;
}

/** A day of succeeded jobs (for looking one up), 30 days of history and of failed jobs. */
export const DEFAULT_RETENTION: Retention = {
  succeededJobsMs: 24 * 60 * 60 * 1000,
  historyMs: 30 * 24 * 60 * 60 * 1000,
};

/**
 * Deletes what the retention no longer keeps. Queued and running jobs, and attempts still running,
 * are never touched. Safe to run from several workers at once.
 */
export async function pruneJobHistory(
  db: Db,
  retention: Retention = DEFAULT_RETENTION,
): Promise<{ jobs: number; runs: number }> {
  const jobs = await db
    .deleteFrom("jobs")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("state", "=", "succeeded"),
          eb("finished_at", "<", sql<Date>`now() - ${retention.succeededJobsMs} * interval '1 millisecond'`),
        ]),
        eb.and([
          eb("state", "=", "failed"),
          eb("finished_at", "<", sql<Date>`now() - ${retention.historyMs} * interval '1 millisecond'`),
        ]),
      ]),
    )
    .executeTakeFirst();
  const runs = await db
    .deleteFrom("job_runs")
    .where("finished_at", "<", sql<Date>`now() - ${retention.historyMs} * interval '1 millisecond'`)
    .executeTakeFirst();
  // A batch goes with the last of its attempts and jobs.
  await db
    .deleteFrom("job_batches")
    .where("created_at", "<", sql<Date>`now() - ${retention.historyMs} * interval '1 millisecond'`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("jobs").select("jobs.id").whereRef("jobs.batch_id", "=", "job_batches.id"))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("job_runs").select("job_runs.id").whereRef("job_runs.batch_id", "=", "job_batches.id"),
        ),
      ),
    )
    .execute();
  return { jobs: Number(jobs.numDeletedRows), runs: Number(runs.numDeletedRows) };
}
