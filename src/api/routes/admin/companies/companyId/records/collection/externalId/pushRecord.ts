// One record's push, for its page in the web app:
//   GET  /api/admin/companies/{companyId}/records/{collection}/{externalId}/history   push attempts, newest first
//   POST /api/admin/companies/{companyId}/records/{collection}/{externalId}/retry     push it again now
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import { recordPushHistory, retryPush } from "#sync/run.ts";

type Params = { companyId: string; collection: string; externalId: string };

export function registerRecordPush(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: Params }>(
    "/companies/:companyId/records/:collection/:externalId/history",
    async (request, reply) => {
      const result = await recordPushHistory(ctx.db.kysely, request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );

  app.post<{ Params: Params }>(
    "/companies/:companyId/records/:collection/:externalId/retry",
    async (request, reply) => {
      const result = await retryPush(ctx.db.kysely, request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.code(202).send(result.value);
    },
  );
}
