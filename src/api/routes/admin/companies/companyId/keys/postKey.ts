// POST /api/admin/companies/{companyId}/keys: a new key, returned once and never again.
import type { FastifyInstance } from "fastify";
import { createApiKey } from "#admin/keys.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";

export function registerPostKey(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string } }>("/companies/:companyId/keys", async (request, reply) => {
    const result = await createApiKey(ctx.db, { companyId: request.params.companyId });
    if (!result.ok) return sendServiceError(reply, result.error);
    const { id, key, prefix } = result.value;
    return reply.code(201).header("cache-control", "no-store").send({ id, key, prefix });
  });
}
