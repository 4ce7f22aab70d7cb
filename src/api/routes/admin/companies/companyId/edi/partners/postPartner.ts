// POST /api/admin/companies/{companyId}/edi/partners: a new trading partner on one of the connections.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { createPartner } from "#edi/partners.ts";

export function registerPostPartner(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string } }>(
    "/companies/:companyId/edi/partners",
    async (request, reply) => {
      const result = await createPartner(ediContext(ctx), {
        companyId: request.params.companyId,
        body: request.body,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.code(201).send(result.value);
    },
  );
}
