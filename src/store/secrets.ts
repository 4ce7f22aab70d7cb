// Rows of the secrets table: one sealed value per (company, name), a null company for installation-wide
// ones. Sealing and opening belong to the secrets part; this module only stores the sealed text.
import { type Kysely, sql } from "kysely";
import type { Tables } from "./tables.ts";

type Db = Kysely<Tables>;

export interface SecretName {
  companyId: string | null;
  name: string;
}

function named(db: Db, input: SecretName) {
  const query = db.selectFrom("secrets").where("name", "=", input.name);
  return input.companyId === null
    ? query.where("company_id", "is", null)
    : query.where("company_id", "=", input.companyId);
}

export async function writeSealedSecret(db: Db, input: SecretName & { sealed: string }): Promise<void> {
  await db
    .insertInto("secrets")
    .values({ company_id: input.companyId, name: input.name, sealed: input.sealed })
    .onConflict((oc) =>
      oc
        .constraint("secrets_identity")
        .doUpdateSet({ sealed: sql<string>`excluded.sealed`, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function readSealedSecret(db: Db, input: SecretName): Promise<string | undefined> {
  return (await named(db, input).select("sealed").executeTakeFirst())?.sealed;
}

export async function sealedSecretExists(db: Db, input: SecretName): Promise<boolean> {
  return (await named(db, input).select("name").executeTakeFirst()) !== undefined;
}

export async function deleteSealedSecret(db: Db, input: SecretName): Promise<boolean> {
  let query = db.deleteFrom("secrets").where("name", "=", input.name);
  query =
    input.companyId === null
      ? query.where("company_id", "is", null)
      : query.where("company_id", "=", input.companyId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
