// GET /api/admin/companies/{companyId}/records/{collection}/{externalId}: the record as the host API
// returns it, with how each field reads and the names of the records it refers to.
import type { FastifyInstance } from "fastify";
import { recordDetail } from "#admin/browse.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";

export function registerGetAdminRecord(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; collection: string; externalId: string } }>(
    "/companies/:companyId/records/:collection/:externalId",
    async (request, reply) => {
      const result = await recordDetail(ctx.db, request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
