// Admin API authentication. The web app signs in and holds an HttpOnly, SameSite=Strict session cookie;
// every state-changing request must also carry the session's CSRF token in `x-csrf-token`, which a page
// on another origin cannot read. The CLI on the same machine uses the server's internal token instead
// (`Authorization: Bearer`, read from the owner-only server.json), which no browser sends on its own.
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { findSession } from "#admin/users.ts";
import type { ApiContext } from "../context.ts";
import { sendProblem } from "../problem.ts";
import { bearerToken } from "./api-key.ts";

export const sessionCookie = "ll_session";

export interface AdminPrincipal {
  kind: "session" | "internal";
  user: { id: string; username: string };
  sessionId?: string;
  csrfToken?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    admin?: AdminPrincipal;
  }
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function requireAdmin(ctx: ApiContext) {
  return async function adminHook(request: FastifyRequest, reply: FastifyReply) {
    const bearer = bearerToken(request);
    if (bearer !== undefined) {
      if (ctx.internalToken && sameSecret(bearer, ctx.internalToken)) {
        request.admin = { kind: "internal", user: { id: "internal", username: "ledgerlink-cli" } };
        return;
      }
      return sendProblem(reply, "not_signed_in", "The token is not valid for the admin API.");
    }
    const sessionId = request.cookies[sessionCookie];
    const session = sessionId ? await findSession(ctx.db, sessionId) : undefined;
    if (!sessionId || !session) {
      return sendProblem(reply, "not_signed_in", "Sign in to continue.");
    }
    if (!safeMethods.has(request.method)) {
      const presented = request.headers["x-csrf-token"];
      if (typeof presented !== "string" || !sameSecret(presented, session.csrfToken)) {
        return sendProblem(
          reply,
          "csrf_token_invalid",
          "This request must carry the x-csrf-token header given at sign-in.",
        );
      }
    }
    request.admin = { kind: "session", user: session.user, sessionId, csrfToken: session.csrfToken };
  };
}

export function adminOf(request: FastifyRequest): AdminPrincipal {
  if (!request.admin) throw new Error("route is not behind requireAdmin");
  return request.admin;
}
