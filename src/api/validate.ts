// Request parts (params, query, non-record bodies) are checked with strict zod schemas; every issue is
// reported by its JSON pointer so a client can find the offending field without parsing prose.
import type { z } from "zod";
import type { FieldIssue } from "../host/result.ts";

export function toPointer(path: readonly PropertyKey[], prefix = ""): string {
  return (
    prefix +
    path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("")
  );
}

export function zodIssues(error: z.ZodError, prefix = ""): FieldIssue[] {
  return error.issues.map((i) => ({ path: toPointer(i.path, prefix), message: i.message }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): Parsed<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: zodIssues(r.error, prefix) };
}
