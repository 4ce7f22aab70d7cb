// What the push settings screens read of the company's QuickBooks books, through its connection:
//   GET /api/admin/companies/{companyId}/quickbooks/accounts?kind=income&search=sales   accounts by name
//   GET /api/admin/companies/{companyId}/quickbooks/books         close date, default accounts by name
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { readBooks, searchDefaultAccounts } from "#sync/accounts.ts";
import { ACTIVE_PROVIDER, DEFAULT_ACCOUNT_KINDS, getPushSettings } from "#sync/settings.ts";

const accountsQuery = z.strictObject({
  kind: z.enum(DEFAULT_ACCOUNT_KINDS),
  search: z.string().max(100).default(""),
});

type Params = { companyId: string };

export function registerQuickBooksBooks(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: Params }>("/companies/:companyId/quickbooks/accounts", async (request, reply) => {
    const q = parseWith(accountsQuery, request.query);
    if (!q.ok) return sendProblem(reply, "invalid_request", "The query string is not valid.", q.issues);
    const known = await companyKnown(ctx, request.params.companyId);
    if (!known.ok) return sendServiceError(reply, known.error);
    const result = await searchDefaultAccounts(
      connectionDeps(ctx),
      request.params.companyId,
      q.value.kind,
      q.value.search,
    );
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.header("cache-control", "no-store").send(result.value);
  });

  app.get<{ Params: Params }>("/companies/:companyId/quickbooks/books", async (request, reply) => {
    const known = await companyKnown(ctx, request.params.companyId);
    if (!known.ok) return sendServiceError(reply, known.error);
    const result = await readBooks(
      connectionDeps(ctx),
      request.params.companyId,
      known.value.settings.defaultAccounts,
    );
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.header("cache-control", "no-store").send(result.value);
  });
}

/** A company that does not exist answers 404, not "not connected". */
function companyKnown(ctx: ApiContext, companyId: string) {
  return getPushSettings(ctx.db.kysely, companyId, ACTIVE_PROVIDER);
}
