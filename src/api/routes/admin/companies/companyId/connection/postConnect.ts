// POST /api/admin/companies/{companyId}/connection/connect: the consent page's address to send the
// browser to (Connect and Reconnect alike). The callback address is this server's own, as the browser
// reaches it; it must be one of the redirect URIs registered with the app at Intuit.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { startConnect } from "#sync/connection.ts";

export const CALLBACK_PATH = "/api/oauth/quickbooks/callback";

const bodySchema = z.strictObject({ returnTo: z.string().max(500).optional() }).optional();

export function registerPostConnect(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string } }>(
    "/companies/:companyId/connection/connect",
    async (request, reply) => {
      const body = parseWith(bodySchema, request.body);
      if (!body.ok) return sendProblem(reply, "invalid_request", "The body is not valid.", body.issues);
      const redirectUri = `${request.protocol}://${request.host}${CALLBACK_PATH}`;
      const result = await startConnect(connectionDeps(ctx), request.params.companyId, {
        redirectUri,
        returnTo: body.value?.returnTo,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.header("cache-control", "no-store").send({ ...result.value, redirectUri });
    },
  );
}
