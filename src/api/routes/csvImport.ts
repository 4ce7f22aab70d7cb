// The handler shared by both CSV import endpoints (host API and admin API): they differ only in how
// the company is known (the API key's, or the one named in the admin path).
import { PassThrough } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type ImportProgress, importCsv } from "#host/import.ts";
import type { ApiContext } from "../context.ts";
import { limits } from "../limits.ts";
import { sendProblem, sendServiceError } from "../problem.ts";
import { parseWith } from "../validate.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route takes a CSV body (text/csv or text/plain); every other route takes JSON only. */
    acceptsCsv?: boolean;
  }
}

/** The options of a route that takes a CSV file. */
export const csvRouteOptions = { bodyLimit: limits.csvBody, config: { acceptsCsv: true } };

export const importQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false)
    .meta({
      description: "true or 1: report what the import would do without writing anything (default false)",
    }),
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
    const input = {
      companyId: companyOf(request),
      collection: (request.params as P).collection,
      input: request.body,
      dryRun: query.value.dryRun,
    };
    if (acceptsProgress(request)) return importWithProgress(ctx, input, reply);
    const result = await importCsv(ctx.db, input);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  };
}

/** The media type of an import answered as it goes: one JSON object a line. */
export const IMPORT_PROGRESS_TYPE = "application/x-ndjson";

function acceptsProgress(request: FastifyRequest): boolean {
  return (request.headers.accept ?? "")
    .split(",")
    .some((t) => t.trim().split(";")[0] === IMPORT_PROGRESS_TYPE);
}

/**
 * The import answered line by line (`Accept: application/x-ndjson`): `{"progress":{rows, errors,
 * bytes, written, …}}` every few hundred rows, then `{"report":{…}}` (the report the plain answer
 * holds), or `{"problem":{code, detail}}` if the import fails once under way. A request refused before
 * any row is read (unknown company or collection) is answered as usual, with its status and problem.
 */
async function importWithProgress(
  ctx: ApiContext,
  input: Omit<Parameters<typeof importCsv>[1], "onProgress">,
  reply: FastifyReply,
) {
  const lines = new PassThrough();
  let started = false;
  const line = (value: unknown) => lines.write(`${JSON.stringify(value)}\n`);
  const start = () => {
    if (started) return;
    started = true;
    reply.type(`${IMPORT_PROGRESS_TYPE}; charset=utf-8`).send(lines);
  };
  try {
    const onProgress = (progress: ImportProgress) => {
      start();
      line({ progress });
    };
    const result = await importCsv(ctx.db, { ...input, onProgress });
    if (!result.ok && !started) return sendServiceError(reply, result.error);
    start();
    line(
      result.ok
        ? { report: result.value }
        : { problem: { code: result.error.code, detail: result.error.message } },
    );
  } catch (error) {
    if (!started) throw error;
    reply.log.error({ err: error }, "CSV import failed while streaming its progress");
    line({ problem: { code: "internal_error", detail: "The import failed on the server; see its log." } });
  }
  lines.end();
  return reply;
}
