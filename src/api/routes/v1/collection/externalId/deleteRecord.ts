// DELETE /api/v1/{collection}/{externalId}: marks the record deleted. It stays as a tombstone so the
// deletion can be carried to QuickBooks and shown in history; a later PUT brings it back. The answer
// names the live records that still name the deleted one (`referencedBy`), which now warn of it.
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import { deleteRecord } from "#host/records.ts";

export function registerDeleteRecord(app: FastifyInstance, ctx: ApiContext) {
  app.delete<{ Params: { collection: string; externalId: string } }>(
    "/:collection/:externalId",
    async (request, reply) => {
      const result = await deleteRecord(ctx.db, {
        companyId: hostOf(request).companyId,
        collection: request.params.collection,
        externalId: request.params.externalId,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send({ ...result.value.record, referencedBy: result.value.referencedBy });
    },
  );
}
