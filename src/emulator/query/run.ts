// Evaluates a parsed query over stored objects, comparing values the way QuickBooks does as far as it
// is documented or observed:
// - Strings compare case-insensitively. Not stated by Intuit; chosen because QuickBooks' own name
//   uniqueness ignores case and SQL Server-style collations are case-insensitive. Unverified.
// - LIKE supports only "%" (Intuit data queries page); "_" is an ordinary character; case-insensitive.
// - Dates (`TxnDate > '2024-01-01'`) and date-times (`MetaData.LastUpdatedTime >= '2015-03-01T12:00:00-08:00'`,
//   the form Intuit's CDC guidance uses) compare as instants when both sides parse as ISO 8601.
// - Numbers compare numerically when the stored value is a JSON number (amounts) or the field is an
//   id (`Id`, a reference's `value`), which QuickBooks keeps numeric; other strings (DocNumber)
//   compare as text.
// - Booleans match true/false, quoted or not (`Active = true`, `Active IN (true, false)`).
// - References compare on their `value` (`CustomerRef = '42'`), e-mail and phone objects on their text
//   (`PrimaryEmailAddr = 'a@b.com'`).
// - `' '` (one space) stands for null (Intuit data queries page): it matches an absent or empty field.
// - Field names resolve case-insensitively, as Intuit treats attribute names.
import type { Condition, ParsedQuery, QueryResult, Scalar, SortKey } from "./types.ts";

type Row = Record<string, unknown>;

export interface RunOptions {
  /**
   * Leave out rows whose `Active` is false unless the query filters on Active. Intuit's name lists
   * (Customer, Vendor, Item, Account...) behave this way as reported; the caller decides per entity.
   */
  activeOnlyByDefault?: boolean;
}

const NULL_LITERAL = " ";

function lookup(row: unknown, path: readonly string[]): unknown {
  let current: unknown = row;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    const obj = current as Row;
    if (segment in obj) {
      current = obj[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
    current = key === undefined ? undefined : obj[key];
  }
  return current;
}

/** The comparable value of a field: references by id, e-mail and phone objects by their text. */
function scalarOf(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Row;
    for (const key of ["value", "Address", "FreeFormNumber", "URI"]) if (key in obj) return obj[key];
  }
  return value;
}

function isIdPath(path: readonly string[], raw: unknown): boolean {
  const last = path[path.length - 1]?.toLowerCase() ?? "";
  return (
    last === "id" ||
    last.endsWith("ref") ||
    (raw !== null && typeof raw === "object" && "value" in (raw as Row))
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parsed timestamps, remembered: stored MetaData times do not change between queries, and parsing
 * them dominates date filters over large lists. Cleared wholesale when it grows past its bound.
 */
const instants = new Map<string, number | undefined>();
const INSTANT_CACHE_LIMIT = 200_000;

function asInstant(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  if (instants.has(value)) return instants.get(value);
  let ms: number | undefined;
  if (ISO_DATE.test(value)) {
    // Intuit writes offsets both as -08:00 and -0800 (webhooks); Date.parse needs the colon.
    const parsed = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    ms = Number.isNaN(parsed) ? undefined : parsed;
  }
  if (instants.size >= INSTANT_CACHE_LIMIT) instants.clear();
  instants.set(value, ms);
  return ms;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A query literal with its readings worked out once per query rather than once per row. */
interface Literal {
  value: Scalar;
  lower: string;
  number: number | undefined;
  instant: number | undefined;
}

function literal(value: Scalar): Literal {
  return { value, lower: String(value).toLowerCase(), number: asNumber(value), instant: asInstant(value) };
}

/**
 * Orders a stored value against a query literal: negative, zero or positive, or undefined when the
 * two cannot be compared (an absent field never matches, except the null literal).
 */
function compare(stored: unknown, lit: Literal, numeric: boolean): number | undefined {
  if (stored === undefined || stored === null) return undefined;
  if (typeof stored === "boolean" || typeof lit.value === "boolean") {
    const a = String(stored).toLowerCase();
    return a === lit.lower ? 0 : a < lit.lower ? -1 : 1;
  }
  if ((numeric || typeof stored === "number") && lit.number !== undefined) {
    const a = asNumber(stored);
    if (a !== undefined) return a - lit.number;
  }
  if (lit.instant !== undefined) {
    const t = asInstant(stored);
    if (t !== undefined) return t - lit.instant;
  }
  if (typeof stored === "object") return undefined;
  const a = String(stored).toLowerCase();
  return a === lit.lower ? 0 : a < lit.lower ? -1 : 1;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("%")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
  return new RegExp(`^${body}$`, "i");
}

function isNullish(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

const ACCEPT: Record<Exclude<Condition["op"], "IN" | "LIKE">, (order: number) => boolean> = {
  "=": (o) => o === 0,
  "<": (o) => o < 0,
  ">": (o) => o > 0,
  "<=": (o) => o <= 0,
  ">=": (o) => o >= 0,
};

/** Turns a condition into a row predicate, doing the per-query work (regex, literal parsing) once. */
function compile(condition: Condition): (row: Row) => boolean {
  const { path } = condition;
  if (condition.op === "LIKE") {
    const re = likeToRegExp(String(condition.value));
    return (row) => {
      const stored = scalarOf(lookup(row, path));
      return typeof stored === "string" && re.test(stored);
    };
  }
  const accept = condition.op === "IN" ? ACCEPT["="] : ACCEPT[condition.op];
  const literals = (Array.isArray(condition.value) ? condition.value : [condition.value]).map(literal);
  return (row) => {
    const raw = lookup(row, path);
    const stored = scalarOf(raw);
    const numeric = isIdPath(path, raw);
    return literals.some((lit) => {
      if (lit.value === NULL_LITERAL) return accept(0) && isNullish(stored);
      const order = compare(stored, lit, numeric);
      return order !== undefined && accept(order);
    });
  };
}

function sortRows<T extends Row>(rows: T[], keys: readonly SortKey[]): T[] {
  if (keys.length === 0) return rows;
  const decorated = rows.map((row, index) => ({
    row,
    index,
    values: keys.map((k) => {
      const raw = lookup(row, k.path);
      const value = scalarOf(raw);
      // Each value read once as a literal, so comparisons during the sort parse nothing.
      const asLiteral = isNullish(value)
        ? undefined
        : literal(typeof value === "object" ? String(value) : (value as Scalar));
      return { value, asLiteral, numeric: isIdPath(k.path, raw) };
    }),
  }));
  decorated.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const a = x.values[i];
      const b = y.values[i];
      const key = keys[i];
      if (!a || !b || !key) continue;
      // Absent values sort last in either direction, so paging never starts with empty rows.
      const aMissing = isNullish(a.value);
      const bMissing = isNullish(b.value);
      if (aMissing || bMissing) {
        if (aMissing !== bMissing) return aMissing ? 1 : -1;
        continue;
      }
      const order = b.asLiteral ? (compare(a.value, b.asLiteral, a.numeric && b.numeric) ?? 0) : 0;
      if (order !== 0) return key.descending ? -order : order;
    }
    return x.index - y.index;
  });
  return decorated.map((d) => d.row);
}

/** Copies the selected fields; the result is what Intuit calls a sparse object. */
function project(row: Row, paths: readonly string[][]): Row {
  const out: Row = {};
  for (const path of paths) {
    const value = lookup(row, path);
    if (value === undefined) continue;
    let target = out;
    let source = row;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] as string;
      // Keep the stored spelling of each key, whatever case the query used.
      const key = Object.keys(source).find((k) => k.toLowerCase() === segment.toLowerCase()) ?? segment;
      if (i === path.length - 1) {
        target[key] = value;
        break;
      }
      source = source[key] as Row;
      const existing = target[key];
      const next: Row = existing && typeof existing === "object" ? (existing as Row) : {};
      target[key] = next;
      target = next;
    }
  }
  if ("domain" in row) out.domain = row.domain;
  out.sparse = true;
  return out;
}

export function runQuery<T extends Row>(
  query: ParsedQuery,
  rows: readonly T[],
  options: RunOptions = {},
): QueryResult<T | Row> {
  const filterActive =
    options.activeOnlyByDefault === true &&
    !query.where.some((c) => c.path.join(".").toLowerCase() === "active");
  const predicates = query.where.map(compile);
  const selected = rows.filter(
    (row) => (!filterActive || row.Active !== false) && predicates.every((p) => p(row)),
  );
  if (query.select.kind === "count") {
    return { rows: [], startPosition: query.startPosition, maxResults: 0, count: selected.length };
  }
  const sorted = sortRows(selected, query.orderBy);
  const page = sorted.slice(query.startPosition - 1, query.startPosition - 1 + query.maxResults);
  const select = query.select;
  const out = select.kind === "fields" ? page.map((r) => project(r, select.paths)) : page;
  return { rows: out, startPosition: query.startPosition, maxResults: out.length };
}

/**
 * The `QueryResponse` body Intuit sends for a result: `{}` when nothing matched (no entity key, no
 * paging attributes; observed, DETAILS.md §10), `{ totalCount }` for count(*), otherwise the entity
 * array with `startPosition` and `maxResults`.
 */
export function toQueryResponse(entity: string, result: QueryResult<unknown>): Record<string, unknown> {
  if (result.count !== undefined) return { totalCount: result.count };
  if (result.rows.length === 0) return {};
  return { [entity]: result.rows, startPosition: result.startPosition, maxResults: result.maxResults };
}
