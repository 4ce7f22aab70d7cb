// GET /api/v1/{collection}/{externalId}: one record with its sync block; tombstones are returned too,
// with `deletedAt` set, so a host can see that a delete was received.
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import { getRecord } from "#host/records.ts";

export function registerGetRecord(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { collection: string; externalId: string } }>(
    "/:collection/:externalId",
    async (request, reply) => {
      const result = await getRecord(ctx.db, {
        companyId: hostOf(request).companyId,
        collection: request.params.collection,
        externalId: request.params.externalId,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
