// GET /api/admin/companies/{companyId}/records/{collection}: the records browser's page of rows,
// sorted by any of the list's columns and paged by number.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { browseRecords } from "#admin/browse.ts";
import { sortKeys } from "#admin/list-columns.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { isCollection } from "#domain/collections.ts";
import { problemFilters } from "#domain/references.ts";
import { syncStatuses } from "#domain/sync-status.ts";

const query = z.strictObject({
  search: z.string().trim().max(200).optional(),
  status: z.union([z.enum(syncStatuses), z.literal("")]).optional(),
  sort: z.string().max(50).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  deleted: z.enum(["include", "exclude"]).default("exclude"),
  problems: z.union([z.enum(problemFilters), z.literal("")]).optional(),
  references: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function registerGetRecords(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { companyId: string; collection: string } }>(
    "/companies/:companyId/records/:collection",
    async (request, reply) => {
      const q = parseWith(query, request.query);
      if (!q.ok) return sendProblem(reply, "invalid_request", "The query string is not valid.", q.issues);
      const { collection } = request.params;
      const sort = q.value.sort || undefined;
      if (sort !== undefined && isCollection(collection) && !sortKeys(collection).includes(sort)) {
        const expected = sortKeys(collection).join(", ");
        return sendProblem(reply, "invalid_request", "The query string is not valid.", [
          { path: "/sort", message: `must be one of ${expected}, got "${sort}"` },
        ]);
      }
      const result = await browseRecords(ctx.db, {
        companyId: request.params.companyId,
        collection,
        search: q.value.search || undefined,
        status: q.value.status || undefined,
        includeDeleted: q.value.deleted === "include",
        problems: q.value.problems || undefined,
        references: q.value.references || undefined,
        sort,
        direction: q.value.order,
        page: q.value.page,
        limit: q.value.limit,
      });
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );
}
