// The engine's view of a provider's name lists per company (QuickBooks' customers, vendors, employees,
// items, accounts and terms): each name with the key QuickBooks' uniqueness rule gives it, brought up
// to date by change data capture since the last look, so a name about to be created is first looked
// up here. `remote_name_views` keeps the provider's time of that last look.
import type { Migration } from "../migrate.ts";

export const remoteNames: Migration = {
  version: 12,
  name: "remote names",
  statements: [
    `create table remote_names (
      company_id uuid not null references companies (id) on delete cascade,
      provider text not null,
      remote_type text not null,
      remote_id text not null,
      name text not null,
      name_key text not null,
      active boolean not null,
      primary key (company_id, provider, remote_type, remote_id)
    )`,
    "create index remote_names_key on remote_names (company_id, provider, name_key)",
    `create table remote_name_views (
      company_id uuid not null references companies (id) on delete cascade,
      provider text not null,
      through timestamptz(3) not null,
      updated_at timestamptz(3) not null default now(),
      primary key (company_id, provider)
    )`,
  ],
};
