// The company's GS1 prefix and its SSCC serial references. Allocation is one statement that moves the
// stored serial past the ones it hands out, in the caller's transaction: a notice that is never stored
// gives its serials back with it, and one that is stored keeps them forever.
import { type Kysely, sql } from "kysely";
import type { Tables } from "../tables.ts";

type Db = Kysely<Tables>;

export interface SsccSettings {
  gs1Prefix: string;
  extensionDigit: string;
  lastSerial: bigint;
}

export async function getSsccSettings(db: Db, companyId: string): Promise<SsccSettings | undefined> {
  const row = await db
    .selectFrom("edi_sscc")
    .select(["gs1_prefix", "extension_digit", "last_serial"])
    .where("company_id", "=", companyId)
    .executeTakeFirst();
  return (
    row && {
      gs1Prefix: row.gs1_prefix,
      extensionDigit: row.extension_digit,
      lastSerial: BigInt(row.last_serial),
    }
  );
}

/** Sets the prefix and extension digit; the serial count carries on from where it was. */
export async function setSsccSettings(
  db: Db,
  companyId: string,
  settings: { gs1Prefix: string; extensionDigit: string },
): Promise<void> {
  await db
    .insertInto("edi_sscc")
    .values({
      company_id: companyId,
      gs1_prefix: settings.gs1Prefix,
      extension_digit: settings.extensionDigit,
    })
    .onConflict((oc) =>
      oc.column("company_id").doUpdateSet({
        gs1_prefix: settings.gs1Prefix,
        extension_digit: settings.extensionDigit,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/** `count` unused serial references, in increasing order; undefined when the company has no prefix. */
export async function allocateSsccSerials(
  db: Db,
  companyId: string,
  count: number,
): Promise<bigint[] | undefined> {
  const row = await db
    .updateTable("edi_sscc")
    .set({ last_serial: sql`last_serial + ${count}`, updated_at: sql`now()` })
    .where("company_id", "=", companyId)
    .returning("last_serial")
    .executeTakeFirst();
  if (!row) return undefined;
  const last = BigInt(row.last_serial);
  return Array.from({ length: count }, (_, i) => last - BigInt(count) + 1n + BigInt(i));
}
