// POST /api/admin/companies/{companyId}/edi/connections: a new connection (folder pair or SFTP); its
// secrets are sealed and never returned.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { createConnection } from "#edi/connections.ts";

export function registerPostConnection(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string } }>(
    "/companies/:companyId/edi/connections",
    async (request, reply) => {
      const result = await createConnection(ediContext(ctx), {
        companyId: request.params.companyId,
        body: request.body,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.code(201).send(result.value);
    },
  );
}
