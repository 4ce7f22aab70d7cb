// The failure codes of each part's services, declared in one place. A part's services return
// `Result<T, ThatPartsCode>`; the HTTP layer maps the union of all of them to statuses once
// (api/problem.ts), so adding a code here without giving it a status fails the typecheck.

/** Record intake and CSV import (`host`). */
export type HostErrorCode =
  | "unknown_collection"
  | "invalid_record"
  | "invalid_external_id"
  | "record_not_found"
  | "too_many_records"
  | "invalid_cursor"
  | "company_not_found"
  | "import_not_supported"
  | "invalid_request";

/** Companies, API keys, sign-in and the web app's read views (`admin`). */
export type AdminErrorCode =
  | "unknown_collection"
  | "invalid_external_id"
  | "record_not_found"
  | "invalid_cursor"
  | "company_not_found"
  | "invalid_company"
  | "company_name_taken"
  | "key_not_found"
  | "user_not_found"
  | "invalid_credentials"
  | "invalid_request";

/** Connections, trading partners and messages (`edi`). */
export type EdiErrorCode =
  | "company_not_found"
  | "invalid_connection"
  | "invalid_partner"
  | "invalid_sscc_settings"
  | "connection_exists"
  | "partner_exists"
  | "connection_not_found"
  | "connection_not_sftp"
  | "connection_in_use"
  | "connection_inactive"
  | "partner_not_found"
  | "partner_in_use"
  | "customer_not_found"
  | "message_not_found"
  | "message_not_acceptable"
  | "message_not_rejectable"
  | "secret_key_missing"
  | "invalid_request";

/** A company's connection to QuickBooks: settings, OAuth, disconnecting (`sync`). */
export type ConnectionErrorCode =
  | "company_not_found"
  | "invalid_connection_settings"
  | "connection_not_configured"
  | "disconnect_first"
  | "invalid_oauth_state"
  | "authorization_refused"
  | "realm_mismatch"
  | "provider_unavailable";

/** Push settings, exports and retries (`sync`). */
export type SyncErrorCode =
  | "company_not_found"
  | "record_not_found"
  | "unknown_collection"
  | "invalid_settings"
  | "switch_refused"
  | "not_connected"
  | "provider_unavailable";

/** Host webhooks (`sync`). */
export type WebhookErrorCode = "invalid_webhook" | "webhook_not_found";

/** Every code a service below the HTTP layer can fail with. */
export type ServiceErrorCode =
  | HostErrorCode
  | AdminErrorCode
  | EdiErrorCode
  | ConnectionErrorCode
  | SyncErrorCode
  | WebhookErrorCode;
