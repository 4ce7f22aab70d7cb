// What a company pushes and how: switches per object, real time or manual export, the go-live date,
// default accounts, tax code mapping. The settings are one JSON document per company and provider,
// validated by the sync part; every change of a setting is recorded (moving the go-live date must
// leave a trace).
import type { Migration } from "../migrate.ts";

export const syncSettings: Migration = {
  version: 6,
  name: "sync settings",
  statements: [
    `create table sync_settings (
      company_id uuid not null references companies (id) on delete cascade,
      provider text not null,
      settings jsonb not null,
      updated_at timestamptz(3) not null default now(),
      primary key (company_id, provider)
    )`,
    `create table sync_setting_changes (
      id bigint generated always as identity primary key,
      company_id uuid not null references companies (id) on delete cascade,
      provider text not null,
      at timestamptz(3) not null default now(),
      setting text not null,
      old_value jsonb,
      new_value jsonb,
      changed_by text
    )`,
    "create index sync_setting_changes_company on sync_setting_changes (company_id, provider, id desc)",
  ],
};
