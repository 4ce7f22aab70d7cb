// POST /api/admin/companies/{companyId}/edi/poll {connection?}: one pickup now, from every active
// connection or the one named; answers what each connection picked up and sent.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { poll } from "#edi/inbound/poll.ts";

const body = z.strictObject({ connection: z.string().min(1).max(100).optional() });

export function registerPostPoll(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string } }>("/companies/:companyId/edi/poll", async (request, reply) => {
    const b = parseWith(body, request.body ?? {});
    if (!b.ok) return sendProblem(reply, "invalid_request", "The request body is not valid.", b.issues);
    const result = await poll(ediContext(ctx), {
      companyId: request.params.companyId,
      connection: b.value.connection,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send({ connections: result.value });
  });
}
