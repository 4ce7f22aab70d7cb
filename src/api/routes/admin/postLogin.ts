// POST /api/admin/login: checks the admin's password and opens a session (HttpOnly cookie) whose CSRF
// token is returned in the body for the web app to send back on every change.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { signIn } from "#admin/users.ts";
import { sessionCookie } from "../../auth/admin-session.ts";
import { LoginThrottle } from "../../auth/login-throttle.ts";
import type { ApiContext } from "../../context.ts";
import { sendProblem, sendServiceError } from "../../problem.ts";
import { parseWith } from "../../validate.ts";

const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1000),
});

/** Ten attempts within 15 minutes per name and address; shared with the unlock route. */
export function signInThrottle(): LoginThrottle {
  return new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60 * 1000 });
}

export function registerPostLogin(
  app: FastifyInstance,
  ctx: ApiContext,
  throttle: LoginThrottle = signInThrottle(),
) {
  app.post("/login", async (request, reply) => {
    const body = parseWith(loginBody, request.body ?? {});
    if (!body.ok)
      return sendProblem(reply, "invalid_request", "Username and password are required.", body.issues);
    const attempt = `${body.value.username.toLowerCase()}|${request.ip}`;
    // Counted before the password is checked, in the same step that admits it: of a burst of
    // simultaneous guesses, at most the limit ever reach the (slow) password hash.
    const admission = throttle.admit(attempt);
    if (!admission.allowed) {
      reply.header("retry-after", String(Math.ceil(admission.retryAfterMs / 1000)));
      return sendProblem(
        reply,
        "too_many_attempts",
        `Too many sign-in attempts. Try again in ${Math.ceil(admission.retryAfterMs / 60_000)} minute(s).`,
      );
    }
    const result = await signIn(ctx.db, body.value);
    if (!result.ok) return sendServiceError(reply, result.error);
    throttle.recordSuccess(attempt);
    const { sessionId, csrfToken, user, expiresAt } = result.value;
    reply.setCookie(sessionCookie, sessionId, {
      path: "/",
      httpOnly: true,
      sameSite: "strict",
      secure: request.protocol === "https",
      expires: expiresAt,
    });
    return reply.send({ user, csrfToken });
  });
}
