// POST /api/v1/{collection}/bulk: up to 1,000 records in one all-or-nothing transaction. If any record
// is invalid nothing is written and every problem is reported by its JSON path in the request body.
import type { FastifyInstance } from "fastify";
import { bulkUpsertRecords } from "../../../../host/records.ts";
import { hostOf } from "../../../auth/api-key.ts";
import type { ApiContext } from "../../../context.ts";
import { limits } from "../../../limits.ts";
import { sendServiceError } from "../../../problem.ts";

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
