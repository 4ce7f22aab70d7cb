// The admin's users and their browser sessions. Session tokens, like API keys, are random and stored
// only as hashes; the CSRF token is not a secret from the user, so it is kept as is.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { isUuid } from "./companies.ts";
import type { AdminUserRow, Tables } from "./tables.ts";

type Db = Kysely<Tables>;

export interface AdminUser {
  id: string;
  username: string;
  createdAt: Date;
}

function toUser(row: Pick<AdminUserRow, "id" | "username" | "created_at">): AdminUser {
  return { id: row.id, username: row.username, createdAt: row.created_at };
}

/** Creates a user; `passwordHash` comes from src/secrets/password.ts hashPassword. */
export async function createAdminUser(
  db: Db,
  input: { username: string; passwordHash: string },
): Promise<AdminUser> {
  const row = await db
    .insertInto("admin_users")
    .values({ id: randomUUID(), username: input.username, password_hash: input.passwordHash })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** The user with the stored password hash, for verifying a sign-in. */
export async function findAdminUserForLogin(
  db: Db,
  username: string,
): Promise<(AdminUser & { passwordHash: string }) | undefined> {
  const row = await db
    .selectFrom("admin_users")
    .selectAll()
    .where("username", "=", username)
    .executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function setAdminPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable("admin_users")
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
  // A changed password ends every session of that user.
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export async function countAdminUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("admin_users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface Session {
  user: AdminUser;
  csrfToken: string;
  expiresAt: Date;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a session; the returned token goes into the HttpOnly cookie and is never stored. */
export async function createSession(
  db: Db,
  input: { userId: string; ttlMs: number },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + input.ttlMs);
  await db
    .insertInto("sessions")
    .values({
      id_hash: hashToken(token),
      user_id: input.userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The live session for a cookie token; expired sessions are treated as absent. */
export async function findSession(db: Db, token: string): Promise<Session | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("admin_users", "admin_users.id", "sessions.user_id")
    .select([
      "sessions.csrf_token",
      "sessions.expires_at",
      "admin_users.id",
      "admin_users.username",
      "admin_users.created_at",
    ])
    .where("sessions.id_hash", "=", hashToken(token))
    .where("sessions.expires_at", ">", new Date())
    .executeTakeFirst();
  if (!row) return undefined;
  return { user: toUser(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", hashToken(token)).execute();
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<=", new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function getAdminUser(db: Db, id: string): Promise<AdminUser | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom("admin_users").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}
