// The write path every entity shares: create, full and sparse update, delete and void, with Id and
// SyncToken checks, the closed-books rule, server-owned fields and MetaData. Entity rules live in
// ./entities; this module decides only what happens in which order.
import { findUnrecognized } from "./entities/fields.ts";
import { postLedger } from "./entities/ledger.ts";
import { bookCloseDate, type Ctx, type EntitySpec, isObject, str } from "./entities/spec.ts";
import { fault } from "./faults.ts";
import type { QboObject } from "./store/company.ts";
import { formatTimestamp } from "./time.ts";

/** Fields the server owns on every entity; a client's values are dropped. */
const SERVER_FIELDS = ["Id", "SyncToken", "MetaData", "domain", "sparse", "status"];

/** A list entity's Preferences-like groups are merged, not replaced, on update. */
const MERGED_GROUPS = new Set(["Preferences"]);

export function read(ctx: Ctx, spec: EntitySpec, id: string): QboObject {
  const obj = ctx.company.get(spec.name, id);
  if (!obj) throw fault.objectNotFound();
  return obj;
}

function bodyObject(body: unknown, spec: EntitySpec): Record<string, unknown> {
  if (!isObject(body)) throw fault.invalidProperty(`the request body must be a ${spec.name} object`);
  // Some clients wrap the entity in its own name, as batch items do.
  const inner = body[spec.name];
  const entity = isObject(inner) && Object.keys(body).length === 1 ? inner : body;
  const unknown = findUnrecognized(spec.name, entity);
  if (unknown) throw fault.unrecognizedField(unknown.field, unknown.cls, unknown.known);
  return entity;
}

/**
 * An empty string in a date or an amount means "not given": Intuit's Python client sends
 * `"DueDate": ""`, `"ShipDate": ""`, `"TxnDate": ""` and `"TotalAmt": ""` on every invoice it creates,
 * and Intuit accepts them as absent.
 */
function emptyMeansAbsent(key: string, value: unknown): boolean {
  return value === "" && (key.endsWith("Date") || key.endsWith("Amt"));
}

function writable(body: Record<string, unknown>, spec: EntitySpec): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (SERVER_FIELDS.includes(key) || spec.readOnly.includes(key)) continue;
    if (emptyMeansAbsent(key, value)) continue;
    draft[key] = value;
  }
  return draft;
}

function idOf(body: Record<string, unknown>): string | undefined {
  const id = str(body.Id)?.trim();
  return id ? id : undefined;
}

/** The stored object an update, delete or void addresses, after the SyncToken check. */
function current(ctx: Ctx, spec: EntitySpec, body: Record<string, unknown>): QboObject {
  const id = idOf(body);
  if (!id) throw fault.requiredParam("Id");
  const prev = ctx.company.get(spec.name, id);
  if (!prev || ctx.hidden?.has(`${spec.name}:${id}`)) {
    if (ctx.company.isDeleted(spec.name, id)) throw fault.deletedTransaction();
    throw fault.objectNotFound();
  }
  const token = str(body.SyncToken)?.trim();
  if (!token) throw fault.requiredParam("SyncToken");
  if (token !== prev.SyncToken) throw fault.staleObject();
  return prev;
}

function checkBooksOpen(ctx: Ctx, spec: EntitySpec, ...dates: unknown[]): void {
  if (spec.kind !== "transaction") return;
  const closed = bookCloseDate(ctx.company);
  if (!closed) return;
  for (const d of dates) {
    if (typeof d === "string" && d <= closed) throw fault.accountPeriodClosed();
  }
}

function commit(
  ctx: Ctx,
  spec: EntitySpec,
  draft: Record<string, unknown>,
  prev: QboObject | undefined,
  operation: "Create" | "Update" | "Void",
): QboObject {
  const stamp = formatTimestamp(ctx.now);
  const prevMeta = isObject(prev?.MetaData) ? prev.MetaData : undefined;
  const obj = {
    ...draft,
    domain: "QBO",
    sparse: false,
    Id: prev?.Id ?? ctx.company.nextId(spec.sequence),
    SyncToken: prev ? String(Number(prev.SyncToken) + 1) : "0",
    MetaData: { CreateTime: prevMeta?.CreateTime ?? stamp, LastUpdatedTime: stamp },
  } as QboObject;
  ctx.company.put(spec.name, obj, ctx.now);
  ctx.changes.push({ entity: spec.name, id: obj.Id, operation, lastUpdated: stamp });
  spec.effects?.(ctx, obj, prev);
  if (spec.kind === "transaction") postLedger(ctx, spec.name, obj, prev);
  return obj;
}

/**
 * Create (no Id), full update, or sparse update (`"sparse": true`). `forceUpdate` is set by
 * `?operation=update`, which requires an Id.
 */
export function save(ctx: Ctx, spec: EntitySpec, rawBody: unknown, forceUpdate = false): QboObject {
  const body = bodyObject(rawBody, spec);
  const isUpdate = forceUpdate || idOf(body) !== undefined || spec.kind === "singleton";
  if (spec.kind === "readonly") throw fault.unsupportedOperation(isUpdate ? "Update" : "Create");
  if (!isUpdate) {
    const draft = writable(body, spec);
    spec.normalize(ctx, draft, undefined);
    checkBooksOpen(ctx, spec, draft.TxnDate);
    return commit(ctx, spec, draft, undefined, "Create");
  }
  if (spec.kind === "singleton" && !idOf(body)) throw fault.requiredParam("Id");
  const prev = current(ctx, spec, body);
  const sparse = body.sparse === true && !spec.sparseIgnored;
  const input = writable(body, spec);
  let draft: Record<string, unknown>;
  if (MERGED_GROUPS.has(spec.name)) {
    draft = writable(prev, spec);
    for (const [group, value] of Object.entries(input)) {
      draft[group] = isObject(value) && isObject(draft[group]) ? { ...draft[group], ...value } : value;
    }
  } else if (sparse) {
    draft = { ...writable(prev, spec), ...input };
  } else {
    draft = input;
  }
  spec.normalize(ctx, draft, prev);
  checkBooksOpen(ctx, spec, draft.TxnDate, prev.TxnDate);
  return commit(ctx, spec, draft, prev, "Update");
}

export interface DeletedStub {
  status: "Deleted";
  domain: "QBO";
  Id: string;
}

export function remove(ctx: Ctx, spec: EntitySpec, rawBody: unknown): DeletedStub {
  if (!spec.deletable) throw fault.unsupportedOperation("Delete");
  const body = bodyObject(rawBody, spec);
  const prev = current(ctx, spec, body);
  checkBooksOpen(ctx, spec, prev.TxnDate);
  spec.beforeRemove?.(ctx, prev, "Delete");
  const stamp = formatTimestamp(ctx.now);
  ctx.company.remove(spec.name, prev.Id, ctx.now, stamp);
  ctx.changes.push({ entity: spec.name, id: prev.Id, operation: "Delete", lastUpdated: stamp });
  spec.effects?.(ctx, undefined, prev);
  if (spec.kind === "transaction") postLedger(ctx, spec.name, undefined, prev);
  return { status: "Deleted", domain: "QBO", Id: prev.Id };
}

export function voidTxn(ctx: Ctx, spec: EntitySpec, rawBody: unknown): QboObject {
  if (!spec.voidable || !spec.voided) throw fault.unsupportedOperation("Void");
  const body = bodyObject(rawBody, spec);
  const prev = current(ctx, spec, body);
  checkBooksOpen(ctx, spec, prev.TxnDate);
  spec.beforeRemove?.(ctx, prev, "Void");
  const voided = spec.voided(ctx, prev);
  const draft = writable(voided, spec);
  for (const field of spec.readOnly) if (voided[field] !== undefined) draft[field] = voided[field];
  return commit(ctx, spec, draft, prev, "Void");
}
