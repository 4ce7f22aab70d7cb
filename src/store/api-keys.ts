// API keys: long random tokens shown once at creation; only their sha256 is stored. A fast hash is
// right here (unlike passwords): 32 random bytes can not be guessed, so slowing guesses buys nothing.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { isUuid } from "./companies.ts";
import type { ApiKeyRow, Tables } from "./tables.ts";

export interface ApiKeyInfo {
  id: string;
  companyId: string;
  prefix: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

type Db = Kysely<Tables>;

const KEY_PREFIX = "llk_";

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    companyId: row.company_id,
    prefix: row.prefix,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new key: "llk_" and 43 characters of base64url (32 random bytes). */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * Stores a key for a company and returns it in clear, the only time it is ever available.
 * `key` fixes its value (the demo's LEDGERLINK_DEMO_API_KEY); otherwise one is generated.
 */
export async function createApiKey(
  db: Db,
  input: { companyId: string; label?: string | undefined; key?: string | undefined },
): Promise<{ info: ApiKeyInfo; key: string }> {
  const key = input.key ?? generateApiKey();
  if (key.length < 20) throw new Error("An API key must be at least 20 characters long");
  const row = await db
    .insertInto("api_keys")
    .values({
      id: randomUUID(),
      company_id: input.companyId,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      key_hash: hashApiKey(key),
      label: input.label ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { info: toInfo(row), key };
}

/**
 * The company a presented key belongs to, or undefined for an unknown or revoked key. Notes the use,
 * at most once a minute per key so busy clients do not turn every read into a write.
 */
export async function authenticateApiKey(db: Db, key: string): Promise<ApiKeyInfo | undefined> {
  const row = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("key_hash", "=", hashApiKey(key))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable("api_keys").set({ last_used_at: now }).where("id", "=", row.id).execute();
    row.last_used_at = now;
  }
  return toInfo(row);
}

export async function listApiKeys(db: Db, companyId: string): Promise<ApiKeyInfo[]> {
  if (!isUuid(companyId)) return [];
  const rows = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("company_id", "=", companyId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toInfo);
}

export async function getApiKey(db: Db, id: string): Promise<ApiKeyInfo | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toInfo(row) : undefined;
}

/** Revokes a key; revoking twice keeps the first revocation time. Undefined when there is no such key. */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKeyInfo | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable("api_keys")
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toInfo(row) : undefined;
}
