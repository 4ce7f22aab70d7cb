// PATCH /api/admin/companies/{companyId}/edi/partners/{partner}: *Edit*, *Deactivate* and *Activate* —
// changes any field of the add form the body gives, checked as on create. DELETE the same path: only a
// partner nothing refers to (409 partner_in_use otherwise), answered 204.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { editPartner, removePartner } from "#edi/partners.ts";

export function registerPatchPartner(app: FastifyInstance, ctx: ApiContext) {
  app.patch<{ Params: { companyId: string; partner: string } }>(
    "/companies/:companyId/edi/partners/:partner",
    async (request, reply) => {
      const result = await editPartner(ediContext(ctx), { ...request.params, body: request.body ?? {} });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
  app.delete<{ Params: { companyId: string; partner: string } }>(
    "/companies/:companyId/edi/partners/:partner",
    async (request, reply) => {
      const result = await removePartner(ediContext(ctx), request.params);
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.code(204).send();
    },
  );
}
