// GET /api/admin/companies/{companyId}/edi/messages/{messageId}: one message with its raw X12 and parsed form.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { getMessage } from "#edi/messages.ts";

export function registerGetMessage(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; messageId: string } }>(
    "/companies/:companyId/edi/messages/:messageId",
    async (request, reply) => {
      const result = await getMessage(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
