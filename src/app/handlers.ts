// What each job type does. The queue knows nothing about jobs; this table is where the product's parts
// plug their work in.
import type { Logger } from "pino";
import type { Config } from "#config/index.ts";
import { enqueueOutboundForChange } from "#edi/outbound/jobs.ts";
import type { ClaimedJob, JobHandler } from "#jobs/index.ts";
import { loadSecretKey } from "#secrets/index.ts";
import type { Database } from "#store/database.ts";
import { quickBooksBudget } from "#sync/connection.ts";
import { RECORD_CHANGED, type RecordChangedPayload } from "#sync/outbox.ts";
import { NOT_CONNECTED, type PushRuntime, pushJobHandlers } from "#sync/run.ts";
import { ConnectedPushRuntime } from "#sync/runtime.ts";

/**
 * `record.changed` and `record.push` run the push for a company whose books are connected (the
 * runtime finds its provider); for a company that is not connected a change is only noted, so the
 * history shows it was received and nothing waits forever.
 */
export function jobHandlers(push: PushRuntime = NOT_CONNECTED): Record<string, JobHandler> {
  const pushHandlers = pushJobHandlers(push);
  const pushChange = pushHandlers[RECORD_CHANGED];
  return {
    ...pushHandlers,
    // A change also starts what EDI does with it (a shipment's 856, an invoice's 810), in a job of its own.
    [RECORD_CHANGED]: async (job: ClaimedJob<RecordChangedPayload>, ctx) => {
      if (job.companyId) {
        await enqueueOutboundForChange(ctx.db.kysely, {
          companyId: job.companyId,
          collection: job.payload.collection,
          externalId: job.payload.externalId,
        });
      }
      return pushChange?.(job, ctx);
    },
  };
}

/**
 * The push runtime of a running process: connections and their tokens from the database, and one
 * request budget per QuickBooks company shared by every process on that database — at most 500
 * requests in any minute (counted over 61 s, a second of margin against clock skew) and 10 at once.
 */
export function pushRuntime(db: Database, config: Config, logger: Logger): PushRuntime {
  const budget = quickBooksBudget(db);
  // The sealing key is read when a connected company's tokens are first needed: a process whose
  // companies are not connected runs without one.
  let key: Buffer | undefined;
  const deps = {
    db,
    logger,
    get secretKey(): Buffer {
      key ??= loadSecretKey(config);
      return key;
    },
  };
  return new ConnectedPushRuntime(deps, budget);
}
