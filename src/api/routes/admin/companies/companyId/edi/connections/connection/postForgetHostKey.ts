// POST /api/admin/companies/{companyId}/edi/connections/{connection}/forget-host-key: drops an SFTP
// connection's pinned host key, so the next connection pins the server's new one (after the partner has
// confirmed the change). 409 connection_not_sftp for a folder connection.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { forgetHostKey } from "#edi/connections.ts";

export function registerPostForgetHostKey(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string; connection: string } }>(
    "/companies/:companyId/edi/connections/:connection/forget-host-key",
    async (request, reply) => {
      const result = await forgetHostKey(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
