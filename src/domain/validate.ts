// One entry point for checking a host's record: every problem at once, each named by its JSON pointer.
import type { z } from "zod";
import { type CollectionName, collections, type RecordData } from "./collections.ts";
import type { FieldIssue } from "./result.ts";
import { cleanText } from "./text.ts";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function validateRecord<C extends CollectionName>(
  collection: C,
  body: unknown,
): ValidationResult<RecordData<C>> {
  return validateWith(collections[collection].schema as unknown as z.ZodType<RecordData<C>>, body);
}

/**
 * Checks any input (a record, a request body, a query string): text that cannot be stored is refused
 * and the rest is normalised to NFC before the schema sees it (src/domain/text.ts), then every schema
 * issue is reported, each saying what was expected and what came.
 */
export function validateWith<T>(schema: z.ZodType<T>, body: unknown): ValidationResult<T> {
  const text = cleanText(body);
  // reportInput keeps the offending value on each issue, so a wrong type is told from a missing field.
  const result = schema.safeParse(text.value, { reportInput: true });
  if (text.issues.length === 0) {
    return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error) };
  }
  const flagged = new Set(text.issues.map((i) => i.path));
  const rest = result.success ? [] : toIssues(result.error).filter((i) => !flagged.has(i.path));
  return { ok: false, issues: [...text.issues, ...rest] };
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
    for (const inner of branch) if (inner.code === "invalid_type") expected.add(typeName(inner.expected));
  }
  if (expected.size === 0) return issue.message;
  if (issue.input === undefined) return "is required";
  return `must be ${article([...expected].join(" or "))}, got ${describeValue(issue.input)}`;
}

function messageFor(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    // zod coerces query parameters before checking them: "abc" arrives here as NaN.
    const received = (issue as { received?: unknown }).received;
    const got = received === "NaN" ? "text that is not a number" : describeValue(issue.input);
    if (issue.path.length === 0 && issue.expected === "object") return `must be a JSON object, got ${got}`;
    if (issue.input === undefined && received !== "NaN") return "is required";
    return `must be ${article(typeName(issue.expected))}, got ${got}`;
  }
  // zod's own wording ("Too small: expected number to be >=1") for limits a schema did not word itself.
  if ((issue.code === "too_small" || issue.code === "too_big") && /^Too (small|big):/.test(issue.message)) {
    return boundMessage(issue);
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return issue.message;
}

function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const bound = small
    ? (issue as z.core.$ZodIssueTooSmall).minimum
    : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  const word = small ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
  const unit =
    issue.origin === "string"
      ? " characters"
      : issue.origin === "array" || issue.origin === "set"
        ? " items"
        : "";
  const verb = issue.origin === "array" || issue.origin === "set" ? "must have" : "must be";
  return `${verb} ${word} ${String(bound)}${unit}`;
}

/** zod's type names as a reader knows them. */
function typeName(expected: string): string {
  return expected === "int" ? "whole number" : expected;
}

/** What came instead, in words: "a number", "an array", "null". */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "a number" : `the number ${value}`;
  if (typeof value === "object") return "an object";
  return article(typeof value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
