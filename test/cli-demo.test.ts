// `ledgerlink demo`'s data load: the demo company through the same services as the API, idempotent, with
// the configured API key working against the host API.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { demoAdminPassword, demoCompanyId, loadDemo } from "../src/app/demo.ts";
import type { Config } from "../src/config/index.ts";
import { ensureAdminUser } from "../src/host/admin.ts";
import { collectionSummaries } from "../src/host/browse.ts";
import { authenticateApiKey } from "../src/host/keys.ts";
import { migrate, openDatabase } from "../src/store/index.ts";

const dataDir = mkdtempSync(join(tmpdir(), "ll-demo-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test("the demo loads once, a second load changes nothing, and its key and password are stable", async () => {
  const db = await openDatabase({ dataDir: "memory://" });
  after(() => db.close());
  await migrate(db);
  const config = { dataDir, port: 0, host: "127.0.0.1", logLevel: "silent" } as Config;

  const first = await loadDemo(db, config);
  assert.equal(first.companyId, demoCompanyId);
  assert.ok(first.written > 2000, `records written: ${first.written}`);
  const summary = await collectionSummaries(db, demoCompanyId);
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

  const principal = await authenticateApiKey(db, first.apiKey);
  assert.equal(principal?.companyId, demoCompanyId, "the printed key works for the demo company");

  const second = await loadDemo(db, config);
  assert.equal(second.written, 0, "nothing is duplicated or rewritten");
  assert.equal(second.apiKey, first.apiKey, "the same key is printed again");

  // A generated admin password is printed on later runs too.
  const admin = await ensureAdminUser(db);
  assert.ok(admin.generatedPassword);
  assert.equal(await demoAdminPassword(db, config, admin.generatedPassword), admin.generatedPassword);
  assert.equal(await demoAdminPassword(db, config, undefined), admin.generatedPassword);

  // LEDGERLINK_DEMO_API_KEY fixes the key.
  const fixed = "demo-key-0123456789-abcdefghij";
  const withKey = await loadDemo(db, { ...config, demoApiKey: fixed });
  assert.equal(withKey.apiKey, fixed);
  assert.equal((await authenticateApiKey(db, fixed))?.companyId, demoCompanyId);
});
