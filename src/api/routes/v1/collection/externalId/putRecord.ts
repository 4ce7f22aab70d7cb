// PUT /api/v1/{collection}/{externalId}: create or replace one record. Idempotent: the same body twice
// changes nothing and keeps the version.
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { limits } from "#api/limits.ts";
import { sendServiceError } from "#api/problem.ts";
import { putRecord } from "#host/records.ts";

export function registerPutRecord(app: FastifyInstance, ctx: ApiContext) {
  app.put<{ Params: { collection: string; externalId: string } }>(
    "/:collection/:externalId",
    { bodyLimit: limits.recordBody },
    async (request, reply) => {
      const { companyId } = hostOf(request);
      const result = await putRecord(ctx.db, {
        companyId,
        collection: request.params.collection,
        externalId: request.params.externalId,
        body: request.body,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.code(result.value.created ? 201 : 200).send(result.value.record);
    },
  );
}
