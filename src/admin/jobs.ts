// The job history as the web app and `ledgerlink status` show it: one row per attempt, newest first,
// with the company's name.
import { collections, isCollection } from "#domain/collections.ts";
import type { AdminErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { countJobRuns, type JobRunFilter, listJobRuns } from "#jobs/history.ts";
import { isUuid } from "#store/companies.ts";
import { InvalidCursorError } from "#store/cursor.ts";
import type { Database } from "#store/database.ts";
import type { JobRunOutcome } from "#store/tables.ts";
import { RECORD_CHANGED } from "#sync/outbox.ts";

export interface JobHistoryItem {
  id: string;
  jobId: string;
  type: string;
  companyId: string | null;
  companyName: string | null;
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: JobRunOutcome;
  counts: Record<string, number> | null;
  error: string | null;
  /**
   * One line on what the job was about, like "Customer C-1001, version 3"; null when it had no subject.
   * A received change says it waits for QuickBooks, since nothing is pushed to QuickBooks yet.
   */
  summary: string | null;
  /** The record the job was about, when it was about one (the web app links to it). */
  record: { collection: string; externalId: string; version: number | null } | null;
}

export interface JobHistoryPage {
  items: JobHistoryItem[];
  nextCursor: string | null;
  /**
   * Attempts matching the company and record filters, by job type and outcome, whatever the outcome
   * and type filters: the web app's counts and the job types it offers to filter by.
   */
  counts?: { type: string; outcome: JobRunOutcome; count: number }[];
}

export async function jobHistory(
  db: Database,
  input: JobRunFilter & { cursor?: string | undefined; limit: number; withCounts?: boolean | undefined },
): Promise<Result<JobHistoryPage, AdminErrorCode>> {
  if (input.companyId !== undefined && !isUuid(input.companyId))
    return ok({ items: [], nextCursor: null, ...(input.withCounts ? { counts: [] } : {}) });
  try {
    const [page, counts] = await Promise.all([
      listJobRuns(db.kysely, input),
      input.withCounts ? countJobRuns(db.kysely, input) : undefined,
    ]);
    return ok({
      ...(counts ? { counts } : {}),
      items: page.items.map((r) => ({
        id: String(r.id),
        jobId: String(r.jobId),
        type: r.type,
        companyId: r.companyId,
        companyName: r.companyName,
        attempt: r.attempt,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        outcome: r.outcome,
        counts: r.counts,
        error: r.error,
        ...describePayload(r.payload, { type: r.type, outcome: r.outcome }),
      })),
      nextCursor: page.nextCursor ?? null,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) return err("invalid_cursor", error.message);
    throw error;
  }
}

/** The subject of a job from its payload: a record, a file, or the payload's first few fields. */
export function describePayload(
  payload: unknown,
  run: { type?: string; outcome?: JobHistoryItem["outcome"] } = {},
): Pick<JobHistoryItem, "summary" | "record"> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    return { summary: null, record: null };
  const p = payload as Record<string, unknown>;
  if (typeof p.collection === "string" && typeof p.externalId === "string") {
    const version = typeof p.version === "number" ? p.version : null;
    const kind = isCollection(p.collection) ? collections[p.collection].singular : p.collection;
    const subject = `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${p.externalId}`;
    // Until QuickBooks push exists a record.changed job only notes the change: say so, so a finished
    // job is never read as a record having reached QuickBooks.
    const waiting = run.type === RECORD_CHANGED && run.outcome === "succeeded";
    return {
      summary: `${subject}${version === null ? "" : `, version ${version}`}${waiting ? " — waiting for a QuickBooks connection" : ""}`,
      record: { collection: p.collection, externalId: p.externalId, version },
    };
  }
  const parts = Object.entries(p)
    .filter(([, v]) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v).slice(0, 80)}`);
  return { summary: parts.length > 0 ? parts.join(", ") : null, record: null };
}
