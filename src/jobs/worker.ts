// Workers: claim due jobs with FOR UPDATE SKIP LOCKED (so any number of processes share one server
// database without taking the same job), run their handlers, and record every attempt in job_runs.
// A claimed job carries a lease that the worker renews while the handler runs; a job whose lease
// ran out (its process died) is claimed again by another worker.
//
// On the embedded database every statement runs on the one PGlite session, in this thread: while a
// statement runs, nothing else does. The workers therefore share it fairly with the HTTP server:
// - each claim takes at most the free slots (a bounded batch), and the driver's lock hands the session
//   out first come, first served, so a request waits for at most the statements queued before it;
// - between jobs the workers yield to the event loop (setImmediate), so requests that arrived are read
//   and queue for the session before the next claim. PGlite answers a statement without ever giving the
//   event loop a turn, so without this a backlog drained with the server deaf until it was done;
// - the claim costs the same with 100 or 100,000 jobs waiting: it walks the due-jobs index and stops
//   at the rows it takes, which needs the planner statistics that `db.maintain()` keeps fresh on the
//   embedded database (it has no autovacuum; see store/maintenance.ts).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "#store/database.ts";
import type { JobRow, Tables } from "#store/tables.ts";
import { type BackoffOptions, backoffDelay } from "./backoff.ts";
import { wakeWaitingJobs } from "./conditions.ts";
import { describeError, PermanentJobError, RetryLaterError, WaitError } from "./errors.ts";
import { DEFAULT_RETENTION, pruneJobHistory, type Retention } from "./history.ts";
import { lockOrderingKeys, releaseNext } from "./ordering.ts";

export interface ClaimedJob<P = unknown> {
  id: number;
  type: string;
  companyId: string | null;
  payload: P;
  /** This attempt's number, starting at 1 (an attempt that ended in a wait is not counted). */
  attempt: number;
  /** The job's cap on attempts, if it has one (its retry budget bounds it otherwise). */
  maxAttempts: number | null;
  /** Jobs with the same ordering key run one at a time, in enqueue order (absent: none). */
  orderingKey?: string | null;
  createdAt: Date;
}

export interface JobContext {
  db: Database;
  workerId: string;
  /** Aborted when the workers stop and the grace period is over; long handlers should watch it. */
  signal: AbortSignal;
}

export type JobResult = { counts?: Record<string, number> } | undefined;
// Handlers that have nothing to report simply return; hence void alongside the result.
// biome-ignore lint/suspicious/noExplicitAny: handlers narrow their own payload type.
// biome-ignore lint/suspicious/noConfusingVoidType: see above.
export type JobHandler<P = any> = (job: ClaimedJob<P>, ctx: JobContext) => Promise<JobResult | void>;

export interface WorkerOptions {
  /** One handler per job type; a worker claims only the types it has handlers for. */
  handlers: Record<string, JobHandler>;
  /** Jobs run at the same time in this process. Default 2. */
  concurrency?: number;
  /** How often to look for due jobs when idle. Default 1000 ms. */
  pollMs?: number;
  /** How long a claim lasts without renewal. Default 5 minutes. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /**
   * How long a failing job is retried (with backoff) after its first failure in a row, unless it was
   * enqueued with its own `retryForMs`. Default 24 hours.
   */
  retryForMs?: number;
  /** Wait this long for running handlers when stopping before aborting their signal. Default 3 s. */
  graceMs?: number;
  /** Names this pool in job history (after this process's id). Default: a random suffix. */
  workerId?: string;
  /** Called for failures of the queue itself (not of handlers, which go to job history). */
  onError?: (error: unknown) => void;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
  /**
   * How long finished jobs and their history are kept, pruned by the workers at start and then every
   * `pruneEveryMs` (default hourly). `false` leaves pruning to another process.
   */
  retention?: Partial<Retention> | false;
  pruneEveryMs?: number;
}

export interface Workers {
  readonly workerId: string;
  /** Looks for due jobs now instead of at the next poll. */
  wake(): void;
  /** Runs until no job is due and none is running (for tests and one-shot commands). */
  drain(): Promise<void>;
  /** Stops claiming, waits for running handlers, and resolves when all is quiet. */
  stop(): Promise<void>;
  /** Deletes finished jobs and history past the retention now. */
  prune(): Promise<{ jobs: number; runs: number }>;
}

type Db = Kysely<Tables>;

export function startWorkers(db: Database, options: WorkerOptions): Workers {
  const types = Object.keys(options.handlers);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 5 * 60 * 1000;
  // Short enough that a stopping process (SIGTERM) is gone within 5 s.
  const graceMs = options.graceMs ?? 3000;
  const random = options.random ?? Math.random;
  const retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
  const onError = options.onError ?? ((error: unknown) => console.error("job queue:", describeError(error)));
  const workerId = `${PROCESS_ID}:${options.workerId ?? randomBytes(3).toString("hex")}`;
  const abort = new AbortController();
  const running = new Map<number, Promise<void>>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let recovered = false;
  let lastRecovery = 0;
  // Expired leases are rare (a process died); looking for them a few times per lease is enough.
  const recoverEveryMs = Math.min(5000, Math.max(10, Math.floor(leaseMs / 4)));
  let ticking: Promise<void> | undefined;
  let again = false;
  const retention =
    options.retention === false ? undefined : { ...DEFAULT_RETENTION, ...(options.retention ?? {}) };
  const pruneEveryMs = options.pruneEveryMs ?? 60 * 60 * 1000;
  let lastPrune = 0;
  let lastMaintenance = 0;
  const prune = () =>
    retention ? pruneJobHistory(db.kysely, retention) : Promise.resolve({ jobs: 0, runs: 0 });

  const heartbeat = setInterval(
    () => {
      if (running.size === 0) return;
      renewLeases(db.kysely, workerId, [...running.keys()], leaseMs).catch(onError);
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();

  function schedule(delay: number): void {
    if (stopping) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void tick();
    }, delay);
  }

  function tick(): Promise<void> {
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      if (!recovered) {
        recovered = true;
        // Only one process can open an embedded database, so a job left running by a worker of any
        // other process was abandoned by a previous run: retry it now rather than after its lease.
        if (db.kind === "embedded") await releaseJobsOfOtherProcesses(db.kysely).catch(onError);
      }
      do {
        again = false;
        try {
          if (retention && Date.now() - lastPrune >= pruneEveryMs) {
            lastPrune = Date.now();
            await prune();
          }
          if (Date.now() - lastRecovery >= recoverEveryMs) {
            lastRecovery = Date.now();
            await db.transaction((trx) => recoverExpiredLeases(trx, retryForMs));
            await wakeWaitingJobs(db.kysely);
          }
          while (!stopping && running.size < concurrency && types.length > 0) {
            // Let requests that arrived meanwhile queue for the database before this claim.
            await nextTurn();
            if (stopping) break;
            if (Date.now() - lastMaintenance >= MAINTENANCE_EVERY_MS) {
              lastMaintenance = Date.now();
              await db.maintain();
            }
            const claimed = await claimJobs(db.kysely, {
              workerId,
              types,
              limit: concurrency - running.size,
              leaseMs,
            });
            if (claimed.length === 0) break;
            for (const job of claimed) start(job);
          }
        } catch (error) {
          onError(error);
        }
      } while (again && !stopping);
    })().finally(() => {
      ticking = undefined;
      // A little jitter keeps many idle workers from polling in lockstep.
      schedule(Math.round(pollMs * (0.9 + random() * 0.2)));
    });
    return ticking;
  }

  function start(claim: Claim): void {
    const promise = runOne(claim).finally(() => {
      running.delete(claim.job.id);
      // A finished job frees a slot: look for the next one at once.
      if (!stopping) void tick();
    });
    running.set(claim.job.id, promise);
  }

  async function runOne({ job, runId }: Claim): Promise<void> {
    const handler = options.handlers[job.type];
    let result: JobResult | undefined;
    try {
      // A handler that never awaits I/O would otherwise keep the event loop to itself.
      await nextTurn();
      if (!handler) throw new PermanentJobError(`No handler for job type "${job.type}"`);
      result = (await handler(job, { db, workerId, signal: abort.signal })) ?? undefined;
    } catch (error) {
      const finish =
        error instanceof WaitError
          ? finishWaiting(db.kysely, { job, runId, workerId, wait: error })
          : finishFailed(db.kysely, {
              job,
              runId,
              workerId,
              error: describeError(error),
              retryInMs:
                error instanceof PermanentJobError
                  ? undefined
                  : error instanceof RetryLaterError
                    ? error.retryAfterMs
                    : backoffDelay(job.attempt, options.backoff, random),
              retryForMs,
              embedded: db.kind === "embedded",
            });
      await finish.catch(onError);
      return;
    }
    await finishSucceeded(db.kysely, {
      job,
      runId,
      workerId,
      counts: result?.counts ?? null,
      embedded: db.kind === "embedded",
    }).catch(onError);
  }

  schedule(0);

  return {
    workerId,
    prune,
    wake() {
      void tick();
    },
    async drain() {
      for (;;) {
        await tick();
        while (running.size > 0) await Promise.allSettled([...running.values()]);
        // Finishing a job may have made another due (a zero-delay retry), so look once more.
        if (!(await anyDue(db.kysely, types)) && running.size === 0) return;
      }
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      clearInterval(heartbeat);
      await ticking;
      const grace = setTimeout(() => abort.abort(new Error("workers stopping")), graceMs);
      await Promise.allSettled([...running.values()]);
      clearTimeout(grace);
    },
  };
}

interface Claim {
  job: ClaimedJob;
  runId: number;
}

/**
 * Starts every worker id of this process (host, pid, and a random part so that a restarted process
 * that got the same pid is told apart), so a pool can tell its own process's jobs from abandoned ones.
 */
const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/** How often busy workers let the embedded database catch up on vacuum and statistics. */
const MAINTENANCE_EVERY_MS = 1000;

const INTERRUPTED = "Ledgerlink stopped before this attempt finished";

async function releaseJobsOfOtherProcesses(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const released = await trx
      .updateTable("jobs")
      .set({
        state: "queued",
        run_at: sql<Date>`now()`,
        locked_by: null,
        locked_until: null,
        last_error: INTERRUPTED,
        updated_at: sql<Date>`now()`,
      })
      .where("state", "=", "running")
      .where((eb) => eb.not(eb("locked_by", "like", `${PROCESS_ID}:%`)))
      .returning("id")
      .execute();
    if (released.length === 0) return;
    await trx
      .updateTable("job_runs")
      .set({ finished_at: sql<Date>`now()`, outcome: "retrying", error: INTERRUPTED })
      .where(
        "job_id",
        "in",
        released.map((r) => r.id),
      )
      .where("finished_at", "is", null)
      .execute();
  });
}

const ABANDONED = "the worker running this attempt stopped before finishing (its lease expired)";

/** How long a failing job is retried unless it or the workers say otherwise. */
export const DEFAULT_RETRY_FOR_MS = 24 * 60 * 60 * 1000;

/**
 * SQL: whether a job that just failed (transiently) has no retry left: its attempts reached its cap,
 * or it has been failing for longer than its retry budget.
 */
function exhausted(defaultRetryForMs: number) {
  return sql<boolean>`(jobs.max_attempts is not null and jobs.attempts >= jobs.max_attempts)
    or now() - coalesce(jobs.failing_since, now())
      >= coalesce(jobs.retry_for_ms, ${defaultRetryForMs}) * interval '1 millisecond'`;
}

/**
 * Claims up to `limit` due jobs of the given types and opens their job_runs rows. One statement, so
 * it is atomic without a transaction of its own and costs one round trip.
 */
export async function claimJobs(
  db: Db,
  input: { workerId: string; types: readonly string[]; limit: number; leaseMs: number },
): Promise<Claim[]> {
  if (input.types.length === 0 || input.limit < 1) return [];
  const { rows } = await claimStatement(input).execute(db);
  return rows.map((r) => ({
    job: {
      id: r.id,
      type: r.type,
      companyId: r.company_id,
      payload: r.payload,
      attempt: r.attempts,
      maxAttempts: r.max_attempts,
      orderingKey: r.ordering_key,
      createdAt: r.created_at,
    },
    runId: r.run_id,
  }));
}

/** The claim as one statement (exported so a test can EXPLAIN it). */
export function claimStatement(input: {
  workerId: string;
  types: readonly string[];
  limit: number;
  leaseMs: number;
}) {
  // The due CTE walks the partial index on queued jobs in (priority desc, run_at, id) order and stops
  // at `limit` rows; finished, waiting and blocked jobs are not in it.
  return sql<JobRow & { run_id: number }>`
    with due as (
      select id from jobs
      where state = 'queued' and run_at <= now() and type = any(${[...input.types]}::text[])
      order by priority desc, run_at, id
      limit ${input.limit}
      for update skip locked
    ), claimed as (
      update jobs set
        state = 'running',
        attempts = jobs.attempts + 1,
        locked_by = ${input.workerId},
        locked_until = now() + ${input.leaseMs} * interval '1 millisecond',
        updated_at = now()
      from due
      where jobs.id = due.id
      returning jobs.*
    ), runs as (
      insert into job_runs (job_id, type, company_id, attempt, worker, outcome, payload, batch_id)
      select id, type, company_id, attempts, ${input.workerId}, 'running', payload, batch_id from claimed
      returning id, job_id
    )
    select claimed.*, runs.id as run_id from claimed join runs on runs.job_id = claimed.id
    order by claimed.priority desc, claimed.run_at, claimed.id`;
}

/**
 * Jobs whose worker died (lease expired) go back to the queue, or fail when that was their last
 * attempt or their retry budget is spent; the lost attempt's history row is closed with the reason,
 * and a failed job's ordering key lets the next job go. SKIP LOCKED: if another worker is recovering
 * the same rows, this one leaves them to it.
 */
export async function recoverExpiredLeases(
  trx: Db,
  defaultRetryForMs: number = DEFAULT_RETRY_FOR_MS,
): Promise<void> {
  const { rows } = await sql<{ id: number; state: "queued" | "failed"; ordering_key: string | null }>`
    with expired as (
      select id from jobs
      where state = 'running' and locked_until < now()
      for update skip locked
    )
    update jobs set
      state = case when ${exhausted(defaultRetryForMs)} then 'failed' else 'queued' end,
      run_at = now(),
      locked_by = null,
      locked_until = null,
      last_error = ${ABANDONED},
      failing_since = coalesce(jobs.failing_since, now()),
      finished_at = case when ${exhausted(defaultRetryForMs)} then now() else null end,
      updated_at = now()
    from expired
    where jobs.id = expired.id
    returning jobs.id, jobs.state, jobs.ordering_key`.execute(trx);
  for (const outcome of ["retrying", "failed"] as const) {
    const ids = rows.filter((r) => (r.state === "failed") === (outcome === "failed")).map((r) => r.id);
    if (ids.length === 0) continue;
    await trx
      .updateTable("job_runs")
      .set({ finished_at: sql<Date>`now()`, outcome, error: ABANDONED })
      .where("job_id", "in", ids)
      .where("finished_at", "is", null)
      .execute();
  }
  const freed = rows.flatMap((r) => (r.state === "failed" && r.ordering_key ? [r.ordering_key] : []));
  if (freed.length > 0) {
    await lockOrderingKeys(trx, freed);
    for (const key of new Set(freed)) await releaseNext(trx, key);
  }
}

/**
 * Runs a finish statement; for a job with an ordering key, the next job of the key goes when this one
 * finished (ordering.ts). On a server: in a transaction that first locks the key, then releases the
 * next in a statement of its own. On the embedded database, opened by one process and running one
 * statement or transaction at a time, every enqueue has committed before the finish begins, so the
 * release rides in the finish statement itself (`release`, a CTE reading the finish's `job` CTE):
 * one statement instead of five.
 */
async function finishing(
  db: Db,
  embedded: boolean,
  job: ClaimedJob,
  statement: (db: Db, release: RawBuilder<unknown>) => Promise<{ finished: boolean }>,
): Promise<void> {
  const key = job.orderingKey ?? null;
  if (key === null) {
    await statement(db, sql``);
    return;
  }
  if (embedded) {
    await statement(db, releaseWithFinish(key, job.id));
    return;
  }
  await db.transaction().execute(async (trx) => {
    await lockOrderingKeys(trx, [key]);
    const { finished } = await statement(trx, sql``);
    if (finished) await releaseNext(trx, key);
  });
}

/**
 * SQL: a CTE that makes the oldest blocked job of the key claimable when the finish statement's `job`
 * CTE finished the job for good (succeeded or failed) and no other job of the key is ahead.
 */
function releaseWithFinish(orderingKey: string, jobId: number): RawBuilder<unknown> {
  return sql`, released as (
    update jobs set state = 'queued', updated_at = now()
    where id = (
      select id from jobs where ordering_key = ${orderingKey} and state = 'blocked' order by id limit 1
    ) and exists (select 1 from job where job.state in ('succeeded', 'failed'))
    and not exists (
      select 1 from jobs ahead where ahead.ordering_key = ${orderingKey}
        and ahead.state in ('queued', 'waiting', 'running') and ahead.id <> ${jobId}
    )
  )`;
}

async function finishSucceeded(
  db: Db,
  input: {
    job: ClaimedJob;
    runId: number;
    workerId: string;
    counts: Record<string, number> | null;
    embedded: boolean;
  },
): Promise<void> {
  // Only while we still hold the lease: if it expired and another worker took the job, that worker's
  // attempt decides the job's state; ours is still recorded in history. One statement, so atomic.
  await finishing(db, input.embedded, input.job, async (db, release) => {
    await sql`
      with job as (
        update jobs set
          state = 'succeeded', locked_by = null, locked_until = null, last_error = null,
          finished_at = now(), updated_at = now()
        where id = ${input.job.id} and locked_by = ${input.workerId} and state = 'running'
        returning jobs.state
      )${release}
      update job_runs set finished_at = now(), outcome = 'succeeded',
        counts = ${input.counts ? JSON.stringify(input.counts) : null}::jsonb
      where id = ${input.runId}`.execute(db);
    return { finished: true };
  });
}

/**
 * A failed attempt: the job fails for good when the error is permanent (`retryInMs` undefined), its
 * attempts reached its cap or its retry budget is spent; otherwise it is retried after `retryInMs`.
 */
async function finishFailed(
  db: Db,
  input: {
    job: ClaimedJob;
    runId: number;
    workerId: string;
    error: string;
    retryInMs: number | undefined;
    retryForMs: number;
    embedded: boolean;
  },
): Promise<void> {
  const final =
    input.retryInMs === undefined ? sql<boolean>`true` : sql<boolean>`(${exhausted(input.retryForMs)})`;
  await finishing(db, input.embedded, input.job, async (db, release) => {
    const { rows } = await sql<{ state: "queued" | "failed" }>`
      with job as (
        update jobs set
          state = case when ${final} then 'failed' else 'queued' end,
          run_at = case when ${final} then jobs.run_at
            else now() + ${input.retryInMs ?? 0} * interval '1 millisecond' end,
          failing_since = coalesce(jobs.failing_since, now()),
          locked_by = null, locked_until = null, last_error = ${input.error},
          finished_at = case when ${final} then now() else null end, updated_at = now()
        where id = ${input.job.id} and locked_by = ${input.workerId} and state = 'running'
        returning jobs.state
      ), run as (
        update job_runs set finished_at = now(),
          outcome = coalesce((select case when state = 'failed' then 'failed' else 'retrying' end from job),
            ${input.retryInMs === undefined ? "failed" : "retrying"}),
          error = ${input.error}
        where id = ${input.runId}
      )${release}
      select state from job`.execute(db);
    return { finished: rows[0]?.state === "failed" };
  });
}

/**
 * The attempt ended in a wait (WaitError): the job parks on the condition, or until the time, with the
 * attempt given back and its run of failures forgotten. A condition not (or no longer) in force sends
 * it back to the queue at once. The share lock on the condition's row is what makes a concurrent
 * clearCondition see this job (conditions.ts).
 */
async function finishWaiting(
  db: Db,
  input: { job: ClaimedJob; runId: number; workerId: string; wait: WaitError },
): Promise<void> {
  const condition = input.wait.condition ?? null;
  const until = input.wait.until ?? null;
  const message = describeError(input.wait);
  await sql`
    with cond as (
      select name from job_conditions
      where name = ${condition}::text and (until is null or until > now())
      for share
    ), job as (
      update jobs set
        state = case when ${condition}::text is null or exists (select 1 from cond) then 'waiting'
          else 'queued' end,
        waiting_on = (select name from cond),
        run_at = case when ${condition}::text is null then ${until}::timestamptz else now() end,
        attempts = greatest(jobs.attempts - 1, 0),
        failing_since = null,
        locked_by = null, locked_until = null, last_error = ${message}, updated_at = now()
      where id = ${input.job.id} and locked_by = ${input.workerId} and state = 'running'
    )
    update job_runs set finished_at = now(), outcome = 'waiting', error = ${message}
    where id = ${input.runId}`.execute(db);
}

async function renewLeases(db: Db, workerId: string, ids: number[], leaseMs: number): Promise<void> {
  await db
    .updateTable("jobs")
    .set({ locked_until: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'` })
    .where("id", "in", ids)
    .where("locked_by", "=", workerId)
    .where("state", "=", "running")
    .execute();
}

async function anyDue(db: Db, types: readonly string[]): Promise<boolean> {
  if (types.length === 0) return false;
  const row = await db
    .selectFrom("jobs")
    .select("id")
    .where("type", "in", [...types])
    .where("state", "=", "queued")
    .where("run_at", "<=", sql<Date>`now()`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
