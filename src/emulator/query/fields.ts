// Checks the fields a parsed query names against what the entity offers, as Intuit does before it runs
// anything: a field the entity does not have is `Property X not found for Entity Y`; one it has but that
// Intuit's reference does not mark filterable (in WHERE), sortable (in ORDERBY) or either (in a field
// list) is `property 'X' is not queryable`. Both are 4001 "Invalid query" (DETAILS.md §11). The
// catalogue of fields comes from the caller, so this module still knows no entity.
import { validationError } from "./parse.ts";
import type { ParsedQuery, QueryError } from "./types.ts";

export interface FieldCatalogue {
  /** Whether the entity has this property path at all (names compared without case). */
  has(path: readonly string[]): boolean;
  /** Lower-cased dotted paths allowed in WHERE. */
  filterable: ReadonlySet<string>;
  /** Lower-cased dotted paths allowed in ORDERBY. */
  sortable: ReadonlySet<string>;
}

export function notFoundError(field: string, entity: string): QueryError {
  return validationError(`QueryValidationError: Property ${field} not found for Entity ${entity}`);
}

export function notQueryableError(field: string): QueryError {
  return validationError(`QueryValidationError: property '${field}' is not queryable`);
}

function check(
  path: readonly string[],
  allowed: (key: string) => boolean,
  entity: string,
  catalogue: FieldCatalogue,
): QueryError | undefined {
  const written = path.join(".");
  if (!catalogue.has(path)) return notFoundError(written, entity);
  return allowed(written.toLowerCase()) ? undefined : notQueryableError(written);
}

/** The first field the query may not use, in the order it is written, or undefined when all are fine. */
export function checkFields(
  query: ParsedQuery,
  entity: string,
  catalogue: FieldCatalogue,
): QueryError | undefined {
  const { filterable, sortable } = catalogue;
  if (query.select.kind === "fields") {
    const either = (key: string) => filterable.has(key) || sortable.has(key);
    for (const path of query.select.paths) {
      const error = check(path, either, entity, catalogue);
      if (error) return error;
    }
  }
  for (const condition of query.where) {
    const error = check(condition.path, (key) => filterable.has(key), entity, catalogue);
    if (error) return error;
  }
  for (const key of query.orderBy) {
    const error = check(key.path, (k) => sortable.has(k), entity, catalogue);
    if (error) return error;
  }
  return undefined;
}
