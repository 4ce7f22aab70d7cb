// `/query`: Intuit's query language over a company's stored objects. Parsing and evaluation belong to
// ../query; this module resolves the entity and shapes the response and faults.
import { queryCatalogue } from "../entities/queryable.ts";
import { specByAnyCase } from "../entities/registry.ts";
import { QboFault } from "../faults.ts";
import type { QueryError } from "../query/index.ts";
import { checkFields, parseQuery, runQuery, toQueryResponse, unknownEntityError } from "../query/index.ts";
import type { Company } from "../store/company.ts";

function queryFault(error: QueryError): QboFault {
  return new QboFault(400, "ValidationFault", [
    { Message: error.message, Detail: error.detail, code: error.code },
  ]);
}

/** Runs one statement and returns the `QueryResponse` object, or throws the fault Intuit sends. */
export function queryResponse(
  company: Company,
  text: string,
  hidden?: ReadonlySet<string>,
): Record<string, unknown> {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw queryFault(parsed);
  const spec = specByAnyCase(parsed.query.entity);
  if (!spec) throw queryFault(unknownEntityError(parsed.query.entity));
  const invalid = checkFields(parsed.query, spec.name, queryCatalogue(spec.name));
  if (invalid) throw queryFault(invalid);
  let rows = company.all(spec.name);
  if (hidden && hidden.size > 0) rows = rows.filter((r) => !hidden.has(`${spec.name}:${r.Id}`));
  // Name and list queries leave inactive rows out unless the query asks about Active.
  const activeOnlyByDefault = spec.kind === "name" || spec.kind === "list";
  const result = runQuery(parsed.query, rows, { activeOnlyByDefault });
  return toQueryResponse(spec.name, result);
}
