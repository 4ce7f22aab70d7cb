// POST /api/admin/companies/{companyId}/import/{collection}?dryRun=1 (text/csv): the web app's and the
// CLI's CSV import, the same service as the host API's.
import type { FastifyInstance } from "fastify";
import type { ApiContext } from "#api/context.ts";
import { csvImportHandler, csvRouteOptions } from "#api/routes/csvImport.ts";

export function registerPostAdminImport(app: FastifyInstance, ctx: ApiContext) {
  app.post<{ Params: { companyId: string; collection: string } }>(
    "/companies/:companyId/import/:collection",
    csvRouteOptions,
    csvImportHandler(ctx, (request) => request.params.companyId),
  );
}
