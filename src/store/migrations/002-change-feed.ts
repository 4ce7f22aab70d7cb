// An exact change feed, and job history that says what each job was about.
//
// `updated_at` is the start of the writing transaction, so a host that polled "changed since the last
// updatedAt I saw" could miss a record whose long transaction committed after a shorter, later one.
// Each write now also stamps the writing transaction's id (xid8, 64-bit, never wraps); the feed walks
// records in that order, and the cursor a host keeps for its next poll never goes past the oldest
// transaction still running when the walk began (pg_snapshot_xmin(pg_current_snapshot())), so a change
// that commits later is never skipped.
import type { Migration } from "../migrate.ts";

export const changeFeed: Migration = {
  version: 2,
  name: "change feed",
  statements: [
    "alter table records add column change_xid xid8 not null default pg_current_xact_id()",
    "create index records_feed on records (company_id, collection, change_xid, id)",
    // A copy of the job's payload on each attempt, so the history keeps saying which record changed
    // after finished jobs are pruned.
    "alter table job_runs add column payload jsonb",
    "create index jobs_finished on jobs (finished_at) where state in ('succeeded', 'failed')",
  ],
};
