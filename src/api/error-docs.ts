// When each error code happens, in words, for the API reference (/api/docs) — declared beside the
// codes' statuses so a new code without an explanation fails the typecheck.
import type { ApiErrorCode } from "./problem.ts";

export const whenByCode: Record<ApiErrorCode, string> = {
  unknown_collection: "The URL names a collection that does not exist (see Collections).",
  invalid_record:
    "The record, or a record of a bulk request, fails validation; `errors` lists every field by JSON pointer. Nothing was written.",
  invalid_external_id:
    "The id in the URL (or a bulk entry's `externalId`) is empty, longer than 128 characters, holds `/`, `\\`, a control character or a lone surrogate, is `.` or `..`, or is not percent-encoded UTF-8.",
  record_not_found: "No record with that id in your company (a record of another company is never visible).",
  too_many_records: "A bulk request carries more than 1,000 records; split it.",
  invalid_cursor:
    "The `cursor` is not one this list returned: not base64url JSON, the wrong shape, or a position out of range.",
  company_not_found: "The company named (admin API) does not exist.",
  invalid_company: "The company's fields are not valid (admin API); `errors` lists them.",
  company_name_taken: "Another company already has this name (admin API).",
  key_not_found: "No API key with that id (admin API).",
  invalid_credentials: "Sign-in with a wrong username or password (admin API).",
  user_not_found: "No web app user of that name (admin API: unlocking a sign-in).",
  invalid_settings: "The QuickBooks push settings are not valid (admin API); `errors` lists them.",
  switch_refused:
    "A push switch cannot be turned off while an object that needs it is on (admin API); the message names it.",
  invalid_webhook:
    "A webhook registration is not valid (its URL, secret or events); `errors` names each field.",
  webhook_not_found: "No webhook of this company has that id.",
  not_connected: "The action needs a QuickBooks connection, and the company has none.",
  import_not_supported: "CSV import of a collection that is not reference data; send those records as JSON.",
  invalid_connection: "The EDI connection's settings are not valid (admin API); `errors` lists them.",
  invalid_partner: "The trading partner's settings are not valid (admin API); `errors` lists them.",
  invalid_sscc_settings:
    "The GS1 company prefix or SSCC extension digit is not valid (admin API); `errors` names the field.",
  connection_exists: "An EDI connection of that name already exists (admin API).",
  partner_exists: "A trading partner of that name or identity already exists (admin API).",
  connection_not_found: "No EDI connection of that name (admin API).",
  connection_not_sftp:
    "The action is for an SFTP connection (its host key), and this one uses folders (admin API).",
  connection_in_use:
    "Deleting an EDI connection that partners, files or messages refer to; deactivate it instead (admin API).",
  connection_inactive: "Polling an EDI connection that is inactive; activate it first (admin API).",
  partner_not_found: "No trading partner of that name (admin API).",
  partner_in_use:
    "Deleting a trading partner that has messages or used control numbers; deactivate it instead (admin API).",
  customer_not_found: "The trading partner names a customer that has not been sent yet (admin API).",
  message_not_found: "No EDI message with that id (admin API).",
  message_not_acceptable:
    "The EDI message cannot be accepted yet (something is unmapped) or was accepted before (admin API).",
  message_not_rejectable:
    "Only a received 850 that is new or needs attention can be rejected; this one is not (admin API).",
  secret_key_missing: "A secret must be sealed but the server has no secret key configured.",
  invalid_connection_settings:
    "The QuickBooks connection settings have bad fields (admin API); `errors` lists them.",
  connection_not_configured: "Connecting to QuickBooks before the app's client id and secret are saved.",
  disconnect_first: "Changing the app or environment of a live QuickBooks connection; disconnect first.",
  invalid_oauth_state:
    "The QuickBooks sign-in came back with a state this server did not issue, or one used before.",
  authorization_refused: "QuickBooks refused the authorisation, or its answer was incomplete.",
  realm_mismatch:
    "Reconnecting chose a different QuickBooks company than the one connected; disconnect first to switch.",
  provider_unavailable: "QuickBooks did not answer, or answered with an error; try again later.",
  invalid_request:
    "A query parameter or a non-record request body is not valid; `errors` lists each by JSON pointer (`/limit`).",
  invalid_json: "The body is not JSON, or is empty where a method needs one (PUT, POST).",
  payload_too_large:
    "The body is over the limit: 1 MiB for a record, 16 MiB for a bulk request, 64 MiB for a CSV file.",
  unsupported_media_type:
    "A JSON body sent without `Content-Type: application/json` (as text/plain, or with none); or JSON sent to a CSV import, which takes text/csv.",
  missing_api_key: "No `Authorization: Bearer <api key>` header.",
  invalid_api_key: "The API key is unknown or has been revoked.",
  api_key_in_query:
    "An API key was sent in the URL's query string (`?api_key=`); send it in the Authorization header.",
  not_signed_in: "The admin API was called without a valid session (or it expired).",
  csrf_token_invalid:
    "A change in the admin API (logout included) without the session's `x-csrf-token` header.",
  too_many_attempts:
    "More than 10 sign-in attempts for one username from one address within 15 minutes; wait for `Retry-After`.",
  request_timeout: "The request arrived too slowly; nothing was written and the connection closes.",
  not_found: "No endpoint at that method and path.",
  internal_error:
    "A fault on the server; it is logged, and nothing was written (a CSV import keeps the batches it wrote before the fault).",
};
