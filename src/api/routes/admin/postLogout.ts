// POST /api/admin/logout: ends the session on the server, not only in the browser. Like every other
// change it must carry the session's CSRF token, so another site cannot sign the user out.
import type { FastifyInstance } from "fastify";
import { findSession, signOut } from "#admin/users.ts";
import { sameSecret, sessionCookie } from "../../auth/admin-session.ts";
import type { ApiContext } from "../../context.ts";
import { sendProblem } from "../../problem.ts";

export function registerPostLogout(app: FastifyInstance, ctx: ApiContext) {
  app.post("/logout", async (request, reply) => {
    const sessionId = request.cookies[sessionCookie];
    const session = sessionId ? await findSession(ctx.db, sessionId) : undefined;
    if (sessionId && session) {
      const presented = request.headers["x-csrf-token"];
      if (typeof presented !== "string" || !sameSecret(presented, session.csrfToken)) {
        return sendProblem(
          reply,
          "csrf_token_invalid",
          "This request must carry the x-csrf-token header given at sign-in.",
        );
      }
      await signOut(ctx.db, sessionId);
    }
    // No session (or one already ended): nothing to protect, and the browser's cookie is cleared.
    reply.clearCookie(sessionCookie, { path: "/" });
    return reply.code(204).send();
  });
}
