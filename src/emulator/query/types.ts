// The parsed form of an Intuit query statement:
//   SELECT * | count(*) | Field[, Field...] FROM Entity
//     [WHERE Field Op Value [AND ...]] [ORDERBY Field [ASC|DESC][, ...]]
//     [STARTPOSITION n] [MAXRESULTS n]

export type Scalar = string | number | boolean;

export type Operator = "=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE";

export interface Condition {
  /** Field path as written, split on dots: `MetaData.LastUpdatedTime` → ["MetaData", "LastUpdatedTime"]. */
  path: string[];
  op: Operator;
  /** A list only for IN. The string " " (one space) stands for null, as Intuit documents. */
  value: Scalar | Scalar[];
}

export interface SortKey {
  path: string[];
  descending: boolean;
}

export type Selection = { kind: "all" } | { kind: "count" } | { kind: "fields"; paths: string[][] };

export interface ParsedQuery {
  select: Selection;
  /** Entity name as written; the caller resolves it (Intuit treats it case-insensitively). */
  entity: string;
  where: Condition[];
  orderBy: SortKey[];
  /** 1-based, default 1. */
  startPosition: number;
  /** Default 100, at most 1000. */
  maxResults: number;
}

/**
 * A query Intuit would refuse, with the fault fields it sends: 4000 "Error parsing query" with a
 * `QueryParserError: ...` detail for syntax, 4001 "Invalid query" with `QueryValidationError: ...` for a
 * well-formed query that asks for something impossible.
 */
export interface QueryError {
  ok: false;
  code: "4000" | "4001";
  message: string;
  detail: string;
}

export type ParseResult = { ok: true; query: ParsedQuery } | QueryError;

export interface QueryResult<T> {
  rows: T[];
  startPosition: number;
  /** The number of rows returned, which is what Intuit's `maxResults` attribute reports. */
  maxResults: number;
  /** Only for count(*): the number of matching rows. */
  count?: number;
}
