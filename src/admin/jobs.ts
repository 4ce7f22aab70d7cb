// The job history as the web app and `ledgerlink status` show it: one row per attempt, newest first,
// with the company's name.
import { collections, isCollection } from "#domain/collections.ts";
import type { AdminErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import {
  countJobRuns,
  type JobBatchView,
  type JobRunFilter,
  type JobRunView,
  listJobHistory,
  listJobRuns,
} from "#jobs/history.ts";
import { isUuid } from "#store/companies.ts";
import { InvalidCursorError } from "#store/cursor.ts";
import type { Database } from "#store/database.ts";
import type { JobBatchKind, JobRunOutcome } from "#store/tables.ts";
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
  /**
   * On a grouped entry: the bulk request or import whose jobs it gathers (list them with `batch=id`).
   * `outcomes` counts its jobs by the outcome of their latest attempt (`queued`: not run yet).
   */
  batch: {
    id: string;
    kind: JobBatchKind;
    collection: string;
    size: number;
    outcomes: Partial<Record<JobRunOutcome | "queued", number>>;
  } | null;
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
  input: JobRunFilter & {
    cursor?: string | undefined;
    limit: number;
    withCounts?: boolean | undefined;
    /**
     * One entry per bulk request or import instead of one per attempt of each of its jobs. Ignored when
     * the history is of one record or one batch, which list their attempts.
     */
    grouped?: boolean | undefined;
  },
): Promise<Result<JobHistoryPage, AdminErrorCode>> {
  if (input.companyId !== undefined && !isUuid(input.companyId))
    return ok({ items: [], nextCursor: null, ...(input.withCounts ? { counts: [] } : {}) });
  if (input.batchId !== undefined && !isUuid(input.batchId))
    return ok({ items: [], nextCursor: null, ...(input.withCounts ? { counts: [] } : {}) });
  const grouped =
    input.grouped &&
    input.batchId === undefined &&
    input.collection === undefined &&
    input.externalId === undefined;
  try {
    const [page, counts] = await Promise.all([
      grouped
        ? listJobHistory(db.kysely, input)
        : listJobRuns(db.kysely, input).then((p) => ({
            entries: p.items.map((run) => ({ kind: "run" as const, run })),
            nextCursor: p.nextCursor,
          })),
      input.withCounts ? countJobRuns(db.kysely, input) : undefined,
    ]);
    return ok({
      ...(counts ? { counts } : {}),
      items: page.entries.map((e) => (e.kind === "run" ? runItem(e.run) : batchItem(e.batch))),
      nextCursor: page.nextCursor ?? null,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) return err("invalid_cursor", error.message);
    throw error;
  }
}

function runItem(r: JobRunView): JobHistoryItem {
  return {
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
    batch: null,
  };
}

/** A bulk request or import as one entry: "Import of 1,000 customers", its jobs counted by outcome. */
function batchItem(b: JobBatchView): JobHistoryItem {
  const o = b.outcomes;
  const outcome: JobRunOutcome = o.running
    ? "running"
    : o.retrying
      ? "retrying"
      : o.failed
        ? "failed"
        : o.waiting
          ? "waiting"
          : o.queued
            ? "running"
            : "succeeded";
  const what = isCollection(b.collection) ? collections[b.collection].label.toLowerCase() : b.collection;
  const singular = isCollection(b.collection) ? collections[b.collection].singular : b.collection;
  return {
    id: `batch:${b.id}`,
    jobId: "",
    type: RECORD_CHANGED,
    companyId: b.companyId,
    companyName: b.companyName,
    attempt: 1,
    startedAt: b.startedAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
    outcome,
    counts: null,
    error: b.error,
    summary: `${b.kind === "import" ? "Import" : "Bulk request"} of ${b.size.toLocaleString("en-US")} ${b.size === 1 ? singular : what}`,
    record: null,
    batch: { id: b.id, kind: b.kind, collection: b.collection, size: b.size, outcomes: b.outcomes },
  };
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
