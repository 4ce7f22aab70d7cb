// The push as jobs: every host change (`record.changed`) and every push asked for by a person
// (`record.push`: Retry, Export selected, export by date range) runs the push engine for one record
// with the company's provider and settings. A company that is not connected only notes its changes.
import type { Kysely } from "kysely";
import type { SyncErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { enqueueMany, JOB_PRIORITY } from "#jobs/enqueue.ts";
import type { ClaimedJob, JobContext, JobHandler } from "#jobs/worker.ts";
import { getRecord } from "#store/records.ts";
import { type HistoryEntry, pushHistory, recordKeysDated } from "#store/sync-links.ts";
import type { Tables } from "#store/tables.ts";
import { RECORD_CHANGED, type RecordChangedPayload, recordOrderingKey } from "./outbox.ts";
import type { SyncProvider } from "./provider.ts";
import { type PushResult, pushRecord } from "./push.ts";
import {
  ACTIVE_PROVIDER,
  enginePushSettings,
  loadPushSettings,
  type PushSettingsDocument,
} from "./settings.ts";
import { isPushObject } from "./switches.ts";
import { emitEvent, type WebhookEvent } from "./webhooks.ts";

type Db = Kysely<Tables>;

/** A push a person asked for: retried now, or exported on purpose (past the go-live date). */
export const RECORD_PUSH = "record.push";

export interface RecordPushPayload {
  collection: string;
  externalId: string;
  trigger: "retry" | "export";
}

export interface PushRuntime {
  /**
   * The company's provider when it is connected, else undefined (changes are then only noted). The
   * company's push settings, read for this push, come along so the runtime need not read them again.
   */
  providerFor(companyId: string, settings: PushSettingsDocument): Promise<SyncProvider | undefined>;
}

/** The webhook event each outcome is announced with (unchanged and skipped records are not news). */
const EVENT_OF: Partial<Record<PushResult["outcome"], WebhookEvent>> = {
  synced: "record.synced",
  linked: "record.synced",
  failed: "record.failed",
  held: "record.held",
};

function counts(result: PushResult): { counts: Record<string, number> } {
  return { counts: { [result.outcome]: 1 } };
}

async function run(
  db: Db,
  runtime: PushRuntime,
  companyId: string | null,
  payload: { collection: string; externalId: string },
  trigger: "change" | "export",
) {
  if (companyId === null) return undefined;
  const doc = await loadPushSettings(db, companyId, ACTIVE_PROVIDER);
  const provider = await runtime.providerFor(companyId, doc);
  if (provider === undefined) return undefined;
  const result = await pushRecord(
    { db, provider, settings: enginePushSettings(doc) },
    { companyId, collection: payload.collection, externalId: payload.externalId },
    trigger,
  );
  const event = EVENT_OF[result.outcome];
  if (event) {
    await emitEvent(db, companyId, event, {
      collection: payload.collection,
      externalId: payload.externalId,
      version: result.version ?? null,
      status: result.status ?? null,
      remoteId: result.remoteId ?? null,
      message: result.message ?? null,
    });
  }
  return counts(result);
}

/** The job handlers of the push, for the workers' table. */
export function pushJobHandlers(runtime: PushRuntime): Record<string, JobHandler> {
  return {
    [RECORD_CHANGED]: (job: ClaimedJob<RecordChangedPayload>, ctx: JobContext) =>
      run(ctx.db.kysely, runtime, job.companyId, job.payload, "change"),
    [RECORD_PUSH]: (job: ClaimedJob<RecordPushPayload>, ctx: JobContext) =>
      run(
        ctx.db.kysely,
        runtime,
        job.companyId,
        job.payload,
        job.payload.trigger === "export" ? "export" : "change",
      ),
  };
}

/** Until a company connects, its changes are only noted. */
export const NOT_CONNECTED: PushRuntime = { providerFor: async () => undefined };

function pushJobKey(companyId: string, collection: string, externalId: string): string {
  return `${RECORD_PUSH}:${companyId}:${collection}:${externalId}`;
}

async function enqueuePushes(
  db: Db,
  companyId: string,
  collection: string,
  externalIds: readonly string[],
  trigger: RecordPushPayload["trigger"],
): Promise<number> {
  const jobs = await enqueueMany(
    db,
    externalIds.map((externalId) => ({
      companyId,
      type: RECORD_PUSH,
      key: pushJobKey(companyId, collection, externalId),
      orderingKey: recordOrderingKey(companyId, collection, externalId),
      // A person's Retry goes with the real-time changes; exports by the batch wait behind them.
      priority: trigger === "export" ? JOB_PRIORITY.bulk : JOB_PRIORITY.realtime,
      payload: { collection, externalId, trigger } satisfies RecordPushPayload,
    })),
  );
  return jobs.length;
}

/** Retry: the record is pushed again now (a refused push gets a new request, never the old answer). */
export async function retryPush(
  db: Db,
  key: { companyId: string; collection: string; externalId: string },
): Promise<Result<{ queued: number }, SyncErrorCode>> {
  const record = await getRecord(db, key);
  if (record === undefined) return err("record_not_found", `No ${key.collection} record ${key.externalId}.`);
  return ok({ queued: await enqueuePushes(db, key.companyId, key.collection, [key.externalId], "retry") });
}

/** A record's push attempts, newest first, for its page. */
export async function recordPushHistory(
  db: Db,
  key: { companyId: string; collection: string; externalId: string },
): Promise<Result<{ history: HistoryEntry[] }, SyncErrorCode>> {
  const record = await getRecord(db, key);
  if (record === undefined) return err("record_not_found", `No ${key.collection} record ${key.externalId}.`);
  return ok({ history: await pushHistory(db, record.id, ACTIVE_PROVIDER) });
}

export type ExportRequest =
  | { collection: string; externalIds: readonly string[] }
  | { collection: string; from: string; to: string };

/**
 * Export on purpose: the selected documents, or every document of a kind dated within a range (the
 * way to send documents from before the go-live date, or those a company exports by hand).
 */
export async function exportDocuments(
  db: Db,
  companyId: string,
  request: ExportRequest,
): Promise<Result<{ queued: number }, SyncErrorCode>> {
  if (!isPushObject(request.collection)) {
    return err(
      "unknown_collection",
      `${request.collection} are not pushed; choose one of the switchable objects.`,
    );
  }
  const ids =
    "externalIds" in request
      ? request.externalIds
      : await recordKeysDated(db, companyId, request.collection, request.from, request.to);
  return ok({ queued: await enqueuePushes(db, companyId, request.collection, ids, "export") });
}
