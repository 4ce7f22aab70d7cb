// The records browser's pages: a collection's records with the values its list shows (a document's
// date, its customer's name, its total and open balance), sorted by any of them and paged by number.
// Unlike the change feed (records.ts), these pages are a view for people: they may shift while someone
// pages through them, and that is fine; "page 3 of 20" and "last page" need offsets, not cursors.
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import {
  countRecords,
  filteredRecords,
  type ListFilter,
  type StoredRecord,
  toStoredRecord,
} from "./records.ts";
import type { Tables } from "./tables.ts";

type Db = Kysely<Tables>;

/**
 * Where a list column's value comes from. Declared as data by the read views (src/admin) and turned
 * into SQL here, so one expression both shows a value and sorts by it.
 */
export type ValueSource =
  /** A top-level text field of the record's data, such as `date` (ISO dates sort as text). */
  | { kind: "text"; field: string }
  /** A top-level decimal field, such as a payment's `amount`. */
  | { kind: "number"; field: string }
  /** The title of the record a reference field points at, or the reference itself when it is missing. */
  | { kind: "name"; field: string; target: string; titleField: string }
  /** The sum of one decimal field over the record's lines (a journal entry's debits). */
  | { kind: "lines-sum"; field: string }
  /** A document's stated total; when absent, its lines plus tax and delivery fee less the discount. */
  | { kind: "total" }
  /** What is still owed: the total less `amountPaid`, or less the live payments applied to it. */
  | { kind: "balance"; paid: { field: string } | { appliedBy: string; appliedField: string } };

export interface BrowseSort {
  /** A key of `values`, or one of the record's own columns. */
  by: string;
  direction: "asc" | "desc";
}

/** Sort keys every list has besides its values: last change, external id, sync status, title. */
export const recordSortKeys = ["updated", "externalId", "sync", "title"] as const;

export interface BrowseInput {
  filter: ListFilter;
  /** The field whose text is the record's title (sorting by "title"). */
  titleField: string;
  values: Record<string, ValueSource>;
  sort: BrowseSort;
  offset: number;
  limit: number;
}

export interface BrowseRow {
  record: StoredRecord;
  /** Each of the input's values for this record, as text (decimals keep their digits); null when absent. */
  values: Record<string, string | null>;
}

const num = (path: RawBuilder<unknown>) => sql<string>`(${path})::numeric`;
const field = (name: string) => sql<string>`records.data->>${name}`;
const linesSum = (name: string) =>
  sql<string>`(select coalesce(sum((l->>${name})::numeric), 0) from jsonb_array_elements(coalesce(records.data->'lines', '[]'::jsonb)) l)`;
const documentTotal = sql<string>`coalesce(${num(field("total"))}, ${linesSum("amount")} + coalesce(${num(
  field("taxAmount"),
)}, 0) + coalesce(${num(field("deliveryFee"))}, 0) - coalesce(${num(field("discount"))}, 0))`;

/** The SQL of a value; "name" and applied-payment balances read the joins browsePage adds for them. */
function expressionOf(key: string, source: ValueSource): RawBuilder<unknown> {
  switch (source.kind) {
    case "text":
      return field(source.field);
    case "number":
      return num(field(source.field));
    case "name":
      return sql`coalesce(${sql.ref(`ref_${key}.title`)}, ${field(source.field)})`;
    case "lines-sum":
      return linesSum(source.field);
    case "total":
      return documentTotal;
    case "balance":
      return "field" in source.paid
        ? sql`${documentTotal} - coalesce(${num(field(source.paid.field))}, 0)`
        : sql`${documentTotal} - coalesce(${sql.ref(`paid_${key}.amount`)}, 0)`;
  }
}

/** A page of records sorted by one of the values or columns, with the total number of matches. */
export async function browsePage(db: Db, input: BrowseInput): Promise<{ rows: BrowseRow[]; total: number }> {
  const { filter, values, sort } = input;
  const keys = Object.keys(values);
  // biome-ignore lint/suspicious/noExplicitAny: joins add aliases the static table type cannot name
  let query: any = filteredRecords(db, filter).selectAll("records");
  for (const key of keys) {
    const source = values[key] as ValueSource;
    if (source.kind === "name") {
      // A referenced record's title, looked up through the records' own unique key.
      query = query.leftJoin(
        db
          .selectFrom("records")
          // Named apart from the records' own columns, which the filter refers to unqualified.
          .select(["external_id as ref_id", sql<string>`data->>${source.titleField}`.as("title")])
          .where("company_id", "=", filter.companyId)
          .where("collection", "=", source.target)
          .where("deleted_at", "is", null)
          .as(`ref_${key}`),
        (join: { onRef: (a: string, op: string, b: Expression<unknown>) => unknown }) =>
          join.onRef(`ref_${key}.ref_id`, "=", field(source.field)),
      );
    }
    if (source.kind === "balance" && "appliedBy" in source.paid) {
      // Payments applied to each document, summed once for the whole company rather than per row.
      const { appliedBy, appliedField } = source.paid;
      query = query.leftJoin(
        db
          .selectFrom(["records", sql`jsonb_array_elements(records.data->'applications')`.as("a")])
          .select([
            sql<string>`a.value->>${appliedField}`.as("paid_id"),
            sql<string>`sum((a.value->>'amount')::numeric)`.as("amount"),
          ])
          .where("company_id", "=", filter.companyId)
          .where("collection", "=", appliedBy)
          .where("deleted_at", "is", null)
          .groupBy(sql`1`)
          .as(`paid_${key}`),
        (join: { onRef: (a: string, op: string, b: string) => unknown }) =>
          join.onRef(`paid_${key}.paid_id`, "=", "records.external_id"),
      );
    }
  }
  for (const key of keys) {
    query = query.select(
      sql<string | null>`(${expressionOf(key, values[key] as ValueSource)})::text`.as(`v_${key}`),
    );
  }
  const direction = sort.direction === "asc" ? sql`asc` : sql`desc`;
  const terms: RawBuilder<unknown>[] =
    sort.by in values
      ? [sortable(values[sort.by] as ValueSource, expressionOf(sort.by, values[sort.by] as ValueSource))]
      : sort.by === "externalId"
        ? [sql`lower(records.external_id)`]
        : sort.by === "sync"
          ? [sql`records.sync_status`]
          : sort.by === "title"
            ? titleOrder(input.titleField)
            : [sql`records.updated_at`];
  for (const term of terms) query = query.orderBy(sql`${term} ${direction} nulls last`);
  const [rows, total] = await Promise.all([
    query.orderBy(sql`records.id ${direction}`).offset(input.offset).limit(input.limit).execute() as Promise<
      Record<string, unknown>[]
    >,
    countRecords(db, filter),
  ]);
  return {
    rows: rows.map((row) => ({
      record: toStoredRecord(row as Parameters<typeof toStoredRecord>[0]),
      values: Object.fromEntries(keys.map((k) => [k, (row[`v_${k}`] as string | null) ?? null])),
    })),
    total,
  };
}

/**
 * Names sort regardless of case. Document numbers ("INV-999", "INV-1000") sort shorter first, so
 * numbers of one series come in numeric order rather than as text would put them.
 */
function titleOrder(titleField: string): RawBuilder<unknown>[] {
  const title = sql`coalesce(${field(titleField)}, records.external_id)`;
  return titleField === "number" ? [sql`length(${title})`, sql`lower(${title})`] : [sql`lower(${title})`];
}

/** Names sort regardless of case; numbers and dates as they are. */
function sortable(source: ValueSource, expression: RawBuilder<unknown>): RawBuilder<unknown> {
  return source.kind === "name" ? sql`lower(${expression})` : expression;
}
