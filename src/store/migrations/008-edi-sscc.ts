// The company's GS1 prefix for the SSCC-18s of cartons the host ships without one, and the last serial
// reference used. Serials only ever grow, also across a change of prefix, so no SSCC is made twice.
import type { Migration } from "../migrate.ts";

export const ediSscc: Migration = {
  version: 8,
  name: "edi sscc",
  statements: [
    `create table edi_sscc (
      company_id uuid primary key references companies (id) on delete cascade,
      gs1_prefix text not null check (gs1_prefix ~ '^[0-9]{7,10}$'),
      extension_digit text not null default '0' check (extension_digit ~ '^[0-9]$'),
      last_serial bigint not null default 0,
      updated_at timestamptz(3) not null default now()
    )`,
  ],
};
