// GET /api/admin/companies/{companyId}/edi/partners/{partner}: one trading partner, by id or name.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { getPartner } from "#edi/partners.ts";

export function registerGetPartner(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; partner: string } }>(
    "/companies/:companyId/edi/partners/:partner",
    async (request, reply) => {
      const result = await getPartner(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
