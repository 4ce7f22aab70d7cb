// POST /api/admin/companies/{companyId}/connection/disconnect: revokes the authorisation at QuickBooks.
import type { FastifyInstance } from "fastify";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import { disconnect } from "#sync/connection.ts";

export function registerPostDisconnect(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string } }>(
    "/companies/:companyId/connection/disconnect",
    async (request, reply) => {
      const result = await disconnect(connectionDeps(ctx), request.params.companyId);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.header("cache-control", "no-store").send(result.value);
    },
  );
}
