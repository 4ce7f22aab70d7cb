// GET /api/admin/companies
import type { FastifyInstance } from "fastify";
import { listCompanies } from "#admin/companies.ts";
import type { ApiContext } from "#api/context.ts";

export function registerGetCompanies(app: FastifyInstance, ctx: ApiContext) {
  app.get("/companies", async () => ({ items: await listCompanies(ctx.db) }));
}
