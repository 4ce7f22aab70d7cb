// POST /api/admin/companies/{companyId}/edi/connections/{connection}/test: *Test connection*. Tries each
// step (connect, host key, sign in, list the inbox, write to the outbox) and reports each with what
// happened; 200 whether or not every step worked, since the report is the answer.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { testConnection } from "#edi/transports.ts";

export function registerPostConnectionTest(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string; connection: string } }>(
    "/companies/:companyId/edi/connections/:connection/test",
    async (request, reply) => {
      const result = await testConnection(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
