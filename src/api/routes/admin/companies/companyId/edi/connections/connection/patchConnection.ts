// PATCH /api/admin/companies/{companyId}/edi/connections/{connection}: *Edit*, *Deactivate* and
// *Activate* — changes the fields the body gives (name, active, ourQualifier, ourId, transport, folder or
// sftp settings, secrets), checked as on create. DELETE the same path: only a connection nothing refers
// to (409 connection_in_use otherwise), answered 204.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { editConnection, removeConnection } from "#edi/connections.ts";

export function registerPatchConnection(app: FastifyInstance, ctx: ApiContext) {
  app.patch<{ Params: { companyId: string; connection: string } }>(
    "/companies/:companyId/edi/connections/:connection",
    async (request, reply) => {
      const result = await editConnection(ediContext(ctx), { ...request.params, body: request.body ?? {} });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
  app.delete<{ Params: { companyId: string; connection: string } }>(
    "/companies/:companyId/edi/connections/:connection",
    async (request, reply) => {
      const result = await removeConnection(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.code(204).send();
    },
  );
}
