// GET /api/health: answers when the server is up and its database responds. The CLI uses it to tell a
// live server from a stale server.json.
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { ApiContext } from "../../context.ts";

export function registerGetHealth(app: FastifyInstance, ctx: ApiContext) {
  app.get("/api/health", async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
      return reply.send({ status: "ok", database: ctx.db.kind, pid: process.pid });
    } catch {
      return reply.code(503).send({ status: "unavailable", database: ctx.db.kind, pid: process.pid });
    }
  });
}
