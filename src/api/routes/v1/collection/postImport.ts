// POST /api/v1/{collection}/import: a CSV file of reference data (customers, vendors, items, accounts,
// terms). Valid rows are imported, invalid ones reported by line; `?dryRun=true` reports without writing.
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { csvImportHandler, csvRouteOptions } from "../../csvImport.ts";

export function registerPostImport(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { collection: string } }>(
    "/:collection/import",
    csvRouteOptions,
    csvImportHandler(ctx, (request) => hostOf(request).companyId),
  );
}
