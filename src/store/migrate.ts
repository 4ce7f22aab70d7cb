// Versioned migrations. Each one runs in its own transaction together with its row in
// schema_migrations, under an advisory lock, so several processes starting at once apply each
// migration exactly once.
import { type Kysely, sql } from "kysely";
import type { Database } from "./database.ts";
import { migrations as allMigrations } from "./migrations/index.ts";

export interface Migration {
  version: number;
  name: string;
  /** SQL statements, run one by one (PGlite's extended protocol takes one statement per query). */
  statements: readonly string[];
  /**
   * Data that SQL alone cannot derive (values computed by the domain's code), filled in after the
   * statements, in the same transaction.
   */
  backfill?: (db: Kysely<unknown>) => Promise<void>;
}

export interface MigrateResult {
  applied: { version: number; name: string }[];
  current: number;
}

export async function migrate(
  db: Database,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrateResult> {
  checkOrder(migrations);
  const kysely = db.kysely as unknown as Kysely<MigrationTables>;
  // Under the lock: two processes running "create table if not exists" at once can both try to create it.
  await kysely.transaction().execute(async (trx) => {
    await lock(trx);
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz(3) not null default now()
    )`.execute(trx);
  });

  const applied: MigrateResult["applied"] = [];
  for (const migration of migrations) {
    const ran = await kysely.transaction().execute(async (trx) => {
      // The lock key is scoped to the current schema so test runs in separate schemas never wait on each other.
      await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':ledgerlink:migrate'))`.execute(
        trx,
      );
      const done = await trx
        .selectFrom("schema_migrations")
        .select("version")
        .where("version", "=", migration.version)
        .executeTakeFirst();
      if (done) return false;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await migration.backfill?.(trx as unknown as Kysely<unknown>);
      await trx
        .insertInto("schema_migrations")
        .values({ version: migration.version, name: migration.name })
        .execute();
      return true;
    });
    if (ran) applied.push({ version: migration.version, name: migration.name });
  }
  const latest = await kysely
    .selectFrom("schema_migrations")
    .select((eb) => eb.fn.max("version").as("version"))
    .executeTakeFirst();
  const known = migrations.at(-1)?.version ?? 0;
  const current = Number(latest?.version ?? 0);
  if (current > known) {
    throw new Error(
      `The database is at schema version ${current}, newer than this Ledgerlink knows (${known}). Upgrade Ledgerlink before using this database.`,
    );
  }
  return { applied, current };
}

/** The lock key is scoped to the current schema, so test runs in separate schemas never wait on each other. */
async function lock(trx: Kysely<MigrationTables>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':ledgerlink:migrate'))`.execute(trx);
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration "${m.name}" has version ${m.version}; expected ${i + 1}`);
  });
}

interface MigrationTables {
  schema_migrations: { version: number; name: string; applied_at: Date | undefined };
}
