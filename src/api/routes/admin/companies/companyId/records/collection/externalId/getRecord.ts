// GET /api/admin/companies/{companyId}/records/{collection}/{externalId}: the record exactly as the
// host API returns it.
import type { FastifyInstance } from "fastify";
import { getRecord } from "../../../../../../../../host/records.ts";
import type { ApiContext } from "../../../../../../../context.ts";
import { sendServiceError } from "../../../../../../../problem.ts";

export function registerGetAdminRecord(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; collection: string; externalId: string } }>(
    "/companies/:companyId/records/:collection/:externalId",
    async (request, reply) => {
      const result = await getRecord(ctx.db, request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
