// A company's connection to its books (QuickBooks Online today), the OAuth `state` values that are
// waiting for their callback, and the shared request budget that keeps every process within
// QuickBooks' per-company limits.
import type { Migration } from "../migrate.ts";

export const quickbooksConnection: Migration = {
  version: 4,
  name: "quickbooks connection",
  statements: [
    // One connection per company. Secrets (client secret, tokens) are sealed in `secrets`, never here.
    `create table connections (
      company_id uuid primary key references companies (id) on delete cascade,
      provider text not null default 'quickbooks_online',
      environment text not null check (environment in ('production', 'sandbox', 'custom')),
      client_id text not null,
      authorize_url text not null,
      token_url text not null,
      revoke_url text not null,
      api_base_url text not null,
      status text not null default 'not_connected'
        check (status in ('not_connected', 'connecting', 'connected', 'needs_reauthorization')),
      status_reason text,
      status_changed_at timestamptz(3) not null default now(),
      realm_id text,
      company_name text,
      connected_at timestamptz(3),
      last_error text,
      last_error_at timestamptz(3),
      access_token_expires_at timestamptz(3),
      refresh_token_expires_at timestamptz(3),
      -- The token refresh lock: one process at a time, across every process sharing the database.
      refresh_locked_until timestamptz(3),
      refresh_locked_by text,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    )`,
    // The single-use half of a signed OAuth state: the callback consumes its row.
    `create table oauth_states (
      nonce text primary key,
      company_id uuid not null references companies (id) on delete cascade,
      redirect_uri text not null,
      return_to text,
      expires_at timestamptz(3) not null,
      used_at timestamptz(3),
      created_at timestamptz(3) not null default now()
    )`,
    "create index oauth_states_expiry on oauth_states (expires_at)",
    // A row per request sent to a provider's API, per budget key (the realm): the last minute's rows
    // count against the rate, the unreleased ones against the concurrency.
    `create table request_budget (
      id bigint generated always as identity primary key,
      budget_key text not null,
      started_at timestamptz(3) not null,
      lease_until timestamptz(3) not null,
      released_at timestamptz(3)
    )`,
    "create index request_budget_window on request_budget (budget_key, started_at)",
    "create index request_budget_open on request_budget (budget_key) where released_at is null",
  ],
};
