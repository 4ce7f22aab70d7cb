// POST /api/admin/logout: ends the session on the server, not only in the browser.
import type { FastifyInstance } from "fastify";
import { signOut } from "#admin/users.ts";
import { sessionCookie } from "../../auth/admin-session.ts";
import type { ApiContext } from "../../context.ts";

export function registerPostLogout(app: FastifyInstance, ctx: ApiContext) {
  app.post("/logout", async (request, reply) => {
    const sessionId = request.cookies[sessionCookie];
    if (sessionId) await signOut(ctx.db, sessionId);
    reply.clearCookie(sessionCookie, { path: "/" });
    return reply.code(204).send();
  });
}
