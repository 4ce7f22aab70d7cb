// POST /api/admin/users/{username}/unlock: forgets the user's sign-in attempts from every address, so
// a lockout after wrong passwords ends at once (`ledgerlink user unlock NAME` comes here).
import type { FastifyInstance } from "fastify";
import { findUser } from "#admin/users.ts";
import type { ApiContext } from "#api/context.ts";
import { sendServiceError } from "#api/problem.ts";
import type { LoginThrottle } from "../../../../auth/login-throttle.ts";

export function registerPostUnlock(app: FastifyInstance, ctx: ApiContext, throttle: LoginThrottle) {
  app.post<{ Params: { username: string } }>("/users/:username/unlock", async (request, reply) => {
    const user = await findUser(ctx.db, request.params.username);
    if (!user.ok) return sendServiceError(reply, user.error);
    const cleared = throttle.clearName(user.value.username);
    return reply.send({ username: user.value.username, cleared });
  });
}
