// GET /api/v1/{collection}: the company's records, oldest change first, with cursor pagination so a
// host can follow changes (`changedSince`) without missing or repeating a record.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { limits } from "#api/limits.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { problemFilters } from "#domain/references.ts";
import { syncStatuses } from "#domain/sync-status.ts";
import { listRecords } from "#host/records.ts";

export const listQuery = z.strictObject({
  changedSince: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 timestamp like 2026-11-02T10:00:00Z" })
    .optional()
    .meta({
      description: "Records updated at or after this time (to start a feed; keep `pollCursor` to follow it)",
    }),
  status: z.enum(syncStatuses).optional(),
  search: z.string().trim().min(1).max(200).optional(),
  // Tombstones are left out unless asked for, except when following changes (changedSince), where a
  // deletion is a change the host needs to see.
  deleted: z
    .enum(["exclude", "include", "only"])
    .optional()
    .meta({ description: "Tombstones: excluded by default, included by default when changedSince is given" }),
  problems: z.enum(problemFilters).optional().meta({
    description:
      "Records naming a record that has not been sent (missing_reference), that is deleted (deleted_reference), or either (any)",
  }),
  references: z
    .string()
    .min(3)
    .max(300)
    .optional()
    .meta({ description: 'Records naming this record, as collection/externalId: "customers/C-1001"' }),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(limits.listMax).default(limits.listDefault),
});

export function registerGetList(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: { collection: string } }>("/:collection", async (request, reply) => {
    const query = parseWith(listQuery, request.query);
    if (!query.ok)
      return sendProblem(reply, "invalid_request", "The query string is not valid.", query.issues);
    const result = await listRecords(ctx.db, {
      companyId: hostOf(request).companyId,
      collection: request.params.collection,
      ...query.value,
    });
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
