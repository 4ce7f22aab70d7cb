// The host's records as the API sees them: validate, write, and queue the change for sync in the same
// transaction, so a record can never be saved without its push being queued.
import { z } from "zod";
import { type CollectionName, collections, isCollection } from "#domain/collections.ts";
import { ExternalId, normalizeExternalId } from "#domain/common.ts";
import type { HostErrorCode } from "#domain/errors.ts";
import { contentHash } from "#domain/hash.ts";
import type { ProblemFilter, ReferenceKey } from "#domain/references.ts";
import { err, type FieldIssue, ok, type Result } from "#domain/result.ts";
import type { SyncStatus } from "#domain/sync-status.ts";
import { describeValue, toIssues, validateRecord } from "#domain/validate.ts";
import { createJobBatch } from "#jobs/enqueue.ts";
import { isUuid } from "#store/companies.ts";
import { InvalidCursorError } from "#store/cursor.ts";
import type { Database } from "#store/database.ts";
import {
  bulkUpsert,
  deleteRecord as deleteStoredRecord,
  getRecord as getStoredRecord,
  listRecords as listStoredRecords,
  referencingRecords,
  type StoredRecord,
  upsertRecord,
} from "#store/records.ts";
import { transactionRetrying } from "#store/retry.ts";
import { enqueueRecordChanges } from "#sync/outbox.ts";
import { type RecordWarning, referenceWarnings } from "./references.ts";

/** The most records one bulk request may carry; more must be split so a transaction stays short. */
export const maxBulkRecords = 1000;

/** The body of a bulk request; each entry is checked on its own, so every problem carries its path. */
export const BulkEnvelope = z.strictObject({ records: z.array(z.unknown()) });

/** A bulk request as a client writes it (for the API reference): the envelope with its entries spelled out. */
export function bulkRequestSchema(collection: CollectionName) {
  return BulkEnvelope.extend({
    records: z
      .array(z.strictObject({ externalId: ExternalId, data: collections[collection].schema }))
      .max(maxBulkRecords),
  });
}

/** A record as the host API and the web app return it. */
export interface RecordView {
  externalId: string;
  version: number;
  hash: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  data: Record<string, unknown>;
  sync: {
    status: SyncStatus;
    quickbooksId: string | null;
    lastError: string | null;
    lastSyncedAt: string | null;
  };
  /** References to records that have not been sent yet, or have been deleted (src/host/references.ts). */
  warnings: RecordWarning[];
}

export function toRecordView(record: StoredRecord, warnings: RecordWarning[] = []): RecordView {
  return {
    externalId: record.externalId,
    version: record.version,
    hash: record.hash,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    deletedAt: record.deletedAt?.toISOString() ?? null,
    data: record.data,
    sync: {
      status: record.sync.status,
      quickbooksId: record.sync.quickbooksId,
      lastError: record.sync.lastError,
      lastSyncedAt: record.sync.lastSyncedAt?.toISOString() ?? null,
    },
    warnings,
  };
}

interface Target {
  companyId: string;
  collection: string;
}

export function checkCollection(collection: string): Result<CollectionName, "unknown_collection"> {
  if (!isCollection(collection)) {
    return err(
      "unknown_collection",
      `There is no collection "${collection}". Collections: ${Object.keys(collections).join(", ")}.`,
    );
  }
  return ok(collection);
}

/** The external id from a URL, normalised; an id no record can have is refused rather than not found. */
function urlExternalId(raw: string): Result<string, "invalid_external_id"> {
  const externalId = normalizeExternalId(raw);
  const issues = checkExternalId(externalId);
  return issues.length > 0
    ? err("invalid_external_id", "The external id in the URL is not valid.", issues)
    : ok(externalId);
}

function checkExternalId(externalId: string, path = ""): FieldIssue[] {
  const r = ExternalId.safeParse(externalId);
  return r.success ? [] : r.error.issues.map((i) => ({ path, message: `externalId ${i.message}` }));
}

/** A company id that is not even well formed is simply a company that does not exist. */
function companyExists(companyId: string): boolean {
  return isUuid(companyId);
}

export async function putRecord(
  db: Database,
  input: Target & { externalId: string; body: unknown },
): Promise<Result<{ record: RecordView; changed: boolean; created: boolean }, HostErrorCode>> {
  const collection = checkCollection(input.collection);
  if (!collection.ok) return collection;
  if (!companyExists(input.companyId)) return err("company_not_found", "No such company.");
  const id = urlExternalId(input.externalId);
  if (!id.ok) return id;
  const externalId = id.value;
  const valid = validateRecord(collection.value, input.body);
  if (!valid.ok) {
    return err(
      "invalid_record",
      `The ${collections[collection.value].singular} is not valid: ${valid.issues.length} problem(s). Nothing was written.`,
      valid.issues,
    );
  }
  const data = valid.value as Record<string, unknown>;
  const result = await transactionRetrying(db, async (trx) => {
    const written = await upsertRecord(trx, {
      companyId: input.companyId,
      collection: collection.value,
      externalId,
      data,
      hash: contentHash(data),
    });
    if (written.changed) {
      await enqueueRecordChanges(trx, input.companyId, collection.value, [
        { externalId, version: written.record.version },
      ]);
    }
    return written;
  });
  const [warnings] = await referenceWarnings(db.kysely, input.companyId, [
    { collection: collection.value, data },
  ]);
  return ok({
    record: toRecordView(result.record, warnings),
    changed: result.changed,
    created: result.created,
  });
}

type LocateError = "unknown_collection" | "record_not_found" | "invalid_external_id";

/** What reading or deleting one record checks first: a company that cannot exist has no such record. */
function locateRecord(
  input: Target & { externalId: string },
): Result<{ collection: CollectionName; externalId: string }, LocateError> {
  const collection = checkCollection(input.collection);
  if (!collection.ok) return collection;
  const id = urlExternalId(input.externalId);
  if (!id.ok) return id;
  if (!companyExists(input.companyId)) return recordNotFound(collection.value, input.externalId);
  return ok({ collection: collection.value, externalId: id.value });
}

function recordNotFound(collection: CollectionName, externalId: string) {
  return err("record_not_found", `No ${collections[collection].singular} with external id "${externalId}".`);
}

export async function getRecord(
  db: Database,
  input: Target & { externalId: string },
): Promise<Result<RecordView, LocateError>> {
  const target = locateRecord(input);
  if (!target.ok) return target;
  const { collection, externalId } = target.value;
  const record = await getStoredRecord(db.kysely, { companyId: input.companyId, collection, externalId });
  if (!record) return recordNotFound(collection, input.externalId);
  const [warnings] = await referenceWarnings(db.kysely, input.companyId, [{ collection, data: record.data }]);
  return ok(toRecordView(record, warnings));
}

/** The live records that name a record, one entry a collection (the answer to a DELETE). */
export interface ReferencedBy {
  collection: CollectionName;
  /** How many live records of this collection name the record. */
  count: number;
  /** The first `referencedByShown` of them, by external id. */
  externalIds: string[];
  /** The list of all of them: GET this path (`?references=`) with the same key. */
  list: string;
}

/** How many referencing records of each collection a DELETE answer names; the list link gives them all. */
export const referencedByShown = 20;

export async function deleteRecord(
  db: Database,
  input: Target & { externalId: string },
): Promise<Result<{ record: RecordView; changed: boolean; referencedBy: ReferencedBy[] }, LocateError>> {
  const target = locateRecord(input);
  if (!target.ok) return target;
  const { collection, externalId } = target.value;
  const result = await transactionRetrying(db, async (trx) => {
    const deleted = await deleteStoredRecord(trx, { companyId: input.companyId, collection, externalId });
    if (deleted?.changed) {
      await enqueueRecordChanges(trx, input.companyId, collection, [
        { externalId, version: deleted.record.version },
      ]);
    }
    return deleted;
  });
  if (!result) return recordNotFound(collection, input.externalId);
  const [warnings] = await referenceWarnings(db.kysely, input.companyId, [
    { collection, data: result.record.data },
  ]);
  return ok({
    record: toRecordView(result.record, warnings),
    changed: result.changed,
    referencedBy: await referencedBy(db, input.companyId, { collection, externalId }),
  });
}

/** The live records naming `key`, by collection, each with the list that gives them all. */
export async function referencedBy(
  db: Database,
  companyId: string,
  key: ReferenceKey,
): Promise<ReferencedBy[]> {
  const found = await referencingRecords(db.kysely, companyId, key, referencedByShown);
  const param = encodeURIComponent(referenceParam(key));
  return found.flatMap((r) =>
    isCollection(r.collection)
      ? [{ ...r, collection: r.collection, list: `/api/v1/${r.collection}?references=${param}` }]
      : [],
  );
}

/** A record as the `references` list filter names it: "customers/C-1001". */
export function referenceParam(key: ReferenceKey): string {
  return `${key.collection}/${key.externalId}`;
}

/** "customers/C-1001" read back; the external id may itself hold slashes. */
export function parseReferenceParam(value: string): Result<ReferenceKey, "invalid_request"> {
  const slash = value.indexOf("/");
  const collection = value.slice(0, Math.max(slash, 0));
  const externalId = normalizeExternalId(value.slice(slash + 1));
  if (slash < 1 || !isCollection(collection) || externalId === "") {
    return err("invalid_request", "The query string is not valid.", [
      {
        path: "/references",
        message: `must be a collection and an external id like "customers/C-1001", got "${value}"`,
      },
    ]);
  }
  return ok({ collection, externalId });
}

export interface ListInput extends Target {
  changedSince?: string | undefined;
  status?: SyncStatus | undefined;
  search?: string | undefined;
  deleted?: "exclude" | "include" | "only" | undefined;
  problems?: ProblemFilter | undefined;
  /** "customers/C-1001": records naming that record. */
  references?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface RecordList {
  items: RecordView[];
  /** More records now: pass it as `cursor` for the next page. */
  nextCursor: string | null;
  /** On the last page: pass it as `cursor` on the next poll to get every change made since. */
  pollCursor: string | null;
}

export async function listRecords(
  db: Database,
  input: ListInput,
): Promise<Result<RecordList, HostErrorCode>> {
  const collection = checkCollection(input.collection);
  if (!collection.ok) return collection;
  const references = input.references === undefined ? undefined : parseReferenceParam(input.references);
  if (references && !references.ok) return references;
  if (!companyExists(input.companyId)) return ok({ items: [], nextCursor: null, pollCursor: null });
  try {
    const page = await listStoredRecords(db.kysely, {
      companyId: input.companyId,
      collection: collection.value,
      changedSince: input.changedSince ? new Date(input.changedSince) : undefined,
      status: input.status,
      search: input.search,
      searchFields: collections[collection.value].searchFields,
      deleted: input.deleted,
      problems: input.problems,
      references: references?.value,
      cursor: input.cursor,
      limit: input.limit,
    });
    const warnings = await referenceWarnings(
      db.kysely,
      input.companyId,
      page.items.map((item) => ({ collection: collection.value, data: item.data })),
    );
    return ok({
      items: page.items.map((item, i) => toRecordView(item, warnings[i])),
      nextCursor: page.nextCursor ?? null,
      pollCursor: page.pollCursor ?? null,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) return err("invalid_cursor", error.message);
    throw error;
  }
}

export interface BulkOutcome {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  /**
   * `version` is the new version of a written record, null for an unchanged one (nothing was written);
   * `warnings`, present only when there are some, name references to records missing or deleted.
   */
  items: {
    externalId: string;
    version: number | null;
    outcome: "created" | "updated" | "unchanged";
    warnings?: RecordWarning[];
  }[];
}

/**
 * Up to `maxBulkRecords` records in one transaction. Every record is validated before anything is
 * written, and every problem is reported by its JSON pointer in the request body.
 */
export async function bulkUpsertRecords(
  db: Database,
  input: Target & { body: unknown },
): Promise<Result<BulkOutcome, HostErrorCode>> {
  const collection = checkCollection(input.collection);
  if (!collection.ok) return collection;
  if (!companyExists(input.companyId)) return err("company_not_found", "No such company.");
  const envelope = BulkEnvelope.safeParse(input.body, { reportInput: true });
  // With `records` an array, what is left to report is a field beside it, listed with the entries' problems.
  const envelopeIssues = envelope.success ? [] : toIssues(envelope.error);
  const records = (input.body as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) {
    return err(
      "invalid_record",
      'The body must be {"records": [{"externalId": "…", "data": {…}}, …]}.',
      envelopeIssues,
    );
  }
  if (records.length > maxBulkRecords) {
    return err(
      "too_many_records",
      `A bulk request takes at most ${maxBulkRecords} records; this one has ${records.length}. Split it.`,
    );
  }
  const issues: FieldIssue[] = [...envelopeIssues];
  const valid: { externalId: string; data: Record<string, unknown>; hash: string }[] = [];
  const seen = new Map<string, number>();
  records.forEach((entry, index) => {
    const at = `/records/${index}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      issues.push({
        path: at,
        message: `must be an object {"externalId": "…", "data": {…}}, got ${describeValue(entry)}`,
      });
      return;
    }
    const { externalId: givenId, data, ...rest } = entry as { externalId?: unknown; data?: unknown };
    const externalId = typeof givenId === "string" ? normalizeExternalId(givenId) : givenId;
    for (const k of Object.keys(rest)) issues.push({ path: `${at}/${k}`, message: "is not a known field" });
    if (typeof externalId !== "string") {
      issues.push({
        path: `${at}/externalId`,
        message:
          externalId === undefined ? "is required" : `must be a string, got ${describeValue(externalId)}`,
      });
    } else {
      const idIssues = checkExternalId(externalId, `${at}/externalId`);
      issues.push(...idIssues);
      const first = seen.get(externalId);
      if (first !== undefined) {
        issues.push({ path: `${at}/externalId`, message: `repeats the external id of /records/${first}` });
      } else seen.set(externalId, index);
    }
    const checked = validateRecord(collection.value, data);
    if (!checked.ok) {
      for (const i of checked.issues) issues.push({ path: `${at}/data${i.path}`, message: i.message });
    } else if (typeof externalId === "string") {
      const value = checked.value as Record<string, unknown>;
      valid.push({ externalId, data: value, hash: contentHash(value) });
    }
  });
  if (issues.length > 0) {
    return err(
      "invalid_record",
      `${new Set(issues.map((i) => i.path.split("/").slice(0, 3).join("/"))).size} record(s) are not valid. Nothing was written.`,
      issues,
    );
  }
  const written = await transactionRetrying(db, async (trx) => {
    const result = await bulkUpsert(trx, {
      companyId: input.companyId,
      collection: collection.value,
      records: valid,
    });
    // The request's jobs are one entry in the job history, however many records it changed.
    const batchId =
      result.changed.length > 1
        ? await createJobBatch(trx, {
            companyId: input.companyId,
            kind: "bulk",
            collection: collection.value,
            size: result.changed.length,
          })
        : undefined;
    await enqueueRecordChanges(trx, input.companyId, collection.value, result.changed, { batchId });
    return result;
  });
  const changedById = new Map(written.changed.map((c) => [c.externalId, c]));
  // Checked after the write, so records of this same request that name each other count as present.
  const warnings = await referenceWarnings(
    db.kysely,
    input.companyId,
    valid.map((r) => ({ collection: collection.value, data: r.data })),
  );
  const items = valid.map((r, i) => {
    const c = changedById.get(r.externalId);
    const item: BulkOutcome["items"][number] = c
      ? {
          externalId: r.externalId,
          version: c.version,
          outcome: c.created ? ("created" as const) : ("updated" as const),
        }
      : { externalId: r.externalId, version: null, outcome: "unchanged" as const };
    const found = warnings[i] ?? [];
    return found.length > 0 ? { ...item, warnings: found } : item;
  });
  const created = written.changed.filter((c) => c.created).length;
  return ok({
    received: records.length,
    created,
    updated: written.changed.length - created,
    unchanged: written.unchanged,
    items,
  });
}
