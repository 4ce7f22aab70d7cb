// Vacuum and statistics for the embedded database. PGlite runs PostgreSQL as a single backend with no
// autovacuum launcher, so without this nothing ever runs VACUUM or ANALYZE on it:
//
// - With no statistics the planner guesses that a table holds a handful of rows. The job queue's claim
//   ("the oldest due job") then reads every waiting job through a bitmap scan and sorts them all, at
//   each claim: with 10,000 jobs waiting a claim read 10,000 rows, with 100,000 it spilled its sort to
//   disk, and draining a backlog took time growing with the square of its size. With statistics the
//   same query walks the queue's index and stops after the rows it returns.
// - Dead row versions (every claim and finish of a job leaves one, as does every record update) are
//   never reclaimed, so tables and their indexes only grow.
//
// `maintainTables` applies autovacuum's own rule with its default thresholds (a table is analysed after
// 50 + 10% of its rows changed, vacuumed after 50 + 20% of them died), reading the counts PostgreSQL
// keeps in pg_stat_user_tables. On a PostgreSQL server autovacuum does this; the store calls it only
// for the embedded database.
import { type Kysely, sql } from "kysely";

export interface MaintenanceReport {
  /** Tables vacuumed (and analysed with it). */
  vacuumed: string[];
  /** Tables only analysed. */
  analyzed: string[];
}

const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;

/** Vacuums and analyses the tables of the current schema that autovacuum would, one by one. */
export async function maintainTables<T>(db: Kysely<T>): Promise<MaintenanceReport> {
  // The session publishes its counts at most once a second unless asked; asked, it publishes them as
  // this statement ends, so the next one reads the changes made until now.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<{ table: string; dead: number; modified: number; rows: number }>`
    select s.relname as table, s.n_dead_tup::float8 as dead, s.n_mod_since_analyze::float8 as modified,
      greatest(c.reltuples, 0)::float8 as rows
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = current_schema()
    order by s.relname`.execute(db);
  const report: MaintenanceReport = { vacuumed: [], analyzed: [] };
  for (const t of rows) {
    // VACUUM cannot run inside a transaction; each statement here runs on its own.
    if (t.dead > VACUUM_BASE + VACUUM_SCALE * t.rows) {
      await sql`vacuum (analyze) ${sql.id(t.table)}`.execute(db);
      report.vacuumed.push(t.table);
    } else if (t.modified > ANALYZE_BASE + ANALYZE_SCALE * t.rows) {
      await sql`analyze ${sql.id(t.table)}`.execute(db);
      report.analyzed.push(t.table);
    }
  }
  return report;
}
