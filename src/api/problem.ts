// Every error the HTTP API answers is an RFC 9457 problem document (`application/problem+json`) carrying
// a stable string `code`. Service error codes pass through unchanged; this module only decides the status,
// once for the union of every part's codes and the HTTP layer's own.
import type { FastifyReply } from "fastify";
import type { ServiceErrorCode } from "#domain/errors.ts";
import type { Failure, FieldIssue } from "#domain/result.ts";

export type ApiErrorCode =
  | ServiceErrorCode
  | "invalid_request"
  | "invalid_json"
  | "payload_too_large"
  | "unsupported_media_type"
  | "missing_api_key"
  | "invalid_api_key"
  | "api_key_in_query"
  | "not_signed_in"
  | "csrf_token_invalid"
  | "too_many_attempts"
  | "request_timeout"
  | "not_found"
  | "internal_error";

const statusByCode: Record<ApiErrorCode, number> = {
  unknown_collection: 404,
  invalid_record: 400,
  invalid_external_id: 400,
  record_not_found: 404,
  too_many_records: 413,
  invalid_cursor: 400,
  company_not_found: 404,
  invalid_company: 400,
  company_name_taken: 409,
  key_not_found: 404,
  invalid_credentials: 401,
  user_not_found: 404,
  invalid_settings: 400,
  switch_refused: 409,
  invalid_webhook: 400,
  webhook_not_found: 404,
  not_connected: 409,
  import_not_supported: 404,
  invalid_connection: 400,
  invalid_partner: 400,
  invalid_sscc_settings: 400,
  connection_exists: 409,
  partner_exists: 409,
  connection_not_found: 404,
  connection_not_sftp: 409,
  connection_in_use: 409,
  connection_inactive: 409,
  partner_in_use: 409,
  partner_not_found: 404,
  customer_not_found: 400,
  message_not_found: 404,
  message_not_acceptable: 409,
  message_not_rejectable: 409,
  secret_key_missing: 500,
  invalid_connection_settings: 400,
  connection_not_configured: 409,
  disconnect_first: 409,
  invalid_oauth_state: 400,
  authorization_refused: 400,
  realm_mismatch: 409,
  provider_unavailable: 502,
  invalid_request: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  missing_api_key: 401,
  invalid_api_key: 401,
  api_key_in_query: 400,
  not_signed_in: 401,
  csrf_token_invalid: 403,
  too_many_attempts: 429,
  request_timeout: 408,
  not_found: 404,
  internal_error: 500,
};

const titleByStatus: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ApiErrorCode;
  detail: string;
  errors?: FieldIssue[];
}

export function statusOf(code: ApiErrorCode): number {
  return statusByCode[code];
}

export function problem(code: ApiErrorCode, detail: string, errors?: FieldIssue[]): Problem {
  const status = statusByCode[code];
  const body: Problem = {
    // Resolves to the error table of the API reference served by this same server.
    type: `/api/docs#error-${code}`,
    title: titleByStatus[status] ?? "Error",
    status,
    code,
    detail,
  };
  if (errors && errors.length > 0) body.errors = errors;
  return body;
}

export function sendProblem(reply: FastifyReply, code: ApiErrorCode, detail: string, errors?: FieldIssue[]) {
  const body = problem(code, detail, errors);
  return reply.code(body.status).type("application/problem+json").send(body);
}

export function sendServiceError(reply: FastifyReply, error: Failure<ServiceErrorCode>) {
  return sendProblem(reply, error.code, error.message, error.issues);
}

export const allErrorCodes = Object.keys(statusByCode) as ApiErrorCode[];
