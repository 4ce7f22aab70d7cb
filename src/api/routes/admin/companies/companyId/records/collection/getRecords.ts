// GET /api/admin/companies/{companyId}/records/{collection}: the records browser's page of rows.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { browseRecords } from "#admin/browse.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { syncStatuses } from "#domain/sync-status.ts";

const query = z.strictObject({
  search: z.string().trim().max(200).optional(),
  status: z.union([z.enum(syncStatuses), z.literal("")]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function registerGetRecords(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; collection: string } }>(
    "/companies/:companyId/records/:collection",
    async (request, reply) => {
      const q = parseWith(query, request.query);
      if (!q.ok) return sendProblem(reply, "invalid_request", "The query string is not valid.", q.issues);
      const result = await browseRecords(ctx.db, {
        companyId: request.params.companyId,
        collection: request.params.collection,
        search: q.value.search || undefined,
        status: q.value.status || undefined,
        cursor: q.value.cursor || undefined,
        limit: q.value.limit,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
