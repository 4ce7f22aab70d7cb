// Host webhooks: the URLs a host registers to hear about its records (synced, failed, held, created by
// Ledgerlink), and a delivery log with every attempt's outcome. Each endpoint's signing secret is
// sealed in `secrets`, never here.
import type { Migration } from "../migrate.ts";

export const webhooks: Migration = {
  version: 9,
  name: "webhooks",
  statements: [
    `create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references companies (id) on delete cascade,
      url text not null,
      events text[],
      created_at timestamptz(3) not null default now()
    )`,
    "create index webhook_endpoints_company on webhook_endpoints (company_id)",
    `create table webhook_deliveries (
      id bigint generated always as identity primary key,
      endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
      company_id uuid not null references companies (id) on delete cascade,
      event_id uuid not null,
      event_type text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      last_status_code integer,
      last_error text,
      created_at timestamptz(3) not null default now(),
      delivered_at timestamptz(3)
    )`,
    "create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id desc)",
  ],
};
