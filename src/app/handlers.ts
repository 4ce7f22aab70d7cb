// What each job type does. The queue knows nothing about jobs; this table is where the product's parts
// plug their work in.
import type { JobHandler } from "#jobs/index.ts";
import { NOT_CONNECTED, type PushRuntime, pushJobHandlers } from "#sync/run.ts";

/**
 * `record.changed` and `record.push` run the push for a company whose books are connected (the
 * runtime finds its provider); for a company that is not connected a change is only noted, so the
 * history shows it was received and nothing waits forever.
 */
export function jobHandlers(push: PushRuntime = NOT_CONNECTED): Record<string, JobHandler> {
  return { ...pushJobHandlers(push) };
}
