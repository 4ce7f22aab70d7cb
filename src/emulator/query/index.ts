export { checkFields, type FieldCatalogue, notFoundError, notQueryableError } from "./fields.ts";
export {
  DEFAULT_MAX_RESULTS,
  MAX_MAX_RESULTS,
  parseQuery,
  parserError,
  unknownEntityError,
  validationError,
} from "./parse.ts";
export { type RunOptions, runQuery, toQueryResponse } from "./run.ts";
export type {
  Condition,
  Operator,
  ParsedQuery,
  ParseResult,
  QueryError,
  QueryResult,
  Scalar,
  Selection,
  SortKey,
} from "./types.ts";
