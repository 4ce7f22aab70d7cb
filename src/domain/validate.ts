// One entry point for checking a host's record: every problem at once, each named by its JSON pointer.
import type { z } from "zod";
import { type CollectionName, collections, type RecordData } from "./collections.ts";
import type { FieldIssue } from "./result.ts";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function validateRecord<C extends CollectionName>(
  collection: C,
  body: unknown,
): ValidationResult<RecordData<C>> {
  return validateWith(collections[collection].schema as unknown as z.ZodType<RecordData<C>>, body);
}

export function validateWith<T>(schema: z.ZodType<T>, body: unknown): ValidationResult<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: toIssues(result.error) };
}

export function toIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      // One entry per unknown key, so each can be pointed at and fixed on its own.
      for (const key of issue.keys)
        issues.push({ path: toJsonPointer([...issue.path, key]), message: "is not a known field" });
    } else if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // Money fields accept text or numbers; "expected string or number" reads better than zod's union report.
      issues.push({ path: toJsonPointer(issue.path), message: unionMessage(issue) });
    } else {
      issues.push({ path: toJsonPointer(issue.path), message: messageFor(issue) });
    }
  }
  return issues;
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion): string {
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) if (inner.code === "invalid_type") expected.add(String(inner.expected));
  }
  return expected.size > 0 ? `must be a ${[...expected].join(" or ")}` : issue.message;
}

function messageFor(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (issue.path.length === 0) return `must be a JSON object`;
    if (issue.input === undefined) return "is required";
    return `must be ${article(String(issue.expected))}`;
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return issue.message;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
