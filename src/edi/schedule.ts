// The periodic EDI pickup is one chain of `edi.poll` jobs: the first is enqueued with the first
// connection (in its transaction), and each run enqueues the next before it ends. Being jobs, the chain
// survives restarts; the coalescing key keeps a single one waiting.
import type { Kysely } from "kysely";
import { enqueue } from "#jobs/enqueue.ts";
import type { Tables } from "#store/tables.ts";

export const EDI_POLL = "edi.poll";
export const EDI_POLL_EVERY_MS = 60_000;

export interface PollPayload {
  /** Runs so far; an SFTP connection polled every N minutes is polled when tick % N = 0. */
  tick?: number;
}

export async function scheduleEdiPoll(db: Kysely<Tables>, runAt?: Date, tick = 0): Promise<void> {
  await enqueue(db, {
    type: EDI_POLL,
    key: EDI_POLL,
    payload: { tick } satisfies PollPayload,
    ...(runAt ? { runAt } : {}),
  });
}
