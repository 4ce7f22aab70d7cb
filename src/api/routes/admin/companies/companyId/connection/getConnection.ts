// GET /api/admin/companies/{companyId}/connection: settings and state for the web app (never a secret).
import type { FastifyInstance } from "fastify";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import { getConnectionSettings } from "#sync/connection.ts";

export function registerGetAdminConnection(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>("/companies/:companyId/connection", async (request, reply) => {
    const result = await getConnectionSettings(connectionDeps(ctx), request.params.companyId);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.header("cache-control", "no-store").send(result.value);
  });
}
