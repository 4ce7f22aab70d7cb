// Row types of every table, as Kysely sees them. Column names are snake_case in SQL and here; the
// repositories map rows to the camelCase shapes the rest of the product uses.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { EdiDirection, EdiMessageStatus, EdiTransportKind } from "#domain/edi.ts";
import type { ReferenceKey } from "#domain/references.ts";
import type { SyncStatus } from "#domain/sync-status.ts";

/** A jsonb column: read as parsed JSON, written as JSON text (both drivers accept text for jsonb). */
export type JsonColumn<T> = ColumnType<T, string, string>;
/** A timestamptz column the database fills by default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface CompaniesTable {
  id: string;
  name: string;
  home_currency: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  company_id: string;
  /** First characters of the key, shown in lists so a key can be recognised without revealing it. */
  prefix: string;
  /** sha256 of the whole key (keys are long random strings, so a fast hash is enough). */
  key_hash: string;
  label: string | null;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface AdminUsersTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SessionsTable {
  /** sha256 of the session token; the token itself lives only in the browser's cookie. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface RecordsTable {
  id: Generated<number>;
  company_id: string;
  collection: string;
  external_id: string;
  version: ColumnType<number, number | undefined, number>;
  content_hash: string;
  data: JsonColumn<Record<string, unknown>>;
  deleted_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  sync_status: ColumnType<SyncStatus, SyncStatus | undefined, SyncStatus>;
  sync_qbo_id: string | null;
  sync_last_error: string | null;
  sync_last_synced_at: NullableTimestamp;
  /** The writing transaction's id (xid8, as text): the record's position in the change feed. */
  change_xid: Generated<string>;
  /** The records its data names: [{"collection", "externalId"}, …] (src/domain/references.ts referenceKeys). */
  refs: ColumnType<ReferenceKey[], string | undefined, string>;
}

export interface SyncLinksTable {
  record_id: number;
  provider: string;
  company_id: string;
  remote_type: string | null;
  remote_id: string | null;
  /** The provider's version of the remote object (QuickBooks' SyncToken). */
  remote_version: string | null;
  /** The record's version and content hash last pushed. */
  pushed_version: number | null;
  pushed_hash: string | null;
  /** Counts the pushes of new content; a retried write of the same generation is the same request. */
  generation: ColumnType<number, number | undefined, number>;
  status: ColumnType<SyncStatus, SyncStatus | undefined, SyncStatus>;
  reason: string | null;
  last_error: string | null;
  last_pushed_at: NullableTimestamp;
  updated_at: CreatedAt;
}

/** A name in the provider's lists as the engine last saw it (migration 012). */
export interface RemoteNamesTable {
  company_id: string;
  provider: string;
  remote_type: string;
  remote_id: string;
  name: string;
  /** The name under the provider's uniqueness rule: two names with one key cannot both exist. */
  name_key: string;
  active: boolean;
}

/** The provider's time of the last look at its name lists, per company. */
export interface RemoteNameViewsTable {
  company_id: string;
  provider: string;
  through: Date;
  updated_at: CreatedAt;
}

export interface SyncSettingsTable {
  company_id: string;
  provider: string;
  settings: JsonColumn<Record<string, unknown>>;
  updated_at: CreatedAt;
}

export interface SyncSettingChangesTable {
  id: Generated<number>;
  company_id: string;
  provider: string;
  at: CreatedAt;
  setting: string;
  old_value: JsonColumn<unknown> | null;
  new_value: JsonColumn<unknown> | null;
  changed_by: string | null;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  company_id: string;
  url: string;
  /** Event types the endpoint hears; null for all. */
  events: string[] | null;
  created_at: CreatedAt;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: string;
  company_id: string;
  event_id: string;
  event_type: string;
  payload: JsonColumn<Record<string, unknown>>;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: NullableTimestamp;
}

export type SyncOutcome = "synced" | "failed" | "held" | "retrying" | "linked";

export interface SyncHistoryTable {
  id: Generated<number>;
  record_id: number;
  provider: string;
  company_id: string;
  at: CreatedAt;
  operation: string;
  generation: number;
  sent: JsonColumn<unknown> | null;
  outcome: SyncOutcome;
  code: string | null;
  message: string | null;
  remote_id: string | null;
}

/**
 * `waiting`: parked on a condition or until a time; `blocked`: behind an earlier unfinished job with
 * the same ordering key. Only `queued` jobs are claimed.
 */
export type JobState = "queued" | "waiting" | "blocked" | "running" | "succeeded" | "failed";

export interface JobsTable {
  id: Generated<number>;
  company_id: string | null;
  type: string;
  payload: JsonColumn<unknown>;
  /** Jobs with the same key coalesce while queued or blocked: enqueueing again updates the waiting one. */
  key: string | null;
  /** Jobs with the same ordering key run one at a time, in id order. */
  ordering_key: string | null;
  /** Higher is claimed first. */
  priority: ColumnType<number, number | undefined, number>;
  /** The condition (job_conditions.name) a waiting job waits on; null when it waits for run_at. */
  waiting_on: string | null;
  /** The job's own retry budget; null: the workers' default. */
  retry_for_ms: number | null;
  /** When the current run of failures began; null while it has not failed since it last waited. */
  failing_since: NullableTimestamp;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number | null;
  run_at: CreatedAt;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  finished_at: NullableTimestamp;
  /** The bulk request or import that queued it (job_batches); null for a job of its own. */
  batch_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type JobRunOutcome = "running" | "succeeded" | "failed" | "retrying" | "waiting";

export interface JobRunsTable {
  id: Generated<number>;
  job_id: number;
  type: string;
  company_id: string | null;
  attempt: number;
  worker: string;
  started_at: CreatedAt;
  finished_at: NullableTimestamp;
  outcome: JobRunOutcome;
  counts: JsonColumn<Record<string, number> | null> | null;
  error: string | null;
  /** The job's payload when this attempt started. */
  payload: JsonColumn<unknown> | null;
  /** The job's batch when this attempt started. */
  batch_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The jobs one bulk request or CSV import queued, shown together in the job history. */
export interface JobBatchesTable {
  id: Generated<string>;
  company_id: string | null;
  kind: JobBatchKind;
  collection: string;
  /** Records the request wrote. */
  size: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export type JobBatchKind = "bulk" | "import";

export interface SecretsTable {
  /** null for installation-wide secrets (the QuickBooks app's client secret). */
  company_id: string | null;
  name: string;
  /** AES-256-GCM sealed value (see src/secrets). */
  sealed: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export type ConnectionStatus = "not_connected" | "connecting" | "connected" | "needs_reauthorization";
export type ConnectionEnvironment = "production" | "sandbox" | "custom";

export interface ConnectionsTable {
  company_id: string;
  provider: ColumnType<string, string | undefined, string>;
  environment: ConnectionEnvironment;
  client_id: string;
  authorize_url: string;
  token_url: string;
  revoke_url: string;
  api_base_url: string;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined, ConnectionStatus>;
  status_reason: string | null;
  status_changed_at: CreatedAt;
  realm_id: string | null;
  company_name: string | null;
  connected_at: NullableTimestamp;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  access_token_expires_at: NullableTimestamp;
  refresh_token_expires_at: NullableTimestamp;
  refresh_locked_until: NullableTimestamp;
  refresh_locked_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface OAuthStatesTable {
  nonce: string;
  company_id: string;
  redirect_uri: string;
  return_to: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface RequestBudgetTable {
  id: Generated<string>;
  budget_key: string;
  started_at: Timestamp;
  lease_until: Timestamp;
  released_at: NullableTimestamp;
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface EdiConnectionsTable {
  id: string;
  company_id: string;
  name: string;
  active: Defaulted<boolean>;
  our_qualifier: string;
  our_id: string;
  transport: EdiTransportKind;
  /** The transport's settings without its secrets (those are in `secrets`, sealed). */
  settings: JsonColumn<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface EdiPartnersTable {
  id: string;
  company_id: string;
  connection_id: string;
  name: string;
  active: Defaulted<boolean>;
  customer_external_id: string;
  qualifier: string;
  interchange_id: string;
  application_id: string | null;
  version: Defaulted<"00401" | "00501">;
  separators: JsonColumn<Record<string, string> | null> | null;
  wants_855: Defaulted<boolean>;
  wants_810: Defaulted<boolean>;
  auto_accept: Defaulted<boolean>;
  overdue_after_minutes: Defaulted<number>;
  locations: ColumnType<{ partnerLocationId: string; locationCode: string }[], string | undefined, string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface EdiControlNumbersTable {
  partner_id: string;
  direction: EdiDirection;
  kind: "interchange" | "group" | "set";
  /** bigint: read as a string by both drivers. */
  last_value: ColumnType<string, number | string, number | string>;
  updated_at: CreatedAt;
}

export interface EdiFilesTable {
  id: Generated<string>;
  company_id: string;
  connection_id: string;
  direction: EdiDirection;
  name: string;
  sha256: string;
  size: number;
  status: "processed" | "failed" | "sent";
  error: string | null;
  created_at: CreatedAt;
}

export interface EdiMessagesTable {
  id: Generated<string>;
  company_id: string;
  connection_id: string | null;
  partner_id: string | null;
  file_id: string | null;
  direction: EdiDirection;
  type: string;
  status: EdiMessageStatus;
  sender_qualifier: string;
  sender_id: string;
  receiver_qualifier: string;
  receiver_id: string;
  interchange_control: string;
  group_control: string | null;
  set_control: string | null;
  functional_id: string | null;
  /** The document's own number: the PO number of an 850, the shipment id of an 856. */
  reference: string | null;
  raw: string;
  parsed: JsonColumn<unknown> | null;
  problems: ColumnType<unknown[], string | undefined, string>;
  reasons: ColumnType<unknown[], string | undefined, string>;
  record_collection: string | null;
  record_external_id: string | null;
  acknowledged_by: string | null;
  due_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: CreatedAt;
}

export interface JobConditionsTable {
  name: string;
  reason: string | null;
  /** When the condition clears by itself; null: when cleared. */
  until: NullableTimestamp;
  set_at: CreatedAt;
}

/** One row per ordering key, locked while jobs of the key are enqueued or finished. */
export interface JobOrderingKeysTable {
  key: string;
}

export interface EdiSsccTable {
  company_id: string;
  gs1_prefix: string;
  extension_digit: ColumnType<string, string | undefined, string>;
  /** bigint: read as a string by both drivers. */
  last_serial: ColumnType<string, never, string>;
  updated_at: CreatedAt;
}

export interface Tables {
  companies: CompaniesTable;
  api_keys: ApiKeysTable;
  admin_users: AdminUsersTable;
  sessions: SessionsTable;
  records: RecordsTable;
  jobs: JobsTable;
  job_runs: JobRunsTable;
  job_batches: JobBatchesTable;
  job_conditions: JobConditionsTable;
  job_ordering_keys: JobOrderingKeysTable;
  secrets: SecretsTable;
  sync_links: SyncLinksTable;
  remote_names: RemoteNamesTable;
  remote_name_views: RemoteNameViewsTable;
  sync_history: SyncHistoryTable;
  sync_settings: SyncSettingsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  sync_setting_changes: SyncSettingChangesTable;
  connections: ConnectionsTable;
  oauth_states: OAuthStatesTable;
  request_budget: RequestBudgetTable;
  edi_connections: EdiConnectionsTable;
  edi_partners: EdiPartnersTable;
  edi_control_numbers: EdiControlNumbersTable;
  edi_files: EdiFilesTable;
  edi_messages: EdiMessagesTable;
  schema_migrations: SchemaMigrationsTable;
  edi_sscc: EdiSsccTable;
}

export type CompanyRow = Selectable<CompaniesTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AdminUserRow = Selectable<AdminUsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type RecordRow = Selectable<RecordsTable>;
export type NewRecordRow = Insertable<RecordsTable>;
export type RecordRowUpdate = Updateable<RecordsTable>;
export type JobRow = Selectable<JobsTable>;
export type JobRunRow = Selectable<JobRunsTable>;
export type SecretRow = Selectable<SecretsTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
