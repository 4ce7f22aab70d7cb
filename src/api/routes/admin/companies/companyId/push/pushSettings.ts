// The company's push settings, for the web app's settings screen:
//   GET   /api/admin/companies/{companyId}/push                     settings, switches, recent changes
//   PATCH /api/admin/companies/{companyId}/push                     change some settings
//   PUT   /api/admin/companies/{companyId}/push/switches/{object}   {on: true|false}
//   POST  /api/admin/companies/{companyId}/push/export               {collection, externalIds} or {collection, from, to}
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { adminOf } from "#api/auth/admin-session.ts";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { sendProblem, sendServiceError } from "#api/problem.ts";
import { parseWith } from "#api/validate.ts";
import { DateOnly, Ref } from "#domain/common.ts";
import { remoteAccountCheck } from "#sync/accounts.ts";
import { exportDocuments } from "#sync/run.ts";
import { ACTIVE_PROVIDER, getPushSettings, setSwitch, updatePushSettings } from "#sync/settings.ts";

const switchBody = z.strictObject({ on: z.boolean() });
const exportBody = z.union([
  z.strictObject({ collection: z.string().min(1).max(50), externalIds: z.array(Ref).min(1).max(1000) }),
  z.strictObject({ collection: z.string().min(1).max(50), from: DateOnly, to: DateOnly }),
]);

type Params = { companyId: string };

export function registerPushSettings(app: FastifyInstance, ctx: ApiContext) {
  app.get<{ Params: Params }>("/companies/:companyId/push", async (request, reply) => {
    const result = await getPushSettings(ctx.db.kysely, request.params.companyId, ACTIVE_PROVIDER);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });

  app.patch<{ Params: Params }>("/companies/:companyId/push", async (request, reply) => {
    const result = await updatePushSettings(
      ctx.db.kysely,
      request.params.companyId,
      ACTIVE_PROVIDER,
      request.body ?? {},
      {
        changedBy: adminOf(request).user.username,
        // Default accounts are checked against the company's QuickBooks chart (type and detail type).
        checkAccount: remoteAccountCheck(connectionDeps(ctx), request.params.companyId),
      },
    );
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });

  app.put<{ Params: Params & { object: string } }>(
    "/companies/:companyId/push/switches/:object",
    async (request, reply) => {
      const parsed = parseWith(switchBody, request.body ?? {});
      if (!parsed.ok)
        return sendProblem(reply, "invalid_request", "Say whether the switch is on.", parsed.issues);
      const result = await setSwitch(
        ctx.db.kysely,
        request.params.companyId,
        ACTIVE_PROVIDER,
        request.params.object,
        parsed.value.on,
        adminOf(request).user.username,
      );
      if (!result.ok) return sendServiceError(reply, result.error);
      return reply.send(result.value);
    },
  );

  app.post<{ Params: Params }>("/companies/:companyId/push/export", async (request, reply) => {
    const parsed = parseWith(exportBody, request.body ?? {});
    if (!parsed.ok) {
      return sendProblem(
        reply,
        "invalid_request",
        "Give the collection and either externalIds or a date range (from, to).",
        parsed.issues,
      );
    }
    if ("from" in parsed.value && parsed.value.from > parsed.value.to) {
      return sendProblem(reply, "invalid_request", "The date range ends before it starts.", [
        { path: "/to", message: `is before from (${parsed.value.from})` },
      ]);
    }
    const result = await exportDocuments(ctx.db.kysely, request.params.companyId, parsed.value);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.code(202).send(result.value);
  });
}
