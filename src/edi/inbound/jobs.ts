// The periodic EDI work: every minute one `edi.poll` job picks up each active connection's inbox (an
// SFTP connection every `pollSeconds`, rounded to whole minutes), sends the acknowledgments due, and
// marks sent messages overdue whose 997 is later than their partner allows (see ../schedule.ts).
import type { ClaimedJob, JobHandler } from "#jobs/index.ts";
import { listActiveConnections } from "#store/edi/connections.ts";
import { markOverdue } from "#store/edi/messages.ts";
import { EDI_POLL, EDI_POLL_EVERY_MS, type PollPayload, scheduleEdiPoll } from "../schedule.ts";
import { pollConnection } from "./poll.ts";

export function inboundJobHandlers(secretKey: () => Buffer): Record<string, JobHandler> {
  return {
    [EDI_POLL]: async (job: ClaimedJob<PollPayload>, { db }) => {
      const tick = job.payload.tick ?? 0;
      const counts = {
        overdue: await markOverdue(db.kysely, new Date()),
        stored: 0,
        failed: 0,
        acknowledgments: 0,
      };
      try {
        for (const connection of await listActiveConnections(db.kysely)) {
          const pollSeconds = Number((connection.settings as { pollSeconds?: unknown }).pollSeconds ?? 60);
          const every = connection.transport === "sftp" ? Math.max(1, Math.round(pollSeconds / 60)) : 1;
          if (tick % every !== 0) continue;
          const report = await pollConnection({ db, secretKey }, connection);
          counts.stored += report.stored;
          counts.failed += report.failed;
          counts.acknowledgments += report.acknowledgmentsSent;
        }
      } finally {
        await scheduleEdiPoll(db.kysely, new Date(Date.now() + EDI_POLL_EVERY_MS), tick + 1);
      }
      return { counts };
    },
  };
}
