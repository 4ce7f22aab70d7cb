// The foundation schema: tenants and their keys, the admin's users and sessions, the host's records,
// the job queue with its history, and sealed secrets. Timestamps keep milliseconds, the precision of
// a JS Date, so a timestamp read back and used in a cursor compares exactly.
import type { Migration } from "../migrate.ts";

export const foundation: Migration = {
  version: 1,
  name: "foundation",
  statements: [
    `create table companies (
      id uuid primary key,
      name text not null,
      home_currency text,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    )`,
    `create table api_keys (
      id uuid primary key,
      company_id uuid not null references companies (id) on delete cascade,
      prefix text not null,
      key_hash text not null unique,
      label text,
      created_at timestamptz(3) not null default now(),
      revoked_at timestamptz(3),
      last_used_at timestamptz(3)
    )`,
    `create index api_keys_company on api_keys (company_id)`,
    `create table admin_users (
      id uuid primary key,
      username text not null unique,
      password_hash text not null,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    )`,
    `create table sessions (
      id_hash text primary key,
      user_id uuid not null references admin_users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz(3) not null default now(),
      expires_at timestamptz(3) not null
    )`,
    `create index sessions_expiry on sessions (expires_at)`,
    // One row per host record. The sync_* columns are the record's summary status for lists; the
    // detail (QuickBooks links, SyncToken, pushed hash, history) belongs in tables of their own.
    `create table records (
      id bigint generated always as identity primary key,
      company_id uuid not null references companies (id) on delete cascade,
      collection text not null,
      external_id text not null,
      version integer not null default 1,
      content_hash text not null,
      data jsonb not null,
      deleted_at timestamptz(3),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      sync_status text not null default 'not_synced'
        check (sync_status in ('not_synced', 'pending', 'synced', 'edited_since', 'failed', 'held')),
      sync_qbo_id text,
      sync_last_error text,
      sync_last_synced_at timestamptz(3),
      constraint records_identity unique (company_id, collection, external_id)
    )`,
    // Lists page by (updated_at, id): "changed since" and the records browser both walk this index.
    `create index records_changes on records (company_id, collection, updated_at, id)`,
    `create index records_sync_status on records (company_id, collection, sync_status)`,
    `create table jobs (
      id bigint generated always as identity primary key,
      company_id uuid references companies (id) on delete cascade,
      type text not null,
      payload jsonb not null default '{}',
      key text,
      state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed')),
      attempts integer not null default 0,
      max_attempts integer not null default 5 check (max_attempts >= 1),
      run_at timestamptz(3) not null default now(),
      locked_by text,
      locked_until timestamptz(3),
      last_error text,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      finished_at timestamptz(3)
    )`,
    // Workers claim from these two partial indexes only, so finished jobs never slow the claim down.
    `create index jobs_due on jobs (run_at, id) where state = 'queued'`,
    `create index jobs_leases on jobs (locked_until) where state = 'running'`,
    `create unique index jobs_waiting_key on jobs (key) where state = 'queued' and key is not null`,
    `create table job_runs (
      id bigint generated always as identity primary key,
      job_id bigint not null,
      type text not null,
      company_id uuid references companies (id) on delete cascade,
      attempt integer not null,
      worker text not null,
      started_at timestamptz(3) not null default now(),
      finished_at timestamptz(3),
      outcome text not null check (outcome in ('running', 'succeeded', 'failed', 'retrying')),
      counts jsonb,
      error text
    )`,
    `create index job_runs_recent on job_runs (started_at desc, id desc)`,
    `create index job_runs_company on job_runs (company_id, started_at desc, id desc)`,
    `create index job_runs_job on job_runs (job_id)`,
    `create table secrets (
      company_id uuid references companies (id) on delete cascade,
      name text not null,
      sealed text not null,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      constraint secrets_identity unique nulls not distinct (company_id, name)
    )`,
  ],
};
