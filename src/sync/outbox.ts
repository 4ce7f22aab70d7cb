// The outbox: every change to a host record enqueues a `record.changed` job in the transaction that made
// the change, so a change is never saved without the job that will push it. The queue (`jobs`) only
// stores and runs jobs; what this one means is declared here.
//
// The wire format is a contract with jobs already waiting in databases: the type, the payload's three
// fields and the key's shape stay as they are (a test pins them).
import type { Kysely } from "kysely";
import { type EnqueuedJob, enqueueMany, JOB_PRIORITY } from "#jobs/enqueue.ts";
import type { Tables } from "#store/tables.ts";
import { emitEvent } from "./webhooks.ts";

/** The job type every record change enqueues. */
export const RECORD_CHANGED = "record.changed";

export interface RecordChangedPayload {
  collection: string;
  externalId: string;
  version: number;
}

/**
 * Enqueues `record.changed` for each change, coalesced per record while waiting: ten quick edits of
 * one customer leave one job carrying the latest version.
 */
export async function enqueueRecordChanges(
  db: Kysely<Tables>,
  companyId: string,
  collection: string,
  changes: ReadonlyArray<{ externalId: string; version: number }>,
  options: { batchId?: string | undefined } = {},
): Promise<EnqueuedJob[]> {
  return enqueueMany(
    db,
    changes.map((c) => ({
      companyId,
      type: RECORD_CHANGED,
      key: recordJobKey(companyId, collection, c.externalId),
      // One record's pushes run one at a time and in order; a fresh change goes ahead of exports.
      orderingKey: recordOrderingKey(companyId, collection, c.externalId),
      priority: JOB_PRIORITY.realtime,
      payload: { collection, externalId: c.externalId, version: c.version } satisfies RecordChangedPayload,
      batchId: options.batchId,
    })),
  );
}

/**
 * A record Ledgerlink made itself rather than received from the host (a sales order from an accepted EDI
 * purchase order): its change is queued like a host's, and the host's webhooks hear `record.created`
 * with where it came from. Both happen in the caller's transaction, so the host is told of every such
 * record that was kept and of none that was rolled back.
 */
export async function enqueueRecordCreated(
  db: Kysely<Tables>,
  companyId: string,
  collection: string,
  record: { externalId: string; version: number },
  origin: Record<string, unknown>,
): Promise<void> {
  await enqueueRecordChanges(db, companyId, collection, [record]);
  await emitEvent(db, companyId, "record.created", {
    collection,
    externalId: record.externalId,
    version: record.version,
    origin,
  });
}

/** The ordering key every push job of one record shares. */
export function recordOrderingKey(companyId: string, collection: string, externalId: string): string {
  return `record:${companyId}:${collection}:${externalId}`;
}

/** The coalescing key of a record's waiting change. */
export function recordJobKey(companyId: string, collection: string, externalId: string): string {
  return `${RECORD_CHANGED}:${companyId}:${collection}:${externalId}`;
}
