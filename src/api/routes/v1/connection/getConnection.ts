// GET /api/v1/connection: the company's QuickBooks connection as the host sees it,
// exactly {provider, status, realmId, companyName, connectedAt, lastError}.
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { getHostConnection } from "#sync/connection.ts";

export function registerGetHostConnection(app: FastifyInstance, ctx: ApiContext) {
  app.get("/connection", async (request, reply) => {
    return reply.send(await getHostConnection(connectionDeps(ctx), hostOf(request).companyId));
  });
}
