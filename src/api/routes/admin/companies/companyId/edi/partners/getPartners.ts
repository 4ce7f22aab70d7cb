// GET /api/admin/companies/{companyId}/edi/partners?connection=: the trading partners, by name.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { listPartners } from "#edi/partners.ts";

const query = z.strictObject({ connection: z.string().min(1).max(100).optional() });

export function registerGetPartners(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>("/companies/:companyId/edi/partners", async (request, reply) => {
    const q = parseWith(query, request.query);
    if (!q.ok) return sendProblem(reply, "invalid_request", "The query string is not valid.", q.issues);
    const result = await listPartners(ediContext(ctx), {
      companyId: request.params.companyId,
      connection: q.value.connection,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send({ items: result.value });
  });
}
