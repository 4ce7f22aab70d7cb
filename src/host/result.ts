// Expected failures travel as values, not exceptions: a caller must look at `ok` before it can reach the
// value, and the error's `code` is a stable string the HTTP API returns as it is.

export type Ok<T> = { ok: true; value: T };
export type Err<E extends ServiceError = ServiceError> = { ok: false; error: E };
export type Result<T, E extends ServiceError = ServiceError> = Ok<T> | Err<E>;

export interface FieldIssue {
  /** JSON pointer into the request body, e.g. "/lines/0/quantity". */
  path: string;
  message: string;
}

export type ServiceErrorCode =
  | "unknown_collection"
  | "invalid_record"
  | "invalid_external_id"
  | "record_not_found"
  | "too_many_records"
  | "invalid_cursor"
  | "company_not_found"
  | "invalid_company"
  | "key_not_found"
  | "invalid_credentials"
  | "import_not_supported";

export interface ServiceError {
  code: ServiceErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err(code: ServiceErrorCode, message: string, issues?: FieldIssue[]): Err {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}
