// POST /api/admin/keys/{id}/revoke: the key stops working at once, on every server sharing the database.
import type { FastifyInstance } from "fastify";
import { revokeApiKey } from "#admin/keys.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";

export function registerPostRevoke(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { keyId: string } }>("/keys/:keyId/revoke", async (request, reply) => {
    const result = await revokeApiKey(ctx.db, request.params.keyId);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
