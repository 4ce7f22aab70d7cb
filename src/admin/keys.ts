// API keys: each belongs to one company, is shown once when created, and can be revoked.

import type { AdminErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import {
  type ApiKeyInfo,
  authenticateApiKey as findKey,
  createApiKey as insertKey,
  revokeApiKey as markRevoked,
  listApiKeys as selectKeys,
} from "#store/api-keys.ts";
import { getCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";

export interface ApiKeyView {
  id: string;
  companyId: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function view(k: ApiKeyInfo): ApiKeyView {
  return {
    id: k.id,
    companyId: k.companyId,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(
  db: Database,
  input: { companyId: string; key?: string | undefined; label?: string | undefined },
): Promise<Result<{ id: string; key: string; prefix: string; companyId: string }, AdminErrorCode>> {
  if (!(await getCompany(db.kysely, input.companyId))) {
    return err("company_not_found", `No company with id ${input.companyId}.`);
  }
  const created = await insertKey(db.kysely, input);
  return ok({
    id: created.info.id,
    key: created.key,
    prefix: created.info.prefix,
    companyId: created.info.companyId,
  });
}

export async function listApiKeys(
  db: Database,
  companyId: string,
): Promise<Result<ApiKeyView[], AdminErrorCode>> {
  if (!(await getCompany(db.kysely, companyId)))
    return err("company_not_found", `No company with id ${companyId}.`);
  return ok((await selectKeys(db.kysely, companyId)).map(view));
}

export async function revokeApiKey(db: Database, id: string): Promise<Result<ApiKeyView, AdminErrorCode>> {
  const revoked = await markRevoked(db.kysely, id);
  return revoked ? ok(view(revoked)) : err("key_not_found", `No API key with id ${id}.`);
}

/** The company a presented key acts for, or undefined when the key is unknown or revoked. */
export async function authenticateApiKey(
  db: Database,
  presented: string,
): Promise<{ companyId: string; keyId: string } | undefined> {
  // Keys are at least 20 characters; anything much longer is not worth hashing.
  if (presented.length < 20 || presented.length > 512) return undefined;
  const key = await findKey(db.kysely, presented);
  return key ? { companyId: key.companyId, keyId: key.id } : undefined;
}
