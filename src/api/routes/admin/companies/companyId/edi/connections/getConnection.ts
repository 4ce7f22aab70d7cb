// GET /api/admin/companies/{companyId}/edi/connections/{connection}: one connection, by id or name.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { getConnection } from "#edi/connections.ts";

export function registerGetConnection(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; connection: string } }>(
    "/companies/:companyId/edi/connections/:connection",
    async (request, reply) => {
      const result = await getConnection(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
