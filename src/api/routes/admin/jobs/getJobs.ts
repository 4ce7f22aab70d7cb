// GET /api/admin/jobs?companyId=&cursor=&limit=: the job history, newest first; `group=true` gathers a
// bulk request's or an import's jobs into one entry, and `batch=` lists that entry's attempts.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { jobHistory } from "#admin/jobs.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";

const query = z.strictObject({
  companyId: z.string().max(100).optional(),
  outcome: z.enum(["running", "succeeded", "failed", "retrying", "waiting"]).optional(),
  type: z.string().max(100).optional(),
  collection: z.string().max(100).optional(),
  externalId: z.string().max(500).optional(),
  batch: z.string().max(100).optional(),
  group: z.enum(["true", "false"]).optional(),
  counts: z.enum(["true", "false"]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function registerGetJobs(app: FastifyInstance, ctx: ApiContext) {
  app.get("/jobs", async (request, reply) => {
    const q = parseWith(query, request.query);
    if (!q.ok) return sendProblem(reply, "invalid_request", "The query string is not valid.", q.issues);
    const result = await jobHistory(ctx.db, {
      companyId: q.value.companyId || undefined,
      outcome: q.value.outcome,
      type: q.value.type || undefined,
      collection: q.value.collection || undefined,
      externalId: q.value.externalId || undefined,
      batchId: q.value.batch || undefined,
      grouped: q.value.group === "true",
      withCounts: q.value.counts === "true",
      cursor: q.value.cursor || undefined,
      limit: q.value.limit,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
