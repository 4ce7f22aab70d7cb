// The engine's view of a provider's name lists, per company: every name with its key under the
// provider's uniqueness rule, and the provider's time of the last look. The sync engine brings it up to
// date (change data capture since that time) before it creates a name, then looks the name up here.
import { type Kysely, sql } from "kysely";
import type { RemoteName } from "#domain/remote-names.ts";
import type { Tables } from "./tables.ts";

type Db = Kysely<Tables>;

/** A name as the view keeps it. */
export type ViewedName = RemoteName;

export interface NameViewChanges {
  names: readonly ViewedName[];
  removed: ReadonlyArray<{ type: string; id: string }>;
  /** The provider's time of this look. */
  through: Date;
  /** The lists were read whole: names not among `names` are gone. */
  complete: boolean;
}

/** The provider's time of the last look at the company's name lists, or undefined before the first. */
export async function nameViewThrough(
  db: Db,
  companyId: string,
  provider: string,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom("remote_name_views")
    .select("through")
    .where("company_id", "=", companyId)
    .where("provider", "=", provider)
    .executeTakeFirst();
  return row?.through;
}

const BATCH = 1000;

/**
 * Applies one look at the lists, in one transaction. Looks of one company apply one at a time (a lock
 * on the company's view), so two processes looking at once never deadlock on its rows; the time of the
 * view only moves forward.
 */
export async function applyNameChanges(
  db: Db,
  companyId: string,
  provider: string,
  changes: NameViewChanges,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':ledgerlink:names:' || ${companyId} || ':' || ${provider}))`.execute(
      trx,
    );
    if (changes.complete) {
      await trx
        .deleteFrom("remote_names")
        .where("company_id", "=", companyId)
        .where("provider", "=", provider)
        .execute();
    }
    for (let i = 0; i < changes.names.length; i += BATCH) {
      await trx
        .insertInto("remote_names")
        .values(
          changes.names.slice(i, i + BATCH).map((n) => ({
            company_id: companyId,
            provider,
            remote_type: n.type,
            remote_id: n.id,
            name: n.name,
            name_key: n.key,
            active: n.active,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["company_id", "provider", "remote_type", "remote_id"]).doUpdateSet({
            name: sql`excluded.name`,
            name_key: sql`excluded.name_key`,
            active: sql`excluded.active`,
          }),
        )
        .execute();
    }
    if (changes.removed.length > 0) {
      await trx
        .deleteFrom("remote_names")
        .where("company_id", "=", companyId)
        .where("provider", "=", provider)
        .where((eb) =>
          eb.or(
            changes.removed.map((r) => eb.and([eb("remote_type", "=", r.type), eb("remote_id", "=", r.id)])),
          ),
        )
        .execute();
    }
    await trx
      .insertInto("remote_name_views")
      .values({ company_id: companyId, provider, through: changes.through })
      .onConflict((oc) =>
        oc.columns(["company_id", "provider"]).doUpdateSet({
          through: sql`greatest(remote_name_views.through, excluded.through)`,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  });
}

function toViewed(row: {
  remote_type: string;
  remote_id: string;
  name: string;
  name_key: string;
  active: boolean;
}): ViewedName {
  return { type: row.remote_type, id: row.remote_id, name: row.name, key: row.name_key, active: row.active };
}

/** The names holding a key (at most one of them, unless the view is behind). */
export async function namesWithKey(
  db: Db,
  companyId: string,
  provider: string,
  key: string,
): Promise<ViewedName[]> {
  const rows = await db
    .selectFrom("remote_names")
    .select(["remote_type", "remote_id", "name", "name_key", "active"])
    .where("company_id", "=", companyId)
    .where("provider", "=", provider)
    .where("name_key", "=", key)
    .orderBy("remote_type")
    .orderBy("remote_id")
    .execute();
  return rows.map(toViewed);
}

/** One name of the view by its remote type and id. */
export async function viewedName(
  db: Db,
  companyId: string,
  provider: string,
  remote: { type: string; id: string },
): Promise<ViewedName | undefined> {
  const row = await db
    .selectFrom("remote_names")
    .select(["remote_type", "remote_id", "name", "name_key", "active"])
    .where("company_id", "=", companyId)
    .where("provider", "=", provider)
    .where("remote_type", "=", remote.type)
    .where("remote_id", "=", remote.id)
    .executeTakeFirst();
  return row ? toViewed(row) : undefined;
}
