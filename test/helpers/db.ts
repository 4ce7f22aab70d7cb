// Test databases: every suite runs against embedded PGlite, and storage and queue suites also against
// the PostgreSQL server (LEDGERLINK_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
// when it answers. Each suite gets its own database: PGlite in memory, or a fresh schema on the
// server that is dropped afterwards, so parallel runs never see each other's rows.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { type Database, type DatabaseKind, openDatabase, redactUrl } from "#store/database.ts";
import { migrate } from "#store/migrate.ts";
import { migrations } from "#store/migrations/index.ts";

export const TEST_SERVER_URL =
  process.env.LEDGERLINK_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let probe: Promise<string | undefined> | undefined;

/** Undefined when the test server answers; otherwise why not, to print as the skip reason. */
export function serverUnavailableReason(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("select 1");
      return undefined;
    } catch (error) {
      return `no PostgreSQL at ${redactUrl(TEST_SERVER_URL)}: ${(error as Error).message || (error as Error).name}`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

// Decided before any suite is declared: node:test attaches tests declared after an await to
// whichever suite happens to be open then, so suites must be declared synchronously.
const serverSkipReason = await serverUnavailableReason();
if (serverSkipReason && process.env.LEDGERLINK_TEST_REQUIRE_SERVER === "1") {
  // CI starts a server (.ci/run): there a missing one is a failure, not a skip.
  throw new Error(`LEDGERLINK_TEST_REQUIRE_SERVER=1 but ${serverSkipReason}`);
}

export interface TestDatabase {
  db: Database;
  kind: DatabaseKind;
  /** Closes the database and, on the server, drops its schema. */
  cleanup(): Promise<void>;
}

/** A migrated, empty database of the given kind, private to the caller. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === "embedded") {
    const db = await openDatabase(options.migrate === false ? {} : { embeddedImage: await migratedImage() });
    if (options.migrate !== false) await migrate(db);
    return { db, kind, cleanup: () => db.close() };
  }
  swept ??= sweepStaleSchemas().catch(() => {});
  await swept;
  // The creation time in the name lets a later run drop schemas left by a run that crashed.
  const schema = `ll_test_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString("hex")}`;
  const db = await openDatabase({ url: TEST_SERVER_URL, schema, poolSize: 4 });
  try {
    if (options.migrate !== false) await migrate(db);
  } catch (error) {
    await dropSchema(schema);
    await db.close();
    throw error;
  }
  return {
    db,
    kind,
    async cleanup() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

const IMAGE_DIR = join(import.meta.dirname, "..", "..", ".tmp", "pglite-images");

/**
 * A dump of a freshly migrated embedded database, made once and kept under .tmp/ (named by a hash of
 * the migrations and the PGlite version, so any schema change makes a new one). Loading it skips
 * initdb, the slowest part of starting PGlite.
 */
async function migratedImage(): Promise<Blob> {
  const pgliteVersion = (
    JSON.parse(
      readFileSync(
        join(import.meta.dirname, "..", "..", "node_modules", "@electric-sql", "pglite", "package.json"),
        "utf8",
      ),
    ) as {
      version: string;
    }
  ).version;
  const id = createHash("sha256")
    .update(pgliteVersion)
    .update(JSON.stringify(migrations))
    .digest("hex")
    .slice(0, 16);
  const path = join(IMAGE_DIR, `${id}.tar`);
  try {
    return new Blob([readFileSync(path)]);
  } catch {
    const db = await openDatabase({});
    try {
      await migrate(db);
      const image = await db.dumpEmbedded();
      mkdirSync(IMAGE_DIR, { recursive: true });
      // Written aside and renamed, so a suite starting at the same moment never reads half a file.
      const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
      writeFileSync(temp, Buffer.from(await image.arrayBuffer()));
      renameSync(temp, path);
      // Images of earlier schemas are of no further use.
      for (const name of readdirSync(IMAGE_DIR)) {
        if (name.endsWith(".tar") && name !== `${id}.tar`) rmSync(join(IMAGE_DIR, name), { force: true });
      }
      return image;
    } finally {
      await db.close();
    }
  }
}

let swept: Promise<void> | undefined;
const STALE_AFTER_SECONDS = 6 * 60 * 60;

async function sweepStaleSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like 'll\\_test\\_%'",
    );
    const now = Date.now() / 1000;
    for (const { nspname } of rows) {
      const created = Number(/^ll_test_(\d{10})_[0-9a-f]{8}$/.exec(nspname)?.[1]);
      if (created && now - created > STALE_AFTER_SECONDS)
        await client.query(`drop schema if exists ${nspname} cascade`);
    }
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty schema on the test server and a DATABASE_URL that puts a Ledgerlink process in it
 * (through the connection's search_path), for tests that start Ledgerlink itself on the server.
 */
export async function createServerSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `ll_test_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(TEST_SERVER_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return { schema, url: url.toString(), drop: () => dropSchema(schema) };
}

export interface DatabaseSuite {
  /** The suite's database; available inside tests and hooks (not while tests are being declared). */
  readonly db: Database;
  readonly kind: DatabaseKind;
}

/**
 * Declares the suite once per available database kind: "name [embedded]" and "name [server]".
 * The server suite is skipped, with the reason printed, when the server does not answer.
 */
export function withDatabases(
  name: string,
  fn: (suite: DatabaseSuite) => void,
  options: { kinds?: readonly DatabaseKind[] } = {},
): void {
  for (const kind of options.kinds ?? (["embedded", "server"] as const)) {
    describe(`${name} [${kind}]`, () => {
      const skip = kind === "server" ? serverSkipReason : undefined;
      if (skip) {
        console.log(`# skipping ${name} [server]: ${skip}`);
        test("on the PostgreSQL server", { skip }, () => {});
        return;
      }
      let opened: TestDatabase | undefined;
      before(async () => {
        opened = await openTestDatabase(kind);
      });
      after(async () => {
        await opened?.cleanup();
      });
      fn({
        get db() {
          if (!opened)
            throw new Error("The test database opens in the suite's before hook; use it inside tests");
          return opened.db;
        },
        kind,
      });
    });
  }
}
