// PATCH /api/admin/companies/{companyId} {name}: renames a company.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { renameCompany } from "#admin/companies.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";

const body = z.strictObject({ name: z.string().trim().min(1, "must not be empty").max(200) });

export function registerPatchCompany(app: FastifyInstance, ctx: ApiContext) {
  app.patch<{ Params: { companyId: string } }>("/companies/:companyId", async (request, reply) => {
    const parsed = parseWith(body, request.body ?? {});
    if (!parsed.ok) return sendProblem(reply, "invalid_request", "The company needs a name.", parsed.issues);
    const result = await renameCompany(ctx.db, { id: request.params.companyId, name: parsed.value.name });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
