// EDI: connections (where files come from and go to), trading partners, the control numbers we have
// used with each, the files picked up or sent, and every message, inbound and outbound.
//
// Two constraints carry guarantees the flows rely on. `edi_files_identity` records a picked-up file by
// connection, name and content digest in the same transaction as its messages, so a file met again
// after a crash (stored, not yet archived) is recognised and never processed twice. And
// `edi_messages_po_accepted` lets at most one inbound 850 per partner and PO number be accepted,
// whatever the files it came in.
import type { Migration } from "../migrate.ts";

export const edi: Migration = {
  version: 5,
  name: "edi",
  statements: [
    `create table edi_connections (
      id uuid primary key,
      company_id uuid not null references companies (id) on delete cascade,
      name text not null,
      active boolean not null default true,
      our_qualifier text not null,
      our_id text not null,
      transport text not null check (transport in ('folder', 'sftp')),
      settings jsonb not null,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      constraint edi_connections_name unique (company_id, name)
    )`,
    `create table edi_partners (
      id uuid primary key,
      company_id uuid not null references companies (id) on delete cascade,
      connection_id uuid not null references edi_connections (id) on delete cascade,
      name text not null,
      active boolean not null default true,
      customer_external_id text not null,
      qualifier text not null,
      interchange_id text not null,
      application_id text,
      version text not null default '00401' check (version in ('00401', '00501')),
      separators jsonb,
      wants_855 boolean not null default false,
      wants_810 boolean not null default false,
      auto_accept boolean not null default false,
      overdue_after_minutes integer not null default 1440 check (overdue_after_minutes > 0),
      locations jsonb not null default '[]',
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      constraint edi_partners_name unique (company_id, name),
      constraint edi_partners_identity unique (connection_id, qualifier, interchange_id)
    )`,
    `create table edi_control_numbers (
      partner_id uuid not null references edi_partners (id) on delete cascade,
      direction text not null check (direction in ('inbound', 'outbound')),
      kind text not null check (kind in ('interchange', 'group', 'set')),
      last_value bigint not null,
      updated_at timestamptz(3) not null default now(),
      primary key (partner_id, direction, kind)
    )`,
    `create table edi_files (
      id bigint generated always as identity primary key,
      company_id uuid not null references companies (id) on delete cascade,
      connection_id uuid not null references edi_connections (id) on delete cascade,
      direction text not null check (direction in ('inbound', 'outbound')),
      name text not null,
      sha256 text not null,
      size integer not null,
      status text not null check (status in ('processed', 'failed', 'sent')),
      error text,
      created_at timestamptz(3) not null default now(),
      constraint edi_files_identity unique (connection_id, direction, name, sha256)
    )`,
    `create table edi_messages (
      id bigint generated always as identity primary key,
      company_id uuid not null references companies (id) on delete cascade,
      connection_id uuid references edi_connections (id) on delete set null,
      partner_id uuid references edi_partners (id) on delete set null,
      file_id bigint references edi_files (id) on delete set null,
      direction text not null check (direction in ('inbound', 'outbound')),
      type text not null,
      status text not null check (status in ('new', 'needs_attention', 'accepted', 'rejected', 'sent',
        'acknowledged', 'overdue', 'error')),
      sender_qualifier text not null,
      sender_id text not null,
      receiver_qualifier text not null,
      receiver_id text not null,
      interchange_control text not null,
      group_control text,
      set_control text,
      functional_id text,
      reference text,
      raw text not null,
      parsed jsonb,
      problems jsonb not null default '[]',
      reasons jsonb not null default '[]',
      record_collection text,
      record_external_id text,
      acknowledged_by bigint references edi_messages (id) on delete set null,
      due_at timestamptz(3),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    )`,
    "create index edi_messages_list on edi_messages (company_id, id desc)",
    "create index edi_messages_partner on edi_messages (partner_id, type, reference)",
    "create index edi_messages_record on edi_messages (company_id, record_collection, record_external_id)",
    "create index edi_messages_due on edi_messages (due_at) where status = 'sent'",
    `create unique index edi_messages_po_accepted on edi_messages (partner_id, reference)
      where direction = 'inbound' and type = '850' and status = 'accepted'`,
  ],
};
