// PUT /api/admin/companies/{companyId}/connection: the app's credentials and the environment.
import type { FastifyInstance } from "fastify";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { connectionSettingsSchema, saveSettings } from "#sync/connection.ts";

export function registerPutConnection(app: FastifyInstance, ctx: ApiContext) {
  app.put<{ Params: { companyId: string } }>("/companies/:companyId/connection", async (request, reply) => {
    const body = parseWith(connectionSettingsSchema, request.body);
    if (!body.ok) {
      return sendProblem(
        reply,
        "invalid_connection_settings",
        "The connection settings are not valid.",
        body.issues,
      );
    }
    const result = await saveSettings(connectionDeps(ctx), request.params.companyId, body.value);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.header("cache-control", "no-store").send(result.value);
  });
}
