// GET /api/admin/companies/{companyId}/keys: never the keys themselves (only their hashes are kept).
import type { FastifyInstance } from "fastify";
import { listApiKeys } from "#admin/keys.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";

export function registerGetKeys(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>("/companies/:companyId/keys", async (request, reply) => {
    const result = await listApiKeys(ctx.db, request.params.companyId);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send({ items: result.value });
  });
}
