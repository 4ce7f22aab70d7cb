// GET /api/admin/companies/{companyId}/edi/messages?partner=&direction=&status=&type=&collection=&externalId=&before=&limit=:
// the message inbox, newest first.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { ediDirections, ediMessageStatuses } from "#domain/edi.ts";
import { listMessages } from "#edi/messages.ts";

const query = z.strictObject({
  partner: z.string().min(1).max(100).optional(),
  direction: z.enum(ediDirections).optional(),
  status: z.enum(ediMessageStatuses).optional(),
  type: z
    .string()
    .regex(/^(\d{3}|TA1)$/, "must be a transaction set id like 850, or TA1")
    .optional(),
  collection: z.string().min(1).max(50).optional(),
  externalId: z.string().min(1).max(128).optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/, "must be a message id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function registerGetMessages(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>("/companies/:companyId/edi/messages", async (request, reply) => {
    const q = parseWith(query, request.query);
    if (!q.ok) return sendProblem(reply, "invalid_request", "The query string is not valid.", q.issues);
    const result = await listMessages(ediContext(ctx), {
      companyId: request.params.companyId,
      partner: q.value.partner,
      direction: q.value.direction,
      status: q.value.status,
      type: q.value.type,
      recordCollection: q.value.collection,
      recordExternalId: q.value.externalId,
      before: q.value.before,
      limit: q.value.limit,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
