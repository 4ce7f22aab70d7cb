// Opens the store: embedded PGlite under a data folder by default, or a PostgreSQL server through a
// connection pool when a URL is given. Both sit behind the same Kysely instance and the same SQL.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.ts";
import { type MaintenanceReport, maintainTables } from "./maintenance.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { ensurePrivateFolder, restrictToOwner } from "./private-files.ts";
import type { Tables } from "./tables.ts";

export type DatabaseKind = "embedded" | "server";

export interface Database {
  kysely: Kysely<Tables>;
  kind: DatabaseKind;
  /** The PostgreSQL schema holding the tables ("public" unless one was asked for). */
  schema: string;
  /** Where the data lives, safe to print: a folder, "memory", or the server URL without its password. */
  location: string;
  transaction<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** A tar image of the embedded database's files (a backup, or a template for tests); embedded only. */
  dumpEmbedded(): Promise<Blob>;
  /**
   * Vacuums and analyses the tables that need it on the embedded database, which has no autovacuum
   * (see maintenance.ts); on a server, autovacuum does it and this does nothing. Long-running users
   * (the job workers) call it now and then.
   */
  maintain(): Promise<MaintenanceReport>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… to use a server; absent for the embedded database. */
  url?: string | undefined;
  /** Folder of the embedded database (its files go to `<dataDir>/pgdata`); absent or "memory://" keeps it in memory. */
  dataDir?: string | undefined;
  /** Put every table in this PostgreSQL schema (created when missing), so test runs never collide. */
  schema?: string | undefined;
  /** Connections in the server pool. */
  poolSize?: number | undefined;
  /**
   * Start an in-memory embedded database from a dump (PGlite's dumpDataDir) instead of running initdb;
   * the test suite uses a migrated dump to open each suite's database in a fraction of the time.
   */
  embeddedImage?: Blob | undefined;
}

const INT8 = 20;
const NUMERIC = 1700;

/**
 * What an embedded data folder holds, without opening (and so creating) anything: "missing" when the
 * folder is not there, "empty" when it has no database yet, "database" when it has one.
 */
export function embeddedDataState(dataDir: string): "missing" | "empty" | "database" {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) return "missing";
  return existsSync(join(dir, "pgdata", "PG_VERSION")) ? "database" : "empty";
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const schema = options.schema ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`Schema name "${schema}" must be lower-case letters, digits and _ (at most 63)`);
  }
  return options.url
    ? openServer(options.url, schema, options.poolSize ?? 10)
    : openEmbedded(options.dataDir, schema, options.embeddedImage);
}

async function openEmbedded(
  dataDir: string | undefined,
  schema: string,
  image: Blob | undefined,
): Promise<Database> {
  const inMemory = dataDir === undefined || dataDir.startsWith("memory://");
  let lock: DataDirLock | undefined;
  let pgdata: string | undefined;
  if (!inMemory) {
    const dir = resolve(dataDir);
    ensurePrivateFolder(dir);
    // PGlite has no guard of its own: two processes on one folder would corrupt it.
    lock = acquireDataDirLock(dir);
    pgdata = join(dir, "pgdata");
    // Files an earlier version, a backup restore or PGlite itself left readable to others.
    restrictToOwner(dir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(pgdata ? { dataDir: pgdata } : {}),
      ...(image && !pgdata ? { loadDataDir: image } : {}),
      // Counts and identity ids arrive as numbers (well below 2^53); numeric stays exact text.
      parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => v },
    });
    if (schema !== "public")
      await pglite.exec(`create schema if not exists ${schema}; set search_path to ${schema}`);
    // A new database's files come out of PGlite readable to everyone.
    if (pgdata) restrictToOwner(pgdata);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const kysely = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    kysely,
    kind: "embedded",
    schema,
    location: pgdata ?? "memory",
    transaction: (fn) => kysely.transaction().execute(fn),
    async dumpEmbedded() {
      // Through the driver's lock, so no transaction is half-way when the files are copied.
      return kysely.connection().execute(() => pglite.dumpDataDir("none"));
    },
    maintain: () => maintainTables(kysely),
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
      await pglite.close();
      // Catalog caches PGlite rewrote while open.
      if (pgdata) restrictToOwner(pgdata);
      lock?.release();
    },
  };
}

async function openServer(url: string, schema: string, poolSize: number): Promise<Database> {
  const base: pg.PoolConfig = {
    connectionString: url,
    max: poolSize,
    // Without this, pg parses int8 as text; we want numbers (ids and counts stay far below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  };
  if (schema !== "public") {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    ...base,
    ...(schema !== "public" ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  // Fail now, with the reason, rather than at the first request.
  await sql`select 1`.execute(kysely);
  let closed = false;
  return {
    kysely,
    kind: "server",
    schema,
    location: redactUrl(url),
    transaction: (fn) => kysely.transaction().execute(fn),
    async dumpEmbedded(): Promise<Blob> {
      throw new Error("A server database is backed up with pg_dump, not by Ledgerlink");
    },
    maintain: async () => ({ vacuumed: [], analyzed: [] }),
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

/** Whether the database answers a trivial query now (a health check). */
export async function databaseResponds(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db.kysely);
    return true;
  } catch {
    return false;
  }
}

/** The URL with any password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}
