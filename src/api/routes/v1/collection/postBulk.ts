// POST /api/v1/{collection}/bulk: up to 1,000 records in one all-or-nothing transaction. If any record
// is invalid nothing is written and every problem is reported by its JSON path in the request body.
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { limits } from "#api/limits.ts";
import { sendServiceError } from "#api/problem.ts";
import { bulkUpsertRecords } from "#host/records.ts";

export function registerPostBulk(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { collection: string } }>(
    "/:collection/bulk",
    { bodyLimit: limits.bulkBody },
    async (request, reply) => {
      const result = await bulkUpsertRecords(ctx.db, {
        companyId: hostOf(request).companyId,
        collection: request.params.collection,
        body: request.body,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
