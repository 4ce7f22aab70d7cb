// Sealed secrets in the database, one per (company, name); null company for installation-wide ones.
import { type Kysely, sql } from "kysely";
import type { Tables } from "#store/tables.ts";
import { decryptSecret, encryptSecret } from "./seal.ts";

type Db = Kysely<Tables>;

function aad(companyId: string | null, name: string): string {
  return `${companyId ?? "*"}:${name}`;
}

export async function saveSecret(
  db: Db,
  key: Buffer,
  input: { companyId: string | null; name: string; value: string },
): Promise<void> {
  const sealed = encryptSecret(key, input.value, aad(input.companyId, input.name));
  await db
    .insertInto("secrets")
    .values({ company_id: input.companyId, name: input.name, sealed })
    .onConflict((oc) =>
      oc
        .constraint("secrets_identity")
        .doUpdateSet({ sealed: sql<string>`excluded.sealed`, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function readSecret(
  db: Db,
  key: Buffer,
  input: { companyId: string | null; name: string },
): Promise<string | undefined> {
  let query = db.selectFrom("secrets").select("sealed").where("name", "=", input.name);
  query =
    input.companyId === null
      ? query.where("company_id", "is", null)
      : query.where("company_id", "=", input.companyId);
  const row = await query.executeTakeFirst();
  return row ? decryptSecret(key, row.sealed, aad(input.companyId, input.name)) : undefined;
}

export async function deleteSecret(
  db: Db,
  input: { companyId: string | null; name: string },
): Promise<boolean> {
  let query = db.deleteFrom("secrets").where("name", "=", input.name);
  query =
    input.companyId === null
      ? query.where("company_id", "is", null)
      : query.where("company_id", "=", input.companyId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whether a secret is stored, without opening it (no key needed). */
export async function hasSecret(db: Db, input: { companyId: string | null; name: string }): Promise<boolean> {
  let query = db.selectFrom("secrets").select("name").where("name", "=", input.name);
  query =
    input.companyId === null
      ? query.where("company_id", "is", null)
      : query.where("company_id", "=", input.companyId);
  return (await query.executeTakeFirst()) !== undefined;
}
