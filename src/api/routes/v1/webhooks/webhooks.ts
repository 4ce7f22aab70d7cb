// Host webhooks, with the company's API key:
//   POST   /api/v1/webhooks                      {url, secret, events?} → 201 {id, url, events, createdAt}
//   GET    /api/v1/webhooks                      {webhooks: [...]}
//   DELETE /api/v1/webhooks/{id}                 204
//   GET    /api/v1/webhooks/{id}/deliveries      {deliveries: [...]}, newest first
import type { FastifyInstance } from "fastify";
import { hostOf } from "#api/auth/api-key.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import { loadSecretKey } from "#secrets/index.ts";
import { listWebhooks, registerWebhook, removeWebhook, webhookDeliveries } from "#sync/webhooks.ts";

export function registerWebhookRoutes(app: FastifyInstance, ctx: ApiContext) {
  app.post("/webhooks", async (request, reply) => {
    const key = ctx.secretKey ?? loadSecretKey(ctx.config);
    const result = await registerWebhook(ctx.db, key, hostOf(request).companyId, request.body ?? {});
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.code(201).send(result.value);
  });

  app.get("/webhooks", async (request, reply) => {
    return reply.send({ webhooks: await listWebhooks(ctx.db.kysely, hostOf(request).companyId) });
  });

  app.delete<{ Params: { id: string } }>("/webhooks/:id", async (request, reply) => {
    const result = await removeWebhook(ctx.db.kysely, hostOf(request).companyId, request.params.id);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>("/webhooks/:id/deliveries", async (request, reply) => {
    const result = await webhookDeliveries(ctx.db.kysely, hostOf(request).companyId, request.params.id);
    if (!result.ok) return sendServiceError(reply, result.error);
    return reply.send(result.value);
  });
}
