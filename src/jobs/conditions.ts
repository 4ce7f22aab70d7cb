// Conditions: named reasons for jobs to wait, such as `connection:<companyId>` (the connection needs
// re-authorising) or `budget:<realmId>` (the request budget is spent until the next minute). A handler
// that meets one throws WaitError naming it: the job parks in state `waiting` without spending an
// attempt, and goes back to the queue when the condition is cleared, or by itself at the condition's
// `until` time. The queue knows nothing of what a condition means; whoever sets one clears it.
//
// Hazard: a job can be parked on a condition at the moment someone clears it. Parking takes a share
// lock on the condition's row (worker.ts, finishWaiting), and clearing deletes the row and then, in a
// second statement of the same transaction, releases the jobs: the delete waits for a parking in
// progress, and the release (a new statement, so a new snapshot) sees the job it parked.
import { type Kysely, sql } from "kysely";
import type { Tables } from "#store/tables.ts";

type Db = Kysely<Tables>;

export interface JobCondition {
  name: string;
  reason: string | null;
  /** When the condition clears by itself; null: only when cleared. */
  until: Date | null;
  setAt: Date;
}

const NAME = /^[a-z][a-z0-9_.:-]{0,199}$/i;

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new Error(`Condition name "${name}" must be letters, digits and . _ : - (like "connection:<id>")`);
}

/** Sets (or replaces) a condition. Jobs that meet it wait until it is cleared or `until` passes. */
export async function setCondition(
  db: Db,
  name: string,
  options: { reason?: string | undefined; until?: Date | undefined } = {},
): Promise<void> {
  checkName(name);
  await sql`insert into job_conditions (name, reason, until) values (${name}, ${options.reason ?? null}, ${options.until ?? null})
    on conflict (name) do update set reason = excluded.reason, until = excluded.until, set_at = now()`.execute(
    db,
  );
}

/** Clears a condition and puts the jobs waiting on it back in the queue; returns how many. */
export async function clearCondition(db: Db, name: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`delete from job_conditions where name = ${name}`.execute(trx);
    return releaseWaiting(trx, [name]);
  });
}

/** Conditions now in force (those whose `until` passed are cleared by the workers). */
export async function listConditions(db: Db): Promise<JobCondition[]> {
  const { rows } = await sql<{ name: string; reason: string | null; until: Date | null; set_at: Date }>`
    select name, reason, until, set_at from job_conditions
    where until is null or until > now() order by name`.execute(db);
  return rows.map((r) => ({ name: r.name, reason: r.reason, until: r.until, setAt: r.set_at }));
}

/**
 * The workers' periodic step: clears conditions whose `until` passed, releasing their jobs, and
 * requeues jobs that waited for a time of their own. Returns how many jobs went back to the queue.
 */
export async function wakeWaitingJobs(db: Db): Promise<number> {
  const expired = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ name: string }>`
      delete from job_conditions where until <= now() returning name`.execute(trx);
    return rows.length > 0
      ? releaseWaiting(
          trx,
          rows.map((r) => r.name),
        )
      : 0;
  });
  const timed = await sql`
    update jobs set state = 'queued', updated_at = now()
    where state = 'waiting' and waiting_on is null and run_at <= now()`.execute(db);
  return expired + Number(timed.numAffectedRows ?? 0);
}

async function releaseWaiting(trx: Db, names: string[]): Promise<number> {
  const result = await sql`
    update jobs set state = 'queued', waiting_on = null, run_at = now(), updated_at = now()
    where state = 'waiting' and waiting_on = any(${names}::text[])`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
