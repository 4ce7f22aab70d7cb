// GET /api/admin/me: who is signed in, and the CSRF token the web app must send on changes.
import type { FastifyInstance } from "fastify";
import { adminOf } from "../../auth/admin-session.ts";

export function registerGetMe(app: FastifyInstance) {
  app.get("/me", async (request) => {
    const admin = adminOf(request);
    return { user: admin.user, csrfToken: admin.csrfToken ?? null };
  });
}
