// POST /api/v1/{collection}/import: a CSV file of reference data (customers, vendors, items, accounts,
// terms). Valid rows are imported, invalid ones reported by line; `?dryRun=true` reports without writing.
import type { FastifyInstance } from "fastify";
import { importCsv } from "../../../../host/import.ts";
import { hostOf } from "../../../auth/api-key.ts";
import type { ApiContext } from "../../../context.ts";
import { limits } from "../../../limits.ts";
import { sendProblem, sendServiceError } from "../../../problem.ts";
import { parseWith } from "../../../validate.ts";
import { importQuery } from "../../importQuery.ts";

export function registerPostImport(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { collection: string } }>(
    "/:collection/import",
    { bodyLimit: limits.csvBody },
    async (request, reply) => {
      const query = parseWith(importQuery, request.query);
      if (!query.ok)
        return sendProblem(reply, "invalid_request", "The query string is not valid.", query.issues);
      if (typeof request.body !== "string") {
        return sendProblem(reply, "unsupported_media_type", "Send the CSV file with Content-Type: text/csv.");
      }
      const result = await importCsv(ctx.db, {
        companyId: hostOf(request).companyId,
        collection: request.params.collection,
        input: request.body,
        dryRun: query.value.dryRun,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
