// The real server for a browser test: the embedded database in a temporary data folder, port 0,
// workers on, the admin password given, and one company with a host API key.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { createLogger } from "#app/logger.ts";
import { type RunningApp, startApp } from "#app/run.ts";
import { type Config, loadConfig } from "#config/index.ts";

export interface TestWebApp {
  app: RunningApp;
  config: Config;
  company: { id: string; name: string };
  /** The company's host API key. */
  hostKey: string;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

export async function startWebApp(
  folderPrefix: string,
  adminPassword: string,
  companyName = "Brightline Manufacturing",
): Promise<TestWebApp> {
  const dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
  const config = loadConfig({
    LEDGERLINK_DATA_DIR: dataDir,
    PORT: "0",
    LEDGERLINK_ADMIN_PASSWORD: adminPassword,
  });
  const app = await startApp({ config, logger: createLogger({ level: "silent" }), announce: false });
  const created = await createCompany(app.db, { name: companyName });
  assert.ok(created.ok);
  const key = await createApiKey(app.db, { companyId: created.value.id });
  assert.ok(key.ok);
  return {
    app,
    config,
    company: created.value,
    hostKey: key.value.key,
    async stop() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
