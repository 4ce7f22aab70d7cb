// The handler shared by both CSV import endpoints (host API and admin API): they differ only in how
// the company is known (the API key's, or the one named in the admin path).
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { importCsv } from "#host/import.ts";
import type { ApiContext } from "../context.ts";
import { sendProblem, sendServiceError } from "../problem.ts";
import { parseWith } from "../validate.ts";

const importQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
});

/** `POST …/{collection}` with a text/csv body and `?dryRun=`: imports into the company `companyOf` names. */
export function csvImportHandler<P extends { collection: string }>(
  ctx: ApiContext,
  companyOf: (request: FastifyRequest<{ Params: P }>) => string,
) {
  return async (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const query = parseWith(importQuery, request.query);
    if (!query.ok)
      return sendProblem(reply, "invalid_request", "The query string is not valid.", query.issues);
    if (typeof request.body !== "string") {
      return sendProblem(reply, "unsupported_media_type", "Send the CSV file with Content-Type: text/csv.");
    }
    const result = await importCsv(ctx.db, {
      companyId: companyOf(request),
      collection: (request.params as P).collection,
      input: request.body,
      dryRun: query.value.dryRun,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  };
}
