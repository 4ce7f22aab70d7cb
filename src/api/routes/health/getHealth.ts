// GET /api/health: answers when the server is up and its database responds. The CLI uses it to tell a
// live server from a stale server.json.
import type { FastifyInstance } from "fastify";
import { databaseResponds } from "#store/database.ts";
import type { ApiContext } from "../../context.ts";

export function registerGetHealth(app: FastifyInstance, ctx: ApiContext) {
  app.get("/api/health", async (_request, reply) => {
    if (await databaseResponds(ctx.db))
      return reply.send({ status: "ok", database: ctx.db.kind, pid: process.pid });
    return reply.code(503).send({ status: "unavailable", database: ctx.db.kind, pid: process.pid });
  });
}
