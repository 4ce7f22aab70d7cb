// The data API's resources below /v3/company/{realmId}/: entity reads and writes, /query, /batch and
// /cdc. Each returns the JSON body and status Intuit would; transport concerns (auth, limits,
// idempotency, injected faults) are handled around it in ./data.ts.
import { specByAnyCase, specByName } from "../entities/registry.ts";
import type { Ctx, EntitySpec } from "../entities/spec.ts";
import { isObject, str } from "../entities/spec.ts";
import { fault, faultBody, QboFault } from "../faults.ts";
import { read, remove, save, voidTxn } from "../operations.ts";
import { report } from "../reports/reports.ts";
import { formatResponseTime } from "../time.ts";
import { cdcResponse } from "./cdc.ts";
import { queryResponse } from "./query.ts";
import { createTaxCode } from "./tax-service.ts";

export interface DataRequest {
  method: string;
  /** Path below /v3/company/{realmId}/, without the query string. */
  rest: string;
  query: Record<string, string | undefined>;
  /** The raw request body. */
  body: string;
  /** The full URL, for Intuit's "resource not found" detail. */
  url: string;
}

export interface DataResponse {
  status: number;
  body: Record<string, unknown>;
}

export const MAX_BATCH_ITEMS = 30;

function ok(ctx: Ctx, body: Record<string, unknown>): DataResponse {
  return { status: 200, body: { ...body, time: formatResponseTime(ctx.now) } };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") throw fault.invalidProperty("the request body is empty");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fault.invalidProperty(`the request body is not valid JSON (${(e as Error).message})`);
  }
}

function notFound(req: DataRequest, realmId: string): QboFault {
  return fault.unsupportedOperation(
    `Could not find resource for relative : /v3/company/${realmId}/${req.rest} of full path: ${req.url}`,
  );
}

/** The `operation` and `include` query parameters decide between save, delete and void. */
function write(ctx: Ctx, spec: EntitySpec, req: DataRequest): Record<string, unknown> {
  const operation = req.query.operation?.toLowerCase();
  const body = parseJson(req.body);
  if (operation === "delete") return { [spec.name]: remove(ctx, spec, body) };
  if (operation === "void" || (operation === "update" && ctx.include.has("void"))) {
    return { [spec.name]: voidTxn(ctx, spec, body) };
  }
  if (operation !== undefined && operation !== "update" && operation !== "create") {
    throw fault.unsupportedOperation(operation);
  }
  return { [spec.name]: save(ctx, spec, body, operation === "update") };
}

export function handleData(ctx: Ctx, req: DataRequest): DataResponse {
  try {
    return route(ctx, req);
  } catch (e) {
    const f = e instanceof QboFault ? e : fault.systemFailure(e instanceof Error ? e.message : String(e));
    return { status: f.status, body: faultBody(f, ctx.now) };
  }
}

function route(ctx: Ctx, req: DataRequest): DataResponse {
  const realmId = ctx.company.realmId;
  const segments = req.rest.split("/").filter(Boolean);
  const head = segments[0]?.toLowerCase() ?? "";
  const method = req.method.toUpperCase();
  if (head === "query" && segments.length === 1) {
    const text = method === "GET" ? (req.query.query ?? "") : req.body;
    return ok(ctx, { QueryResponse: queryResponse(ctx.company, text) });
  }
  if (head === "batch" && segments.length === 1 && method === "POST") {
    return ok(ctx, { BatchItemResponse: batch(ctx, parseJson(req.body)) });
  }
  if (head === "cdc" && segments.length === 1 && method === "GET") {
    return ok(ctx, {
      CDCResponse: cdcResponse(ctx.company, ctx.now, req.query.entities, req.query.changedSince),
    });
  }
  if (
    head === "taxservice" &&
    segments[1]?.toLowerCase() === "taxcode" &&
    segments.length === 2 &&
    method === "POST"
  ) {
    // The tax service answers its own object, without the `time` wrapper of entity responses.
    return { status: 200, body: createTaxCode(ctx, parseJson(req.body)) };
  }
  if (head === "reports" && segments.length === 2 && method === "GET") {
    // A report is its own document ({Header, Columns, Rows}), without the `time` wrapper.
    const body = report(ctx.company, ctx.now, segments[1] ?? "", req.query);
    if (!body) throw notFound(req, realmId);
    return { status: 200, body: { ...body } };
  }
  const spec = specByAnyCase(head);
  if (!spec) throw notFound(req, realmId);
  if (method === "GET") {
    if (spec.name === "Preferences" && segments.length === 1)
      return ok(ctx, { Preferences: read(ctx, spec, "1") });
    if (segments.length !== 2) throw notFound(req, realmId);
    let id = segments[1] ?? "";
    // CompanyInfo is read by the realm id and stored as object 1.
    if (spec.name === "CompanyInfo" && id === realmId) id = "1";
    return ok(ctx, { [spec.name]: read(ctx, spec, id) });
  }
  if (method === "POST" && segments.length === 1) return ok(ctx, write(ctx, spec, req));
  throw notFound(req, realmId);
}

/**
 * `/batch`: up to 30 items, each answered under its own bId, a failing item as a Fault inside the
 * HTTP 200. Items run in order but do not see what earlier items created, as Intuit documents.
 */
function batch(ctx: Ctx, body: unknown): Record<string, unknown>[] {
  const items = isObject(body) ? body.BatchItemRequest : undefined;
  if (!Array.isArray(items) || items.length === 0) throw fault.malformedRequest("Batch Request is Empty");
  if (items.length > MAX_BATCH_ITEMS) {
    throw fault.malformedRequest(
      `Batch Request has ${items.length} items. The maximum number of payloads in a single batch request is ${MAX_BATCH_ITEMS}`,
    );
  }
  const hidden = new Set<string>();
  const itemCtx: Ctx = { ...ctx, hidden };
  return items.map((item) => {
    const bId = isObject(item) ? str(item.bId) : undefined;
    try {
      if (!isObject(item)) throw fault.invalidProperty("a batch item must be an object");
      if (!bId) throw fault.requiredParam("bId");
      const out = batchItem(itemCtx, item, hidden);
      return { bId, ...out };
    } catch (e) {
      if (!(e instanceof QboFault)) throw e;
      return { ...(bId !== undefined ? { bId } : {}), Fault: e.toFault() };
    }
  });
}

function batchItem(ctx: Ctx, item: Record<string, unknown>, hidden: Set<string>): Record<string, unknown> {
  if (typeof item.Query === "string")
    return { QueryResponse: queryResponse(ctx.company, item.Query, hidden) };
  const entityKey = Object.keys(item).find((k) => k !== "bId" && k !== "operation" && k !== "optionsData");
  const spec = entityKey ? specByName(entityKey) : undefined;
  if (!spec || !entityKey) throw fault.invalidProperty(`no entity in batch item`);
  const operation = (str(item.operation) ?? "create").toLowerCase();
  const payload = item[entityKey];
  const options = (str(item.optionsData) ?? "").toLowerCase();
  const changesBefore = ctx.changes.length;
  let result: Record<string, unknown>;
  if (operation === "delete") result = { ...remove(ctx, spec, payload) };
  else if (options === "void" || operation === "void") result = voidTxn(ctx, spec, payload);
  else if (operation === "create" || operation === "update")
    result = save(ctx, spec, payload, operation === "update");
  else throw fault.unsupportedOperation(operation);
  for (const change of ctx.changes.slice(changesBefore)) {
    if (change.operation === "Create") hidden.add(`${change.entity}:${change.id}`);
  }
  return { [spec.name]: result };
}
