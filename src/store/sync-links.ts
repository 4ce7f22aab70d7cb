// Links between host records and their remote copies, and the history of every push attempt. A
// provider is a name ("quickbooks_online"); nothing here knows what the remote objects look like.
import { type Kysely, type Selectable, sql } from "kysely";
import type { SyncStatus } from "#domain/sync-status.ts";
import type { SyncLinksTable, SyncOutcome, Tables } from "./tables.ts";

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

/**
 * Remote ids of many host records in one query, keyed "collection/externalId": what a mapping needs
 * to resolve a document's references. Records without a remote id are absent.
 */
export async function remoteIdsOf(
  db: Db,
  companyId: string,
  provider: string,
  refs: readonly RecordRef[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (refs.length === 0) return found;
  const rows = await db
    .selectFrom("records as r")
    .innerJoin("sync_links as l", (join) =>
      join.onRef("l.record_id", "=", "r.id").on("l.provider", "=", provider),
    )
    .select(["r.collection", "r.external_id", "l.remote_id"])
    .where("r.company_id", "=", companyId)
    .where("l.remote_id", "is not", null)
    .where((eb) =>
      eb.or(
        refs.map((ref) =>
          eb.and([eb("r.collection", "=", ref.collection), eb("r.external_id", "=", ref.externalId)]),
        ),
      ),
    )
    .execute();
  for (const row of rows) found.set(`${row.collection}/${row.external_id}`, row.remote_id as string);
  return found;
}

/** Host records (not deleted) by reference, keyed "collection/externalId", in one query. */
export async function hostRecordsOf(
  db: Db,
  companyId: string,
  refs: readonly RecordRef[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  if (refs.length === 0) return found;
  const rows = await db
    .selectFrom("records")
    .select(["collection", "external_id", "data"])
    .where("company_id", "=", companyId)
    .where("deleted_at", "is", null)
    .where((eb) =>
      eb.or(
        refs.map((ref) =>
          eb.and([eb("collection", "=", ref.collection), eb("external_id", "=", ref.externalId)]),
        ),
      ),
    )
    .execute();
  for (const row of rows) found.set(`${row.collection}/${row.external_id}`, row.data);
  return found;
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
 * one transaction. A confirmed push (synced or linked) starts the next generation.
 */
export async function recordPushOutcome(db: Db, o: PushOutcome): Promise<SyncLink> {
  return db.transaction().execute(async (trx) => {
    const before = await getLink(trx, o.recordId, o.provider);
    const generation = before?.generation ?? 0;
    const confirmed = o.outcome === "synced" || o.outcome === "linked";
    // A confirmed or refused write is final: the next write is a new request, never answered by this one.
    const final = confirmed || o.outcome === "failed";
    const now = new Date();
    const values = {
      remote_type: o.remote?.type ?? before?.remoteType ?? null,
      remote_id: o.remote?.id ?? before?.remoteId ?? null,
      remote_version: o.remote?.version ?? before?.remoteVersion ?? null,
      pushed_version: o.pushed?.version ?? before?.pushedVersion ?? null,
      pushed_hash: o.pushed?.hash ?? before?.pushedHash ?? null,
      generation: final ? generation + 1 : generation,
      status: o.status,
      reason: o.reason ?? null,
      last_error:
        o.outcome === "failed" || o.outcome === "held" || o.outcome === "retrying"
          ? (o.message ?? null)
          : null,
      last_pushed_at: confirmed ? now : (before?.lastPushedAt ?? null),
      updated_at: now,
    };
    const row = await trx
      .insertInto("sync_links")
      .values({ record_id: o.recordId, provider: o.provider, company_id: o.companyId, ...values })
      .onConflict((oc) => oc.columns(["record_id", "provider"]).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("sync_history")
      .values({
        record_id: o.recordId,
        provider: o.provider,
        company_id: o.companyId,
        operation: o.operation,
        generation,
        sent: o.sent === undefined ? null : JSON.stringify(o.sent),
        outcome: o.outcome,
        code: o.code ?? null,
        message: o.message ?? null,
        remote_id: o.remote?.id ?? null,
      })
      .execute();
    await trx
      .updateTable("records")
      .set({
        sync_status: o.status,
        sync_qbo_id: values.remote_id,
        sync_last_error: values.last_error,
        ...(confirmed ? { sync_last_synced_at: now } : {}),
      })
      .where("id", "=", o.recordId)
      .execute();
    return toLink(row);
  });
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
