// Request parts (params, query, non-record bodies) are checked with strict zod schemas; every issue is
// reported by its JSON pointer so a client can find the offending field without parsing prose.
import type { z } from "zod";
import type { FieldIssue } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const r = validateWith(schema as z.ZodType<z.output<S>>, input);
  return r.ok ? { ok: true, value: r.value } : { ok: false, issues: r.issues };
}
