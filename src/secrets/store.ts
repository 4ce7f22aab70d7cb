// Sealed secrets in the database, one per (company, name); null company for installation-wide ones.
// The value is sealed here before it reaches the store, bound to its owner and name, so a sealed value
// copied to another row does not open.
import type { Kysely } from "kysely";
import {
  deleteSealedSecret,
  readSealedSecret,
  sealedSecretExists,
  writeSealedSecret,
} from "#store/secrets.ts";
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
  await writeSealedSecret(db, { companyId: input.companyId, name: input.name, sealed });
}

export async function readSecret(
  db: Db,
  key: Buffer,
  input: { companyId: string | null; name: string },
): Promise<string | undefined> {
  const sealed = await readSealedSecret(db, input);
  return sealed === undefined ? undefined : decryptSecret(key, sealed, aad(input.companyId, input.name));
}

export async function deleteSecret(
  db: Db,
  input: { companyId: string | null; name: string },
): Promise<boolean> {
  return deleteSealedSecret(db, input);
}

/** Whether a secret is stored, without opening it (no key needed). */
export async function hasSecret(db: Db, input: { companyId: string | null; name: string }): Promise<boolean> {
  return sealedSecretExists(db, input);
}
