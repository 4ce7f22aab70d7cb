// Ordering keys: jobs that share one (the changes of one record) never run at the same time and run
// in the order they were enqueued. Of a key's unfinished jobs only the oldest is claimable; the others
// wait in state `blocked`, outside the due index, and the oldest of them is released when the job
// ahead finishes.
//
// Hazard: "oldest" means lowest id, and ids are handed out when a row is inserted, not when its
// transaction commits. Were two transactions free to enqueue for one key at once, the later id could
// commit first, run, and then be joined by the earlier one: two at once, out of order. So enqueueing
// for a key and finishing a job with that key both lock the key's row in job_ordering_keys until
// their transaction ends: enqueues for one key commit in id order, and a finish always sees every
// job enqueued before it. The release runs as a statement of its own after the lock is taken (in
// READ COMMITTED a statement only sees what committed before it began).
import { type Expression, type Kysely, sql } from "kysely";
import type { Tables } from "#store/tables.ts";

type Db = Kysely<Tables>;

/**
 * SQL: whether a job with this ordering key has not finished yet (so a job joining the key is
 * `blocked`). `orderingKey` is a value or a column reference.
 */
export function unfinishedJobWithKey(orderingKey: Expression<string | null> | string) {
  return sql<boolean>`exists (
    select 1 from jobs ahead where ahead.ordering_key = ${orderingKey}
      and ahead.state in ('queued', 'waiting', 'blocked', 'running')
  )`;
}

/**
 * Locks the rows of these ordering keys (creating them) until the transaction ends. Sorted, so two
 * transactions locking overlapping keys take them in one order and never deadlock.
 */
export async function lockOrderingKeys(trx: Db, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await sql`insert into job_ordering_keys (key) select unnest(${sorted}::text[]) as key order by key
    on conflict (key) do update set key = excluded.key`.execute(trx);
}

/** Makes the oldest blocked job of the key claimable when none of its jobs is ahead of it. */
export async function releaseNext(trx: Db, orderingKey: string): Promise<void> {
  await sql`
    update jobs set state = 'queued', updated_at = now()
    where id = (
      select id from jobs where ordering_key = ${orderingKey} and state = 'blocked' order by id limit 1
    ) and not exists (
      select 1 from jobs where ordering_key = ${orderingKey} and state in ('queued', 'waiting', 'running')
    )`.execute(trx);
}

/** Runs `fn` in a transaction: the caller's if `db` is one, a new one otherwise. */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
