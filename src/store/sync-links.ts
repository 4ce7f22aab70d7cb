// Links between host records and their remote copies, and the history of every push attempt. A
// provider is a name ("quickbooks_online"); nothing here knows what the remote objects look like.
import { type Kysely, type Selectable, sql } from "kysely";
import type { SyncStatus } from "#domain/sync-status.ts";
import { type StoredRecord, toStoredRecord } from "./records.ts";
import type { RecordRow, SyncLinksTable, SyncOutcome, Tables } from "./tables.ts";

type Db = Kysely<Tables>;

export interface SyncLink {
  recordId: number;
  companyId: string;
  provider: string;
  remoteType: string | null;
  remoteId: string | null;
  remoteVersion: string | null;
  pushedVersion: number | null;
  pushedHash: string | null;
  /** Counts confirmed pushes: every attempt until the next confirmation shares it (and its request id). */
  generation: number;
  status: SyncStatus;
  reason: string | null;
  lastError: string | null;
  lastPushedAt: Date | null;
}

export interface RecordRef {
  collection: string;
  externalId: string;
}

function toLink(row: Selectable<SyncLinksTable>): SyncLink {
  return {
    recordId: Number(row.record_id),
    companyId: row.company_id,
    provider: row.provider,
    remoteType: row.remote_type,
    remoteId: row.remote_id,
    remoteVersion: row.remote_version,
    pushedVersion: row.pushed_version,
    pushedHash: row.pushed_hash,
    generation: Number(row.generation),
    status: row.status,
    reason: row.reason,
    lastError: row.last_error,
    lastPushedAt: row.last_pushed_at,
  };
}

export async function getLink(db: Db, recordId: number, provider: string): Promise<SyncLink | undefined> {
  const row = await db
    .selectFrom("sync_links")
    .selectAll()
    .where("record_id", "=", recordId)
    .where("provider", "=", provider)
    .executeTakeFirst();
  return row ? toLink(row) : undefined;
}

/** A host record with its link to the provider (absent before its first push), in one query. */
export async function recordWithLink(
  db: Db,
  key: { companyId: string } & RecordRef,
  provider: string,
): Promise<{ record: StoredRecord; link: SyncLink | undefined } | undefined> {
  const row = await db
    .selectFrom("records as r")
    .leftJoin("sync_links as l", (join) =>
      join.onRef("l.record_id", "=", "r.id").on("l.provider", "=", provider),
    )
    .selectAll("r")
    .select((eb) => eb.fn.toJson("l").as("link"))
    .where("r.company_id", "=", key.companyId)
    .where("r.collection", "=", key.collection)
    .where("r.external_id", "=", key.externalId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { link, ...record } = row;
  const linkRow = link as unknown as Record<string, unknown> | null;
  return {
    record: toStoredRecord(record as RecordRow),
    link:
      linkRow && linkRow.record_id !== null
        ? toLink({
            ...(linkRow as unknown as Selectable<SyncLinksTable>),
            last_pushed_at: linkRow.last_pushed_at === null ? null : new Date(String(linkRow.last_pushed_at)),
            updated_at: new Date(String(linkRow.updated_at)),
          })
        : undefined,
  };
}

/**
 * What planning a record needs of the records it refers to, in one query, keyed
 * "collection/externalId": their remote ids (linked records only) and their data (live records only).
 */
export async function referencesOf(
  db: Db,
  companyId: string,
  provider: string,
  refs: readonly RecordRef[],
): Promise<{ ids: Map<string, string>; records: Map<string, Record<string, unknown>> }> {
  const ids = new Map<string, string>();
  const records = new Map<string, Record<string, unknown>>();
  if (refs.length === 0) return { ids, records };
  const rows = await db
    .selectFrom("records as r")
    .leftJoin("sync_links as l", (join) =>
      join.onRef("l.record_id", "=", "r.id").on("l.provider", "=", provider),
    )
    .select(["r.collection", "r.external_id", "r.data", "r.deleted_at", "l.remote_id"])
    .where("r.company_id", "=", companyId)
    .where((eb) =>
      eb.or(
        refs.map((ref) =>
          eb.and([eb("r.collection", "=", ref.collection), eb("r.external_id", "=", ref.externalId)]),
        ),
      ),
    )
    .execute();
  for (const row of rows) {
    const key = `${row.collection}/${row.external_id}`;
    if (row.remote_id !== null) ids.set(key, row.remote_id);
    if (row.deleted_at === null) records.set(key, row.data);
  }
  return { ids, records };
}

/** The host record linked to a remote object, if any (a remote object has at most one). */
export async function recordOfRemote(
  db: Db,
  companyId: string,
  provider: string,
  remoteType: string,
  remoteId: string,
): Promise<(RecordRef & { recordId: number }) | undefined> {
  const row = await db
    .selectFrom("sync_links as l")
    .innerJoin("records as r", "r.id", "l.record_id")
    .select(["r.id", "r.collection", "r.external_id"])
    .where("l.company_id", "=", companyId)
    .where("l.provider", "=", provider)
    .where("l.remote_type", "=", remoteType)
    .where("l.remote_id", "=", remoteId)
    .executeTakeFirst();
  return row
    ? { recordId: Number(row.id), collection: row.collection, externalId: row.external_id }
    : undefined;
}

export interface PushOutcome {
  recordId: number;
  companyId: string;
  provider: string;
  /** create, update, delete, void, inactivate, link (an existing remote object adopted). */
  operation: string;
  outcome: SyncOutcome;
  /** The record's summary status after this attempt, with its reason when held or failed. */
  status: SyncStatus;
  reason?: string | null;
  /** What was sent (the provider's body), kept in the history. */
  sent?: unknown;
  code?: string | null;
  message?: string | null;
  remote?: { type: string; id: string; version?: string | null };
  /** For synced and linked: the record version and content hash now in the remote copy. */
  pushed?: { version: number; hash: string };
}

/**
 * Records one push attempt: the link's new state, a history row, and the record's summary status, in
 * one statement (so at once, and in one round trip). A confirmed push (synced or linked) starts the
 * next generation; the history row keeps the generation the attempt was made in.
 */
export async function recordPushOutcome(db: Db, o: PushOutcome): Promise<SyncLink> {
  const confirmed = o.outcome === "synced" || o.outcome === "linked";
  // A confirmed or refused write is final: the next write is a new request, never answered by this one.
  const final = confirmed || o.outcome === "failed";
  const lastError =
    o.outcome === "failed" || o.outcome === "held" || o.outcome === "retrying" ? (o.message ?? null) : null;
  const remoteType = o.remote?.type ?? null;
  const remoteId = o.remote?.id ?? null;
  const remoteVersion = o.remote?.version ?? null;
  const pushedVersion = o.pushed?.version ?? null;
  const pushedHash = o.pushed?.hash ?? null;
  const { rows } = await sql<Selectable<SyncLinksTable>>`
    with before as (
      select generation from sync_links where record_id = ${o.recordId} and provider = ${o.provider}
    ), link as (
      insert into sync_links as l (record_id, provider, company_id, remote_type, remote_id, remote_version,
        pushed_version, pushed_hash, generation, status, reason, last_error, last_pushed_at, updated_at)
      values (${o.recordId}, ${o.provider}, ${o.companyId}, ${remoteType}, ${remoteId}, ${remoteVersion},
        ${pushedVersion}::integer, ${pushedHash}, ${final ? 1 : 0}, ${o.status}, ${o.reason ?? null},
        ${lastError}, ${confirmed ? sql`now()` : sql`null`}, now())
      on conflict (record_id, provider) do update set
        remote_type = coalesce(${remoteType}, l.remote_type),
        remote_id = coalesce(${remoteId}, l.remote_id),
        remote_version = coalesce(${remoteVersion}, l.remote_version),
        pushed_version = coalesce(${pushedVersion}::integer, l.pushed_version),
        pushed_hash = coalesce(${pushedHash}, l.pushed_hash),
        generation = l.generation + ${final ? 1 : 0},
        status = excluded.status,
        reason = excluded.reason,
        last_error = excluded.last_error,
        last_pushed_at = ${confirmed ? sql`now()` : sql`l.last_pushed_at`},
        updated_at = now()
      returning l.*
    ), history as (
      insert into sync_history (record_id, provider, company_id, operation, generation, sent, outcome, code,
        message, remote_id)
      values (${o.recordId}, ${o.provider}, ${o.companyId}, ${o.operation},
        coalesce((select generation from before), 0),
        ${o.sent === undefined ? null : JSON.stringify(o.sent)}::jsonb, ${o.outcome}, ${o.code ?? null},
        ${o.message ?? null}, ${remoteId})
    ), record as (
      update records set
        sync_status = ${o.status},
        sync_qbo_id = (select remote_id from link),
        sync_last_error = ${lastError},
        sync_last_synced_at = ${confirmed ? sql`now()` : sql`records.sync_last_synced_at`}
      where id = ${o.recordId}
    )
    select * from link`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`recording the push of record ${o.recordId} wrote no link`);
  return toLink(row);
}

/**
 * Sets the summary status of records without a push attempt (queued → pending, a host edit of a synced
 * record → edited_since, a hold decided before sending), keeping the link's remote side as it is.
 */
export async function setLinkStatus(
  db: Db,
  companyId: string,
  provider: string,
  recordIds: readonly number[],
  status: SyncStatus,
  reason: string | null = null,
): Promise<void> {
  if (recordIds.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const ids = [...recordIds].sort((a, b) => a - b);
    await trx
      .insertInto("sync_links")
      .values(ids.map((id) => ({ record_id: id, provider, company_id: companyId, status, reason })))
      .onConflict((oc) =>
        oc.columns(["record_id", "provider"]).doUpdateSet({
          status,
          reason,
          updated_at: sql`now()`,
        }),
      )
      .execute();
    await trx
      .updateTable("records")
      .set({ sync_status: status })
      .where("company_id", "=", companyId)
      .where("id", "in", ids)
      .execute();
  });
}

export interface HistoryEntry {
  id: number;
  at: Date;
  operation: string;
  generation: number;
  outcome: SyncOutcome;
  code: string | null;
  message: string | null;
  remoteId: string | null;
  sent: unknown;
}

/** A record's push attempts, newest first. */
export async function pushHistory(
  db: Db,
  recordId: number,
  provider: string,
  limit = 50,
): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("sync_history")
    .selectAll()
    .where("record_id", "=", recordId)
    .where("provider", "=", provider)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    operation: r.operation,
    generation: r.generation,
    outcome: r.outcome,
    code: r.code,
    message: r.message,
    remoteId: r.remote_id,
    sent: r.sent,
  }));
}

/** External ids of a collection's live documents dated within [from, to] (the `date` field), in date order. */
export async function recordKeysDated(
  db: Db,
  companyId: string,
  collection: string,
  from: string,
  to: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("records")
    .select("external_id")
    .where("company_id", "=", companyId)
    .where("collection", "=", collection)
    .where("deleted_at", "is", null)
    .where(sql`data->>'date'`, ">=", from)
    .where(sql`data->>'date'`, "<=", to)
    .orderBy(sql`data->>'date'`)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.external_id);
}
