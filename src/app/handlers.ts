// What each job type does. The queue knows nothing about jobs; this table is where the product's parts
// plug their work in.
import type { JobHandler } from "#jobs/index.ts";
import { RECORD_CHANGED } from "#sync/outbox.ts";

export function jobHandlers(): Record<string, JobHandler> {
  return {
    // Pushing a change to QuickBooks arrives with the QuickBooks connection; until then a change is
    // only noted, so the history shows it was received and nothing waits forever. It reports no
    // counts: nothing was sent anywhere.
    [RECORD_CHANGED]: async () => undefined,
  };
}
