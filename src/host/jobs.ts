// The job history as the web app and `ledgerlink status` show it: one row per attempt, newest first,
// with the company's name.
import { sql } from "kysely";
import type { Database } from "../store/database.ts";
import { isUuid } from "../store/companies.ts";

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

function encodeCursor(startedAt: Date, id: number): string {
  return Buffer.from(JSON.stringify([startedAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { startedAt: Date; id: number } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const startedAt = new Date(String(at));
    if (typeof id !== "number" || !Number.isSafeInteger(id) || Number.isNaN(startedAt.getTime())) return undefined;
    return { startedAt, id };
  } catch {
    return undefined;
  }
}

export async function jobHistory(
  db: Database,
  input: { companyId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<JobHistoryPage> {
  if (input.companyId !== undefined && !isUuid(input.companyId)) return { items: [], nextCursor: null };
  const limit = Math.max(1, Math.min(input.limit, 500));
  let query = db.kysely
    .selectFrom("job_runs")
    .leftJoin("companies", "companies.id", "job_runs.company_id")
    .select([
      "job_runs.id",
      "job_runs.job_id",
      "job_runs.type",
      "job_runs.company_id",
      "companies.name as company_name",
      "job_runs.attempt",
      "job_runs.started_at",
      "job_runs.finished_at",
      "job_runs.outcome",
      "job_runs.counts",
      "job_runs.error",
    ]);
  if (input.companyId !== undefined) query = query.where("job_runs.company_id", "=", input.companyId);
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple("job_runs.started_at", "job_runs.id"), "<", eb.tuple(after.startedAt, after.id)),
    );
  }
  const rows = await query
    .orderBy("job_runs.started_at", "desc")
    .orderBy("job_runs.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      jobId: String(r.job_id),
      type: r.type,
      companyId: r.company_id,
      companyName: r.company_name,
      attempt: r.attempt,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      outcome: r.outcome,
      counts: (r.counts as Record<string, number> | null) ?? null,
      error: r.error,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.started_at, last.id) : null,
  };
}

/** Jobs waiting or running, for status displays. */
export async function queueDepth(db: Database): Promise<{ queued: number; running: number }> {
  const rows = await db.kysely
    .selectFrom("jobs")
    .select(["state", sql<number>`count(*)`.as("n")])
    .where("state", "in", ["queued", "running"])
    .groupBy("state")
    .execute();
  const n = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { queued: n("queued"), running: n("running") };
}
