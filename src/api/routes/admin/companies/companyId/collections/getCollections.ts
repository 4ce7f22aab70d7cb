// GET /api/admin/companies/{companyId}/collections: every collection with its live record count.
import type { FastifyInstance } from "fastify";
import { collectionSummaries } from "#admin/browse.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";

export function registerGetCollections(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>("/companies/:companyId/collections", async (request, reply) => {
    const result = await collectionSummaries(ctx.db, request.params.companyId);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send({ items: result.value });
  });
}
