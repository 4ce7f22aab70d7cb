// The admin user of the web app: created on first start, signed in with a password (scrypt), kept
// signed in by a server-side session.

import { randomBytes } from "node:crypto";
import type { AdminErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { hashPassword, verifyPassword } from "#secrets/password.ts";
import {
  countAdminUsers,
  createAdminUser,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findAdminUserForLogin,
  findSession as findStoredSession,
  setAdminPassword,
} from "#store/admin.ts";
import type { Database } from "#store/database.ts";

export const adminUsername = "admin";
/** How long a sign-in lasts: a working day, so a forgotten browser does not stay signed in for long. */
export const sessionTtlMs = 12 * 60 * 60 * 1000;

export interface AdminSetup {
  username: string;
  /** Present only when this call chose the password (first start without LEDGERLINK_ADMIN_PASSWORD). */
  generatedPassword?: string;
  created: boolean;
}

/**
 * Makes sure the admin user exists. A configured password (LEDGERLINK_ADMIN_PASSWORD) is authoritative:
 * when the stored one differs it is replaced, which also ends existing sessions.
 */
export async function ensureAdminUser(db: Database, configuredPassword?: string): Promise<AdminSetup> {
  const existing = await findAdminUserForLogin(db.kysely, adminUsername);
  if (existing) {
    if (
      configuredPassword !== undefined &&
      !(await verifyPassword(configuredPassword, existing.passwordHash))
    ) {
      await setAdminPassword(db.kysely, existing.id, await hashPassword(configuredPassword));
    }
    return { username: adminUsername, created: false };
  }
  const password = configuredPassword ?? generatePassword();
  try {
    await createAdminUser(db.kysely, { username: adminUsername, passwordHash: await hashPassword(password) });
  } catch (error) {
    // Another process sharing the database created it first; theirs stands.
    if ((await countAdminUsers(db.kysely)) > 0) return { username: adminUsername, created: false };
    throw error;
  }
  return configuredPassword === undefined
    ? { username: adminUsername, generatedPassword: password, created: true }
    : { username: adminUsername, created: true };
}

export interface SignedIn {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; username: string };
}

/** The user of this name, as the admin API shows users; a failure when there is none. */
export async function findUser(
  db: Database,
  username: string,
): Promise<Result<{ username: string }, AdminErrorCode>> {
  const user = await findAdminUserForLogin(db.kysely, username.trim().toLowerCase());
  return user ? ok({ username: user.username }) : err("user_not_found", `No user named "${username}".`);
}

export async function signIn(
  db: Database,
  input: { username: string; password: string },
): Promise<Result<SignedIn, AdminErrorCode>> {
  const user = await findAdminUserForLogin(db.kysely, input.username);
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which names exist.
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !valid) return err("invalid_credentials", "The username or password is not right.");
  await deleteExpiredSessions(db.kysely);
  const session = await createSession(db.kysely, { userId: user.id, ttlMs: sessionTtlMs });
  return ok({
    sessionId: session.token,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    user: { id: user.id, username: user.username },
  });
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not a password anyone has");
  return dummy;
}

export async function findSession(
  db: Database,
  sessionId: string,
): Promise<{ user: { id: string; username: string }; csrfToken: string } | undefined> {
  if (sessionId.length > 200) return undefined;
  const session = await findStoredSession(db.kysely, sessionId);
  return session
    ? { user: { id: session.user.id, username: session.user.username }, csrfToken: session.csrfToken }
    : undefined;
}

export async function signOut(db: Database, sessionId: string): Promise<void> {
  if (sessionId.length <= 200) await deleteSession(db.kysely, sessionId);
}

/** A password for the generated admin account: 20 characters, about 119 bits. */
function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
