// What the QuickBooks push needs from the queue: jobs that wait on a named condition without
// spending attempts, ordering keys, retries for a time budget, and priorities.
//
// - `waiting`: a job parked on a condition (job_conditions) or until a time; `blocked`: a job behind
//   an earlier unfinished job with the same ordering key. Neither is in the due index, so a claim
//   never reads them, however many there are.
// - `job_ordering_keys` holds one row per ordering key ever used. Enqueueing and finishing a keyed job
//   lock its row, so transactions that enqueue for one key commit in the order of their job ids and
//   the job released after a finish is always the next one (see jobs/ordering.ts).
// - The due index leads with the priority, so fresh changes are claimed before a bulk export.
import type { Migration } from "../migrate.ts";

export const jobFlow: Migration = {
  version: 7,
  name: "job flow",
  statements: [
    "alter table jobs drop constraint jobs_state_check",
    `alter table jobs add constraint jobs_state_check
      check (state in ('queued', 'waiting', 'blocked', 'running', 'succeeded', 'failed'))`,
    "alter table jobs add column priority smallint not null default 0",
    "alter table jobs add column ordering_key text",
    "alter table jobs add column waiting_on text",
    "alter table jobs add column retry_for_ms bigint check (retry_for_ms >= 0)",
    "alter table jobs add column failing_since timestamptz(3)",
    // A time budget bounds retries now; an attempt count is optional.
    "alter table jobs alter column max_attempts drop not null",
    "alter table jobs alter column max_attempts set default null",
    "drop index jobs_due",
    "create index jobs_due on jobs (priority desc, run_at, id) where state = 'queued'",
    // Coalescing also merges into a job blocked behind its ordering key: it has not run either.
    "drop index jobs_waiting_key",
    "create unique index jobs_waiting_key on jobs (key) where state in ('queued', 'blocked') and key is not null",
    `create index jobs_ordering on jobs (ordering_key, id)
      where ordering_key is not null and state in ('queued', 'waiting', 'blocked', 'running')`,
    "create index jobs_waiting_on on jobs (waiting_on) where state = 'waiting' and waiting_on is not null",
    "create index jobs_waiting_until on jobs (run_at) where state = 'waiting' and waiting_on is null",
    `create table job_conditions (
      name text primary key,
      reason text,
      until timestamptz(3),
      set_at timestamptz(3) not null default now()
    )`,
    "create table job_ordering_keys (key text primary key)",
    "alter table job_runs drop constraint job_runs_outcome_check",
    `alter table job_runs add constraint job_runs_outcome_check
      check (outcome in ('running', 'succeeded', 'failed', 'retrying', 'waiting'))`,
  ],
};
