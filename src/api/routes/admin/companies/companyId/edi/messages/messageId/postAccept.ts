// POST /api/admin/companies/{companyId}/edi/messages/{messageId}/accept: a received 850 becomes a sales
// order; 409 with the reasons when something is still to map or the PO was accepted before.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { acceptMessage } from "#edi/inbound/accept.ts";
import { getMessage } from "#edi/messages.ts";

export function registerPostAccept(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string; messageId: string } }>(
    "/companies/:companyId/edi/messages/:messageId/accept",
    async (request, reply) => {
      const edi = ediContext(ctx);
      const accepted = await acceptMessage(edi, request.params);
      if (!accepted.ok) return sendServiceError(reply, accepted.error);
      const message = await getMessage(edi, request.params);
      if (!message.ok) return sendServiceError(reply, message.error);
      return reply.send(message.value);
    },
  );
}
