// The demo: a realistic manufacturer on the host side, loaded through the same services as the API
// (validated, versioned, queued for sync). Loading is idempotent: the company has a fixed id and every
// record is an upsert, so starting the demo again changes nothing.
import type { Logger } from "pino";
import { getCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import type { Config } from "#config/index.ts";
import { demoRecordsInOrder, generateDemoCompany } from "#demo/generate.ts";
import { type CollectionName, collections } from "#domain/collections.ts";
import { bulkUpsertRecords, maxBulkRecords } from "#host/records.ts";
import { loadSecretKey, readSecret, saveSecret } from "#secrets/index.ts";
import { authenticateApiKey } from "#store/api-keys.ts";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { connectDemoCompany, type DemoEmulator, startDemoEmulator } from "./demo-quickbooks.ts";
import { type RunningApp, type StartOptions, startApp } from "./run.ts";

/** Fixed, so a second run finds the company the first one made. */
export const demoCompanyId = "0d3e5a1c-7b2f-4c58-9a61-d3e0f5b7c201";

const demoKeySecret = "demo.api_key";
const demoPasswordSecret = "demo.admin_password";

export interface DemoLoad {
  companyId: string;
  companyName: string;
  apiKey: string;
  /** Records per collection in the demo. */
  counts: Partial<Record<CollectionName, number>>;
  /** Records written by this run (0 when the demo was already loaded). */
  written: number;
}

export async function loadDemo(
  db: Database,
  config: Config,
  options: { seed?: number } = {},
): Promise<DemoLoad> {
  const demo = generateDemoCompany(options.seed ?? 1);
  const existing = await getCompany(db, demoCompanyId);
  if (!existing.ok) await createCompany(db.kysely, { id: demoCompanyId, name: demo.company.name });

  const counts: DemoLoad["counts"] = {};
  let written = 0;
  for (const { collection, records } of demoRecordsInOrder(demo)) {
    counts[collection] = records.length;
    for (let start = 0; start < records.length; start += maxBulkRecords) {
      const chunk = records.slice(start, start + maxBulkRecords);
      const result = await bulkUpsertRecords(db, {
        companyId: demoCompanyId,
        collection,
        body: { records: chunk },
      });
      if (!result.ok) {
        const first = result.error.issues?.[0];
        throw new Error(
          `The demo's ${collections[collection].label.toLowerCase()} are not valid: ${first ? `${first.path} ${first.message}` : result.error.message}`,
        );
      }
      written += result.value.created + result.value.updated;
    }
  }
  const apiKey = await demoApiKey(db, config);
  return { companyId: demoCompanyId, companyName: demo.company.name, apiKey, counts, written };
}

/**
 * The demo's API key. A configured one (LEDGERLINK_DEMO_API_KEY) is used as given; otherwise one is
 * made on the first run and kept encrypted, so later runs can print it again (only its hash serves
 * authentication).
 */
async function demoApiKey(db: Database, config: Config): Promise<string> {
  if (config.demoApiKey) {
    const known = await authenticateApiKey(db.kysely, config.demoApiKey);
    if (known && known.companyId !== demoCompanyId) {
      throw new Error("LEDGERLINK_DEMO_API_KEY is already the key of another company; choose another value.");
    }
    if (!known) {
      const created = await createApiKey(db, {
        companyId: demoCompanyId,
        key: config.demoApiKey,
        label: "demo",
      });
      if (!created.ok) throw new Error(created.error.message);
    }
    return config.demoApiKey;
  }
  const secretKey = loadSecretKey(config);
  const kept = await readSecret(db.kysely, secretKey, { companyId: demoCompanyId, name: demoKeySecret });
  if (kept && (await authenticateApiKey(db.kysely, kept))) return kept;
  const created = await createApiKey(db, { companyId: demoCompanyId, label: "demo" });
  if (!created.ok) throw new Error(created.error.message);
  await saveSecret(db.kysely, secretKey, {
    companyId: demoCompanyId,
    name: demoKeySecret,
    value: created.value.key,
  });
  return created.value.key;
}

/**
 * The admin password to print for the demo: the configured one, the one generated on this run, or the
 * one generated on the first run (kept encrypted for exactly this).
 */
export async function demoAdminPassword(
  db: Database,
  config: Config,
  generated: string | undefined,
): Promise<string | undefined> {
  if (config.adminPassword) return config.adminPassword;
  const secretKey = loadSecretKey(config);
  if (generated) {
    await saveSecret(db.kysely, secretKey, { companyId: null, name: demoPasswordSecret, value: generated });
    return generated;
  }
  return readSecret(db.kysely, secretKey, { companyId: null, name: demoPasswordSecret });
}

/**
 * `ledgerlink demo`: the app on the embedded database with the demo loaded, and the lines to print for
 * the visitor (the address, the sign-in, the API key).
 */
export async function startDemo(
  config: Config,
  logger: Logger,
  options: Pick<StartOptions, "announce" | "webRoot" | "workers"> & {
    /** Start the QuickBooks emulator beside the demo (a child process); `connected` connects the company. */
    quickbooks?: { emulatorPort: number; connected: boolean };
  } = {},
): Promise<{ app: RunningApp; demo: DemoLoad; lines: string[] }> {
  let loaded: DemoLoad | undefined;
  const { quickbooks, ...startOptions } = options;
  const app = await startApp({
    // The demo never touches a configured server database.
    config: { ...config, databaseUrl: undefined },
    logger,
    ...startOptions,
    prepare: async (db) => {
      loaded = await loadDemo(db, config);
    },
  });
  if (!loaded) throw new Error("the demo was not loaded");
  const demo: DemoLoad = loaded;
  const password = await demoAdminPassword(app.db, config, app.admin.generatedPassword);
  const qbo = quickbooks ? await demoQuickBooks(app, config, logger, quickbooks) : undefined;
  const lines = [
    "",
    `Ledgerlink demo is running at ${app.url}`,
    "",
    `  Sign in:   ${app.admin.username} / ${password ?? "(the password chosen on first start)"}`,
    `  API key:   ${demo.apiKey}`,
    `  Company:   ${demo.companyName} (${demo.companyId})`,
    `  API docs:  ${app.url}/api/docs`,
    ...(qbo?.lines ?? []),
    "",
    "Try:",
    `  curl -H "Authorization: Bearer ${demo.apiKey}" "${app.url}/api/v1/customers?limit=2"`,
    "",
    "Stop with Ctrl-C. Data is kept in the data folder; set LEDGERLINK_ADMIN_PASSWORD and",
    "LEDGERLINK_DEMO_API_KEY to fix the sign-in password and the key.",
  ];
  return { app, demo, lines };
}

/** Starts the emulator beside a running demo, connects (or offers to connect) the demo company. */
async function demoQuickBooks(
  app: RunningApp,
  config: Config,
  logger: Logger,
  options: { emulatorPort: number; connected: boolean },
): Promise<{ lines: string[] }> {
  let emulator: DemoEmulator;
  try {
    emulator = await startDemoEmulator({ port: options.emulatorPort, dataDir: config.dataDir });
  } catch (error) {
    await app.stop();
    throw error;
  }
  const stopApp = app.stop.bind(app);
  app.stop = async () => {
    await stopApp();
    await emulator.stop();
  };
  const deps = { db: app.db, secretKey: loadSecretKey(config), logger };
  try {
    await connectDemoCompany(deps, demoCompanyId, emulator, {
      connect: options.connected,
      redirectUri: `${app.url}/api/oauth/quickbooks/callback`,
      logger,
    });
  } catch (error) {
    await app.stop();
    throw error;
  }
  // The first-time wizard, its app credentials already pointing at the emulator.
  const page = `${app.url}/companies/${demoCompanyId}/setup`;
  return {
    lines: options.connected
      ? [`  QuickBooks: connected to the emulator at ${emulator.url} (realm ${emulator.realmId})`]
      : [
          `  QuickBooks: an emulator runs at ${emulator.url} (realm ${emulator.realmId});`,
          `              set up and connect the demo company at ${page}`,
        ],
  };
}
