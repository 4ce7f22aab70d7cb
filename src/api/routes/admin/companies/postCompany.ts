// POST /api/admin/companies {name}
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { createCompany } from "#admin/companies.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";

const body = z.strictObject({ name: z.string().trim().min(1, "must not be empty").max(200) });

export function registerPostCompany(app: FastifyInstance, ctx: ApiContext) {
  app.post("/companies", async (request, reply) => {
    const parsed = parseWith(body, request.body ?? {});
    if (!parsed.ok) return sendProblem(reply, "invalid_request", "The company needs a name.", parsed.issues);
    const result = await createCompany(ctx.db, parsed.value);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.code(201).send(result.value);
  });
}
