// Request parts (params, query, non-record bodies) are checked with strict zod schemas; every issue is
// reported by its JSON pointer so a client can find the offending field without parsing prose.
import type { z } from "zod";
import type { FieldIssue } from "#domain/result.ts";
import { toIssues } from "#domain/validate.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: toIssues(r.error) };
}
