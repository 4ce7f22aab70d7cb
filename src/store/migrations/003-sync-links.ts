// Links between host records and their copies in a provider (QuickBooks Online today, QuickBooks
// Desktop later), and the history of every push attempt. The records row keeps only the summary
// status lists filter on; everything a push needs to know lives here.
import type { Migration } from "../migrate.ts";

export const syncLinks: Migration = {
  version: 3,
  name: "sync links and history",
  statements: [
    `create table sync_links (
      record_id bigint not null references records (id) on delete cascade,
      provider text not null,
      company_id uuid not null references companies (id) on delete cascade,
      remote_type text,
      remote_id text,
      remote_version text,
      pushed_version integer,
      pushed_hash text,
      generation integer not null default 0,
      status text not null default 'not_synced'
        check (status in ('not_synced', 'pending', 'synced', 'edited_since', 'failed', 'held')),
      reason text,
      last_error text,
      last_pushed_at timestamptz(3),
      updated_at timestamptz(3) not null default now(),
      primary key (record_id, provider)
    )`,
    // One host record per remote object: a second link to the same object is a duplicate in the making.
    `create unique index sync_links_remote on sync_links (company_id, provider, remote_type, remote_id)
      where remote_id is not null`,
    `create index sync_links_status on sync_links (company_id, provider, status)`,
    `create table sync_history (
      id bigint generated always as identity primary key,
      record_id bigint not null references records (id) on delete cascade,
      provider text not null,
      company_id uuid not null references companies (id) on delete cascade,
      at timestamptz(3) not null default now(),
      operation text not null,
      generation integer not null,
      sent jsonb,
      outcome text not null check (outcome in ('synced', 'failed', 'held', 'retrying', 'linked')),
      code text,
      message text,
      remote_id text
    )`,
    `create index sync_history_record on sync_history (record_id, id desc)`,
  ],
};
