// POST /api/admin/companies/{companyId}/import/{collection}?dryRun=1 (text/csv): the web app's and the
// CLI's CSV import, the same service as the host API's.
import type { FastifyInstance } from "fastify";
import { importCsv } from "../../../../../../../host/import.ts";
import type { ApiContext } from "../../../../../../context.ts";
import { limits } from "../../../../../../limits.ts";
import { sendProblem, sendServiceError } from "../../../../../../problem.ts";
import { parseWith } from "../../../../../../validate.ts";
import { importQuery } from "../../../../../importQuery.ts";

export function registerPostAdminImport(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string; collection: string } }>(
    "/companies/:companyId/import/:collection",
    { bodyLimit: limits.csvBody },
    async (request, reply) => {
      const query = parseWith(importQuery, request.query);
      if (!query.ok)
        return sendProblem(reply, "invalid_request", "The query string is not valid.", query.issues);
      if (typeof request.body !== "string") {
        return sendProblem(reply, "unsupported_media_type", "Send the CSV file with Content-Type: text/csv.");
      }
      const result = await importCsv(ctx.db, {
        companyId: request.params.companyId,
        collection: request.params.collection,
        input: request.body,
        dryRun: query.value.dryRun,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
