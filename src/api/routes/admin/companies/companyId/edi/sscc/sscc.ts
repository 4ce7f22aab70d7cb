// GET and PUT /api/admin/companies/{companyId}/edi/sscc: the GS1 company prefix and extension digit
// from which SSCC-18s are made for cartons the host ships without one.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { ediContext } from "#api/edi-context.ts";
import { sendServiceError } from "#api/problem.ts";
import { readSsccSettings, saveSsccSettings } from "#edi/sscc.ts";

export function registerSsccSettings(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string } }>("/companies/:companyId/edi/sscc", async (request, reply) => {
    const result = await readSsccSettings(ediContext(ctx), request.params.companyId);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
  app.put<{ Params: { companyId: string } }>("/companies/:companyId/edi/sscc", async (request, reply) => {
    const result = await saveSsccSettings(ediContext(ctx), {
      companyId: request.params.companyId,
      body: request.body,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
