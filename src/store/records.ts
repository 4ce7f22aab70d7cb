// The host's records. Every function takes a Kysely handle, so it runs inside the caller's transaction
// when given one (the job that pushes a change must commit with the change itself).
import { type Kysely, type OnConflictBuilder, sql } from "kysely";
import { type CollectionName, collections, isCollection } from "#domain/collections.ts";
import { contentHash } from "#domain/hash.ts";
import { type ProblemFilter, type ReferenceKey, referenceKeys } from "#domain/references.ts";
import type { SyncStatus } from "#domain/sync-status.ts";
import {
  decodeCursor,
  decodeKeysetCursor,
  encodeCursor,
  encodeKeysetCursor,
  InvalidCursorError,
} from "./cursor.ts";
import type { RecordRow, Tables } from "./tables.ts";

export interface RecordKey {
  companyId: string;
  collection: string;
  externalId: string;
}

export interface RecordSync {
  status: SyncStatus;
  quickbooksId: string | null;
  lastError: string | null;
  lastSyncedAt: Date | null;
}

export interface StoredRecord {
  id: number;
  companyId: string;
  collection: string;
  externalId: string;
  version: number;
  hash: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  sync: RecordSync;
}

export interface UpsertInput extends RecordKey {
  /** Validated, normalised data (see src/domain validateRecord). */
  data: Record<string, unknown>;
  /** contentHash(data); computed when absent. */
  hash?: string | undefined;
}

export interface UpsertResult {
  record: StoredRecord;
  /** False when the stored record already had this content: nothing was written, the version stays. */
  changed: boolean;
  created: boolean;
}

type Db = Kysely<Tables>;

export function toStoredRecord(row: RecordRow): StoredRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    collection: row.collection,
    externalId: row.external_id,
    version: row.version,
    hash: row.content_hash,
    data: row.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    sync: {
      status: row.sync_status,
      quickbooksId: row.sync_qbo_id,
      lastError: row.sync_last_error,
      lastSyncedAt: row.sync_last_synced_at,
    },
  };
}

/**
 * Inserts or updates one record. The same content again changes nothing (not even updated_at), and a
 * tombstone written again comes back to life with a new version.
 */
export async function upsertRecord(db: Db, input: UpsertInput): Promise<UpsertResult> {
  const row = await db
    .insertInto("records")
    .values(recordValues(input))
    .onConflict(replaceWhenChanged)
    .returningAll()
    .returning(wasInserted)
    .executeTakeFirst();
  if (row) {
    const { inserted, ...rest } = row;
    return { record: toStoredRecord(rest), changed: true, created: inserted };
  }
  const existing = await getRecord(db, input);
  if (!existing) throw new Error(`Record ${input.collection}/${input.externalId} vanished during its upsert`);
  return { record: existing, changed: false, created: false };
}

/** The row one record's write inserts. */
function recordValues(input: UpsertInput) {
  return {
    company_id: input.companyId,
    collection: input.collection,
    external_id: input.externalId,
    content_hash: input.hash ?? contentHash(input.data),
    data: JSON.stringify(input.data),
    refs: refsOf(input.collection, input.data),
  };
}

/**
 * Creates a record that must not exist yet: inserted, or written over a tombstone (a new version);
 * answers its version, or undefined, writing nothing, when a live record has the key. One statement, so no other writer can
 * slip a record in between a look and the write.
 */
export async function createRecord(
  db: Db,
  input: UpsertInput,
): Promise<{ version: number; created: boolean } | undefined> {
  const row = await db
    .insertInto("records")
    .values(recordValues(input))
    .onConflict((oc) =>
      oc
        .constraint("records_identity")
        .doUpdateSet(changedColumns)
        .where("records.deleted_at", "is not", null),
    )
    .returning(["version", wasInserted])
    .executeTakeFirst();
  return row ? { version: row.version, created: row.inserted } : undefined;
}

/**
 * The ON CONFLICT of every record write: a record written again replaces the stored one only when its
 * content differs or the stored one is a tombstone, so the same content changes nothing.
 */
function replaceWhenChanged(oc: OnConflictBuilder<Tables, "records">) {
  return oc
    .constraint("records_identity")
    .doUpdateSet(changedColumns)
    .where((eb) =>
      eb.or([
        eb("records.content_hash", "<>", eb.ref("excluded.content_hash")),
        eb("records.deleted_at", "is not", null),
      ]),
    );
}

/** True in RETURNING for a row the statement inserted, false for one it updated. */
const wasInserted = sql<boolean>`(xmax = 0)`.as("inserted");

/** The `refs` column of a record: the records its data names (see migration 010). */
function refsOf(collection: string, data: Record<string, unknown>): string {
  return JSON.stringify(isCollection(collection) ? referenceKeys(collection, data) : []);
}

const changedColumns = {
  data: sql<string>`excluded.data`,
  refs: sql<string>`excluded.refs`,
  content_hash: sql<string>`excluded.content_hash`,
  version: sql<number>`records.version + 1`,
  deleted_at: null,
  updated_at: sql<Date>`now()`,
  change_xid: sql<string>`pg_current_xact_id()`,
  // A host edit of a record already in the books leaves that copy behind until it is pushed again.
  sync_status: sql<SyncStatus>`case when records.sync_status = 'synced' then 'edited_since' else records.sync_status end`,
};

export interface BulkUpsertInput {
  companyId: string;
  collection: string;
  records: ReadonlyArray<{ externalId: string; data: Record<string, unknown>; hash?: string | undefined }>;
}

export interface BulkChange {
  externalId: string;
  version: number;
  created: boolean;
}

export interface BulkUpsertResult {
  /** Records inserted or changed, with their new versions. */
  changed: BulkChange[];
  /** Records whose content was already stored. */
  unchanged: number;
}

/** Rows per INSERT statement: 5 parameters a row stays far below PostgreSQL's 65,535 parameter limit. */
const BULK_CHUNK = 1000;

/**
 * Upserts many records of one collection with multi-row INSERT … ON CONFLICT statements. Run it in a
 * transaction for all-or-nothing. When one external id appears twice, the later entry wins, as two
 * PUTs in a row would.
 */
export async function bulkUpsert(db: Db, input: BulkUpsertInput): Promise<BulkUpsertResult> {
  const latest = new Map<
    string,
    { externalId: string; data: Record<string, unknown>; hash?: string | undefined }
  >();
  for (const r of input.records) {
    latest.delete(r.externalId);
    latest.set(r.externalId, r);
  }
  // Rows are written, and so locked, in external id order: two bulks naming the same records in
  // different orders would otherwise each hold a row the other waits for (a deadlock on a server).
  const unique = [...latest.values()].sort((a, b) => compareIds(a.externalId, b.externalId));
  const changed: BulkChange[] = [];
  for (let start = 0; start < unique.length; start += BULK_CHUNK) {
    const chunk = unique.slice(start, start + BULK_CHUNK);
    const rows = await db
      .insertInto("records")
      .values(
        chunk.map((r) =>
          recordValues({
            companyId: input.companyId,
            collection: input.collection,
            externalId: r.externalId,
            data: r.data,
            hash: r.hash,
          }),
        ),
      )
      .onConflict(replaceWhenChanged)
      .returning(["external_id", "version", wasInserted])
      .execute();
    for (const row of rows)
      changed.push({ externalId: row.external_id, version: row.version, created: row.inserted });
  }
  // RETURNING gives no order; callers lock more rows by these ids (the sync jobs), in this order too.
  changed.sort((a, b) => compareIds(a.externalId, b.externalId));
  return { changed, unchanged: unique.length - changed.length };
}

/** The one order in which a transaction touches several records: by external id, code unit by code unit. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function getRecord(db: Db, key: RecordKey): Promise<StoredRecord | undefined> {
  const row = await db
    .selectFrom("records")
    .selectAll()
    .where("company_id", "=", key.companyId)
    .where("collection", "=", key.collection)
    .where("external_id", "=", key.externalId)
    .executeTakeFirst();
  return row ? toStoredRecord(row) : undefined;
}

/**
 * Marks a record deleted, keeping it as a tombstone so the deletion can be pushed and listed.
 * Returns undefined when there is no such record; deleting a tombstone again changes nothing.
 */
export async function deleteRecord(
  db: Db,
  key: RecordKey,
): Promise<{ record: StoredRecord; changed: boolean } | undefined> {
  const row = await db
    .updateTable("records")
    .set({
      deleted_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
      change_xid: sql<string>`pg_current_xact_id()`,
      sync_status: changedColumns.sync_status,
    })
    .where("company_id", "=", key.companyId)
    .where("collection", "=", key.collection)
    .where("external_id", "=", key.externalId)
    .where("deleted_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (row) return { record: toStoredRecord(row), changed: true };
  const existing = await getRecord(db, key);
  return existing ? { record: existing, changed: false } : undefined;
}

export interface ListFilter {
  companyId: string;
  collection: string;
  /** Records changed at or after this instant (tombstones included, so deletions are seen). */
  changedSince?: Date | undefined;
  status?: SyncStatus | undefined;
  /** Case-insensitive text match on the external id and the search fields. */
  search?: string | undefined;
  /** Top-level data fields to search; default: the collection's own (src/domain/collections.ts). */
  searchFields?: readonly string[] | undefined;
  /** Default: tombstones only when changedSince is given. */
  deleted?: "exclude" | "include" | "only" | undefined;
  /** Records naming a record that is missing, deleted, or either (`any`), looked up as the list is read. */
  problems?: ProblemFilter | undefined;
  /** Records whose data names this record. */
  references?: ReferenceKey | undefined;
}

export interface ListOptions extends ListFilter {
  cursor?: string | undefined;
  limit: number;
  /**
   * "asc" (default) is the change feed: records in the order of the transactions that wrote them,
   * oldest first, with a poll cursor that never skips a change. "desc" shows the latest updates first
   * (the records browser).
   */
  order?: "asc" | "desc" | undefined;
}

export interface RecordPage {
  items: StoredRecord[];
  /** Opaque; absent on the last page. */
  nextCursor?: string | undefined;
  /**
   * Change feed only, on its last page: the cursor to poll with later. The next list from it returns
   * every change committed after this walk, none skipped; changes made while other transactions were
   * still running may come again (compare versions to skip what was processed).
   */
  pollCursor?: string | undefined;
}

/** Above any record id, so a poll cursor sits after every change of its transaction. */
const AFTER_ALL_IDS = Number.MAX_SAFE_INTEGER;

export async function listRecords(db: Db, options: ListOptions): Promise<RecordPage> {
  const limit = Math.max(1, Math.min(options.limit, 1000));
  return (options.order ?? "asc") === "asc"
    ? listChanges(db, options, limit)
    : listLatest(db, options, limit);
}

/**
 * The change feed, at least once and in order: a walk lists everything visible, but its poll cursor
 * never goes past the oldest transaction that was still running when the walk began (the watermark),
 * because that transaction may yet commit changes positioned before the ones listed. Records written
 * at or after the watermark are listed again by the next poll; nothing is ever skipped.
 */
async function listChanges(db: Db, options: ListOptions, limit: number): Promise<RecordPage> {
  const cursor = options.cursor === undefined ? undefined : decodeFeedCursor(options.cursor);
  // A walk keeps the watermark of its first page: every transaction below it had finished by then, so
  // all of their changes are visible to every page of the walk.
  const watermark = cursor?.watermark ?? (await currentWatermark(db));
  let query = filtered(db, options).selectAll();
  if (cursor) {
    query = query.where(
      sql<boolean>`(change_xid, id) > (${cursor.xid.toString()}::xid8, ${cursor.id}::bigint)`,
    );
  }
  const rows = await query
    .orderBy("change_xid", "asc")
    .orderBy("id", "asc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const items = page.map(toStoredRecord);
  if (rows.length > limit && last) {
    return {
      items,
      nextCursor: encodeFeedCursor({ xid: BigInt(last.change_xid), id: last.id, watermark }),
    };
  }
  const reached = last ? { xid: BigInt(last.change_xid), id: last.id } : cursor;
  const safe = { xid: watermark - 1n, id: AFTER_ALL_IDS };
  const pollAt = reached && compareFeed(reached, safe) < 0 ? reached : safe;
  return { items, pollCursor: encodeFeedCursor({ xid: pollAt.xid, id: pollAt.id }) };
}

/** The oldest transaction id still running (or the next to be assigned): nothing below it can change. */
async function currentWatermark(db: Db): Promise<bigint> {
  const { rows } = await sql<{
    watermark: string;
  }>`select pg_snapshot_xmin(pg_current_snapshot())::text as watermark`.execute(db);
  return BigInt(rows[0]?.watermark ?? "1");
}

async function listLatest(db: Db, options: ListOptions, limit: number): Promise<RecordPage> {
  let query = filtered(db, options).selectAll();
  if (options.cursor !== undefined) {
    const { at, id } = decodeKeysetCursor(options.cursor);
    query = query.where((eb) => eb(eb.refTuple("updated_at", "id"), "<", eb.tuple(at, id)));
  }
  const rows = await query
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredRecord),
    nextCursor:
      rows.length > limit && last ? encodeKeysetCursor({ at: last.updated_at, id: last.id }) : undefined,
  };
}

interface FeedPosition {
  xid: bigint;
  id: number;
}

/** A position in the feed; a walk's next-page cursor also carries the watermark of its first page. */
interface FeedCursor extends FeedPosition {
  watermark?: bigint | undefined;
}

function compareFeed(a: FeedPosition, b: FeedPosition): number {
  if (a.xid !== b.xid) return a.xid < b.xid ? -1 : 1;
  return a.id - b.id;
}

function encodeFeedCursor(c: FeedCursor): string {
  const parts: unknown[] = ["c", c.xid.toString(), c.id];
  if (c.watermark !== undefined) parts.push(c.watermark.toString());
  return encodeCursor(parts);
}

const MAX_XID8 = 2n ** 64n - 1n;

function decodeFeedCursor(cursor: string): FeedCursor {
  // A transaction id is an xid8, an unsigned 64-bit number: a larger one would fail inside the query.
  const digits = (v: unknown): v is string =>
    typeof v === "string" && /^\d{1,20}$/.test(v) && BigInt(v) <= MAX_XID8;
  const [kind, xid, id, watermark, ...rest] = decodeCursor(cursor);
  if (kind !== "c" || !digits(xid) || rest.length > 0) throw new InvalidCursorError();
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) throw new InvalidCursorError();
  if (watermark !== undefined && !digits(watermark)) throw new InvalidCursorError();
  return { xid: BigInt(xid), id, watermark: watermark === undefined ? undefined : BigInt(watermark) };
}

export async function countRecords(db: Db, filter: ListFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Live (not deleted) records per collection, for the company's overview. */
export async function countByCollection(db: Db, companyId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("records")
    .select(["collection", (eb) => eb.fn.countAll<number>().as("n")])
    .where("company_id", "=", companyId)
    .where("deleted_at", "is", null)
    .groupBy("collection")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.collection, Number(r.n)]));
}

/** The records a filter selects, as a query to add columns, joins and an order to (see browse.ts). */
export function filteredRecords(db: Db, f: ListFilter) {
  return filtered(db, f);
}

function filtered(db: Db, f: ListFilter) {
  let query = db
    .selectFrom("records")
    .where("company_id", "=", f.companyId)
    .where("collection", "=", f.collection);
  const deleted = f.deleted ?? (f.changedSince ? "include" : "exclude");
  if (deleted === "exclude") query = query.where("deleted_at", "is", null);
  if (deleted === "only") query = query.where("deleted_at", "is not", null);
  if (f.changedSince) query = query.where("updated_at", ">=", f.changedSince);
  if (f.status) query = query.where("sync_status", "=", f.status);
  if (f.problems) query = query.where(problemCondition(f.companyId, f.collection, f.problems));
  if (f.references) query = query.where(sql<boolean>`records.refs @> ${referencePattern(f.references)}`);
  const term = f.search?.trim();
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const fields =
      f.searchFields ?? (isCollection(f.collection) ? collections[f.collection].searchFields : []);
    query = query.where((eb) =>
      eb.or([
        eb("external_id", "ilike", pattern),
        ...fields.map((field) => eb(sql<string>`data->>${field}`, "ilike", pattern)),
      ]),
    );
  }
  return query;
}

/** A `refs @>` pattern matching the records that name `key`. */
function referencePattern(key: ReferenceKey) {
  return sql`${JSON.stringify([{ collection: key.collection, externalId: key.externalId }])}::jsonb`;
}

/**
 * Whether a record names a record that is missing (no row at all), deleted (only a tombstone), or
 * either: each of its `refs` looked up in records_identity, so the answer is always that of the moment
 * the list is read, and a warning clears as soon as the named record arrives. The matching ids are one
 * uncorrelated array (`id = any(array(…))`), worked out once per query; each reference is one index
 * probe, so the cost grows with the collection's references and does not hang on table statistics
 * (a join over the whole collection is only fast when the planner knows the tables' sizes, which an
 * embedded database, with no autovacuum, may never have measured).
 */
function problemCondition(companyId: string, collection: string, problem: ProblemFilter) {
  const target = sql`select 1 from records target where target.company_id = ${companyId}
    and target.collection = ref.collection and target.external_id = ref."externalId"`;
  const named =
    problem === "missing_reference"
      ? sql`not exists (${target})`
      : problem === "deleted_reference"
        ? sql`exists (${target} and target.deleted_at is not null)`
        : sql`not exists (${target} and target.deleted_at is null)`;
  return sql<boolean>`records.id = any(array(select source.id from records source
    where source.company_id = ${companyId} and source.collection = ${collection}
    and exists (select 1 from jsonb_to_recordset(source.refs) as ref(collection text, "externalId" text)
      where ${named})))`;
}

/** The live records naming one record, by collection: how many, and the first few external ids of each. */
export async function referencingRecords(
  db: Db,
  companyId: string,
  key: ReferenceKey,
  perCollection: number,
): Promise<{ collection: string; count: number; externalIds: string[] }[]> {
  const rows = await db
    .selectFrom("records")
    .select([
      "collection",
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<string[]>`(array_agg(external_id order by external_id))[1:${sql.lit(perCollection)}]`.as("ids"),
    ])
    .where("company_id", "=", companyId)
    .where("deleted_at", "is", null)
    .where(sql<boolean>`refs @> ${referencePattern(key)}`)
    .groupBy("collection")
    .orderBy("collection")
    .execute();
  return rows.map((r) => ({ collection: r.collection, count: Number(r.n), externalIds: r.ids }));
}

/**
 * The title (the value of its collection's title field) of each wanted record, in one query whatever
 * the number of collections. A record that does not exist, or has no title, is left out.
 */
export async function recordTitles<C extends CollectionName>(
  db: Db,
  companyId: string,
  wanted: ReadonlyMap<C, ReadonlySet<string>>,
): Promise<{ collection: C; externalId: string; title: string }[]> {
  const targets = [...wanted.keys()];
  const ids = [...new Set(targets.flatMap((t) => [...(wanted.get(t) ?? [])]))];
  if (ids.length === 0) return [];
  const title = sql<string | null>`case ${sql.join(
    targets.map((t) => sql`when collection = ${t} then data->>${collections[t].titleField}`),
    sql` `,
  )} end`;
  const rows = await db
    .selectFrom("records")
    .select(["collection", "external_id", title.as("title")])
    .where("company_id", "=", companyId)
    .where("collection", "in", targets)
    .where("external_id", "in", ids)
    .execute();
  const found: { collection: C; externalId: string; title: string }[] = [];
  for (const row of rows) {
    const collection = row.collection as C;
    // The ids of every collection go in one list; keep only the pairs that were asked for.
    if (row.title && wanted.get(collection)?.has(row.external_id))
      found.push({ collection, externalId: row.external_id, title: row.title });
  }
  return found;
}

/**
 * Which of the named records exist, tombstones included (`deleted`), in one query however many
 * collections and ids are asked about: a bulk of 1,000 records checks all its references at once.
 */
export async function referenceStates<C extends string>(
  db: Db,
  companyId: string,
  wanted: ReadonlyMap<C, ReadonlySet<string>>,
): Promise<{ collection: C; externalId: string; deleted: boolean }[]> {
  const targets = [...wanted.keys()];
  const ids = [...new Set(targets.flatMap((t) => [...(wanted.get(t) ?? [])]))];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("records")
    .select(["collection", "external_id", "deleted_at"])
    .where("company_id", "=", companyId)
    .where("collection", "in", targets)
    .where("external_id", "in", ids)
    .execute();
  return rows
    .filter((row) => wanted.get(row.collection as C)?.has(row.external_id))
    .map((row) => ({
      collection: row.collection as C,
      externalId: row.external_id,
      deleted: row.deleted_at !== null,
    }));
}

/** Sets a record's summary sync status (the push and pull issues write it; tests and the demo use it too). */
export async function setRecordSync(
  db: Db,
  key: RecordKey,
  sync: Partial<Omit<RecordSync, "status">> & { status: SyncStatus },
): Promise<void> {
  await db
    .updateTable("records")
    .set({
      sync_status: sync.status,
      ...(sync.quickbooksId !== undefined ? { sync_qbo_id: sync.quickbooksId } : {}),
      ...(sync.lastError !== undefined ? { sync_last_error: sync.lastError } : {}),
      ...(sync.lastSyncedAt !== undefined ? { sync_last_synced_at: sync.lastSyncedAt } : {}),
    })
    .where("company_id", "=", key.companyId)
    .where("collection", "=", key.collection)
    .where("external_id", "=", key.externalId)
    .execute();
}
