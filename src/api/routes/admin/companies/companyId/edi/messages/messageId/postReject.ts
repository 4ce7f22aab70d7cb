// POST /api/admin/companies/{companyId}/edi/messages/{messageId}/reject {reason?}: a received 850 that is
// new or needs attention will not become an order; answers the message, now rejected with the reason.
// 409 message_not_rejectable for any other message.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { REJECT_REASON_MAX, rejectMessage } from "#edi/messages.ts";

const body = z.strictObject({
  reason: z.string().max(REJECT_REASON_MAX, `must be at most ${REJECT_REASON_MAX} characters`).optional(),
});

export function registerPostReject(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string; messageId: string } }>(
    "/companies/:companyId/edi/messages/:messageId/reject",
    async (request, reply) => {
      const b = parseWith(body, request.body ?? {});
      if (!b.ok) return sendProblem(reply, "invalid_request", "The request body is not valid.", b.issues);
      const result = await rejectMessage(ediContext(ctx), { ...request.params, reason: b.value.reason });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
