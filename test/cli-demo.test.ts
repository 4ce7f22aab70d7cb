// `ledgerlink demo`: the app with the demo company loaded through the same services as the API, the
// lines it prints (address, sign-in, API key) working as printed, and loading again changing nothing.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { collectionSummaries } from "#admin/browse.ts";
import { authenticateApiKey } from "#admin/keys.ts";
import { ensureAdminUser } from "#admin/users.ts";
import { demoAdminPassword, demoCompanyId, loadDemo, startDemo } from "#app/demo.ts";
import { DEMO_EMULATOR_FILE, DEMO_REALM_ID } from "#app/demo-quickbooks.ts";
import { createLogger } from "#app/logger.ts";
import type { Config } from "#config/index.ts";
import { ACTIVE_PROVIDER, getPushSettings } from "#sync/settings.ts";

test("the demo starts with its company loaded, prints working sign-in and key, and loads only once", async () => {
  // In memory, with the secret key given (no key file), so nothing is left on disk.
  const config = {
    dataDir: "memory://",
    port: 0,
    host: "127.0.0.1",
    logLevel: "silent",
    secretKey: randomBytes(32),
    databaseUrl: "postgres://ignored-by-the-demo@127.0.0.1:1/none",
  } as Config;
  // Without workers: the 2,000 sync jobs the load queues are not what this test is about.
  const { app, demo, lines } = await startDemo(config, createLogger({ level: "silent" }), {
    announce: false,
    workers: false,
  });
  after(() => app.stop());
  assert.equal(app.db.kind, "embedded", "the demo ignores DATABASE_URL");
  assert.equal(demo.companyId, demoCompanyId);
  assert.ok(demo.written > 2000, `records written: ${demo.written}`);
  const summary = await collectionSummaries(app.db, demoCompanyId);
  assert.ok(summary.ok);
  const count = (name: string) => summary.value.find((c) => c.name === name)?.count ?? 0;
  assert.ok(count("customers") >= 200);
  assert.ok(count("vendors") >= 50);
  assert.ok(count("items") >= 500);
  assert.ok(count("invoices") >= 1000);
  assert.ok(count("bills") >= 100);
  assert.ok(count("purchase-orders") >= 50);
  assert.ok(count("sales-orders") >= 1);
  assert.ok(count("accounts") > 0 && count("terms") > 0);

  // What it prints works as printed.
  const text = lines.join("\n");
  assert.match(text, new RegExp(`Ledgerlink demo is running at ${app.url}`));
  const password = /Sign in: {3}admin \/ (\S+)/.exec(text)?.[1] ?? "";
  const apiKey = /API key: {3}(\S+)/.exec(text)?.[1] ?? "";
  assert.equal(apiKey, demo.apiKey);
  const customers = await fetch(`${app.url}/api/v1/customers?limit=2`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  assert.equal(customers.status, 200);
  assert.equal(((await customers.json()) as { items: unknown[] }).items.length, 2);
  const login = await fetch(`${app.url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  assert.equal(login.status, 200, "the printed password signs in");

  const second = await loadDemo(app.db, config);
  assert.equal(second.written, 0, "nothing is duplicated or rewritten");
  assert.equal(second.apiKey, demo.apiKey, "the same key is printed again");

  // A generated admin password is printed on later runs too.
  const admin = await ensureAdminUser(app.db);
  assert.equal(admin.generatedPassword, undefined, "the admin exists already");
  assert.equal(await demoAdminPassword(app.db, config, undefined), password);

  // LEDGERLINK_DEMO_API_KEY fixes the key.
  const fixed = "demo-key-0123456789-abcdefghij";
  const withKey = await loadDemo(app.db, { ...config, demoApiKey: fixed });
  assert.equal(withKey.apiKey, fixed);
  assert.equal((await authenticateApiKey(app.db, fixed))?.companyId, demoCompanyId);
});

test("the demo with QuickBooks: the emulator beside it offers Connect; --connected connects, and a restart finds the same company", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ledgerlink-demo-qbo-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = {
    dataDir,
    port: 0,
    host: "127.0.0.1",
    logLevel: "silent",
    secretKey: randomBytes(32),
  } as Config;
  const logger = createLogger({ level: "silent" });
  const run = async (connected: boolean) => {
    const started = await startDemo(config, logger, {
      announce: false,
      workers: false,
      quickbooks: { emulatorPort: 0, connected },
    });
    const response = await fetch(`${started.app.url}/api/v1/connection`, {
      headers: { authorization: `Bearer ${started.demo.apiKey}` },
    });
    const view = (await response.json()) as {
      status: string;
      realmId: string;
      companyName: string;
      connectedAt: string;
    };
    const text = started.lines.join("\n");
    const emulatorUrl = /emulator (?:runs )?at (http:\/\/\S+?)[ ;]/.exec(text)?.[1] ?? "";
    const push = await getPushSettings(started.app.db.kysely, demoCompanyId, ACTIVE_PROVIDER);
    await started.app.stop();
    assert.ok(push.ok);
    return { view, text, emulatorUrl, push: push.value };
  };

  const offered = await run(false);
  assert.equal(offered.view.status, "not_connected");
  assert.match(
    offered.text,
    /set up and connect the demo company at http:\/\/127\.0\.0\.1:\d+\/companies\/.+\/setup/,
  );

  const connected = await run(true);
  assert.equal(connected.view.status, "connected");
  assert.equal(connected.view.realmId, DEMO_REALM_ID);
  assert.ok(connected.view.companyName);
  assert.match(
    connected.text,
    new RegExp(`QuickBooks: connected to the emulator at .* \\(realm ${DEMO_REALM_ID}\\)`),
  );
  assert.ok(existsSync(join(dataDir, DEMO_EMULATOR_FILE)), "the emulator keeps its state in the data folder");
  // What the wizard's later steps choose: every switch on, go-live today, default accounts by name.
  assert.ok(connected.push.switches.every((s) => s.on));
  assert.equal(connected.push.settings.goLiveDate, new Date().toISOString().slice(0, 10));
  assert.equal(Object.keys(connected.push.settings.defaultAccounts).length, 7);
  assert.equal(offered.push.switches.filter((s) => s.on).length, 0, "nothing pushes before connecting");
  // Stopping the demo stops its emulator.
  await assert.rejects(fetch(`${connected.emulatorUrl}/__emulator/companies`));

  // Restarted (on another port), the emulator reloads the same company and grant: still connected, as before.
  const again = await run(true);
  assert.equal(again.view.status, "connected");
  assert.equal(again.view.realmId, DEMO_REALM_ID);
  assert.equal(again.view.connectedAt, connected.view.connectedAt, "not connected anew");
});
