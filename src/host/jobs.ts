// The job history as the web app and `ledgerlink status` show it: one row per attempt, newest first,
// with the company's name.
import { listJobRuns } from "../jobs/history.ts";
import { isUuid } from "../store/companies.ts";
import type { Database } from "../store/database.ts";
import { err, ok, type Result } from "./result.ts";

export interface JobHistoryItem {
  id: string;
  jobId: string;
  type: string;
  companyId: string | null;
  companyName: string | null;
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: "running" | "succeeded" | "failed" | "retrying";
  counts: Record<string, number> | null;
  error: string | null;
}

export interface JobHistoryPage {
  items: JobHistoryItem[];
  nextCursor: string | null;
}

export async function jobHistory(
  db: Database,
  input: { companyId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Result<JobHistoryPage>> {
  if (input.companyId !== undefined && !isUuid(input.companyId)) return ok({ items: [], nextCursor: null });
  try {
    const page = await listJobRuns(db.kysely, input);
    return ok({
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
      })),
      nextCursor: page.nextCursor ?? null,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "invalid_cursor")
      return err("invalid_cursor", (error as Error).message);
    throw error;
  }
}
