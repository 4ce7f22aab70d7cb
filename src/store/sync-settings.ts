// A company's sync settings per provider (one JSON document, validated by the sync part) and the
// record of every change to them.
import type { Kysely } from "kysely";
import type { Tables } from "./tables.ts";

type Db = Kysely<Tables>;

export async function readSyncSettings(
  db: Db,
  companyId: string,
  provider: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom("sync_settings")
    .select("settings")
    .where("company_id", "=", companyId)
    .where("provider", "=", provider)
    .executeTakeFirst();
  return row?.settings;
}

export interface SettingChange {
  setting: string;
  oldValue: unknown;
  newValue: unknown;
}

/** Stores the settings and records each changed setting, in one transaction. */
export async function writeSyncSettings(
  db: Db,
  companyId: string,
  provider: string,
  settings: Record<string, unknown>,
  changes: readonly SettingChange[],
  changedBy: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const json = JSON.stringify(settings);
    await trx
      .insertInto("sync_settings")
      .values({ company_id: companyId, provider, settings: json })
      .onConflict((oc) =>
        oc.columns(["company_id", "provider"]).doUpdateSet({ settings: json, updated_at: new Date() }),
      )
      .execute();
    if (changes.length > 0) {
      await trx
        .insertInto("sync_setting_changes")
        .values(
          changes.map((c) => ({
            company_id: companyId,
            provider,
            setting: c.setting,
            old_value: c.oldValue === undefined ? null : JSON.stringify(c.oldValue),
            new_value: c.newValue === undefined ? null : JSON.stringify(c.newValue),
            changed_by: changedBy,
          })),
        )
        .execute();
    }
  });
}

export interface SettingChangeRow extends SettingChange {
  at: Date;
  changedBy: string | null;
}

export async function settingChanges(
  db: Db,
  companyId: string,
  provider: string,
  limit = 100,
): Promise<SettingChangeRow[]> {
  const rows = await db
    .selectFrom("sync_setting_changes")
    .selectAll()
    .where("company_id", "=", companyId)
    .where("provider", "=", provider)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    setting: r.setting,
    oldValue: r.old_value,
    newValue: r.new_value,
    changedBy: r.changed_by,
  }));
}
