// GET /api/admin/companies/{companyId}/edi/connections: the company's EDI connections, secrets left out.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { listConnections } from "#edi/connections.ts";

export function registerGetConnections(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>(
    "/companies/:companyId/edi/connections",
    async (request, reply) => {
      const result = await listConnections(ediContext(ctx), request.params.companyId);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send({ items: result.value });
    },
  );
}
