// Expected failures travel as values, not exceptions: a caller must look at `ok` before it can reach the
// value. `Result` is generic over the codes a part can fail with, so a service's signature says which
// failures it has; every code is a stable string the HTTP API returns as it is (api/problem.ts gives
// each one its status, once).

export type Ok<T> = { ok: true; value: T };
export type Err<C extends string> = { ok: false; error: Failure<C> };
export type Result<T, C extends string> = Ok<T> | Err<C>;

export interface FieldIssue {
  /** JSON pointer (RFC 6901) to the offending value, "" for the whole body: "/lines/0/quantity". */
  path: string;
  message: string;
}

export interface Failure<C extends string> {
  code: C;
  message: string;
  issues?: FieldIssue[];
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string, issues?: FieldIssue[]): Err<C> {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}
