// The outbound EDI job, and what a host record change means for it.
import type { Kysely } from "kysely";
import { type ClaimedJob, type JobHandler, PermanentJobError } from "#jobs/index.ts";
import { listPartners } from "#store/edi/partners.ts";
import type { Tables } from "#store/tables.ts";
import { TransportError } from "../transport.ts";
import { EDI_OUTBOUND, enqueueOutbound, type OutboundPayload, outboundFor, sendOutbound } from "./send.ts";

/** The handler of the outbound job. `secretKey` opens sealed transport secrets, read when first needed. */
export function outboundJobHandlers(secretKey: () => Buffer): Record<string, JobHandler> {
  return {
    [EDI_OUTBOUND]: async (job: ClaimedJob<OutboundPayload>, { db }) => {
      if (!job.companyId) throw new PermanentJobError("an EDI document job needs a company");
      try {
        const result = await sendOutbound({ db, secretKey }, job.companyId, job.payload);
        return { counts: { [result.outcome]: 1 } };
      } catch (error) {
        // A changed host key or a missing folder does not mend itself: fail now, say why.
        if (error instanceof TransportError && !error.retryable)
          throw new PermanentJobError(error.message, { cause: error });
        throw error;
      }
    },
  };
}

/**
 * After a host record changed: a shipment or invoice of a company that trades by EDI may call for a
 * document, so its job is enqueued (the job finds out whether the record's order came by EDI).
 */
export async function enqueueOutboundForChange(
  db: Kysely<Tables>,
  change: { companyId: string; collection: string; externalId: string },
): Promise<boolean> {
  const type = outboundFor(change.collection);
  if (!type) return false;
  if ((await listPartners(db, change.companyId)).length === 0) return false;
  await enqueueOutbound(db, change.companyId, { type, externalId: change.externalId });
  return true;
}
