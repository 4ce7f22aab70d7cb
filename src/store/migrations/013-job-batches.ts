// Jobs of one request together: a bulk request or a CSV import queues a job per changed record, and
// the job history shows them as one entry ("Import of 1,000 customers — 998 done, 2 failed") that
// opens onto its jobs. Each attempt keeps its job's batch, as it keeps its payload.
import type { Migration } from "../migrate.ts";

export const jobBatches: Migration = {
  version: 13,
  name: "job batches",
  statements: [
    `create table job_batches (
      id uuid primary key default gen_random_uuid(),
      company_id uuid references companies (id) on delete cascade,
      kind text not null check (kind in ('bulk', 'import')),
      collection text not null,
      size integer not null default 0,
      created_at timestamptz(3) not null default now()
    )`,
    "alter table jobs add column batch_id uuid references job_batches (id) on delete set null",
    "alter table job_runs add column batch_id uuid references job_batches (id) on delete set null",
    "create index job_runs_batch on job_runs (batch_id) where batch_id is not null",
    "create index jobs_batch on jobs (batch_id) where batch_id is not null",
    "create index job_batches_created on job_batches (created_at)",
  ],
};
