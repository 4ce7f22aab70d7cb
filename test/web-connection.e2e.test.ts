// Connecting a company to QuickBooks in the browser: the web app's settings screen, the emulator's
// consent page (a different origin, as Intuit's is), the callback and back, then Disconnect.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { createLogger } from "#app/logger.ts";
import { type RunningApp, startApp } from "#app/run.ts";
import { loadConfig } from "#config/index.ts";
import { createEmulator, type Emulator } from "#emulator/index.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";

const skip = browserSkip("web connection e2e");

const password = "correct horse battery staple";

describe("connecting to QuickBooks in a browser", { skip }, () => {
  let dataDir: string;
  let app: RunningApp;
  let qbo: Emulator;
  let browser: Browser;
  let page: Page;
  let company: { id: string; name: string };
  let hostKey: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ledgerlink-web-connect-"));
    qbo = await createEmulator({ seed: "empty", companyName: "Foundry Books LLC" });
    const config = loadConfig({
      LEDGERLINK_DATA_DIR: dataDir,
      PORT: "0",
      LEDGERLINK_ADMIN_PASSWORD: password,
    });
    app = await startApp({ config, logger: createLogger({ level: "silent" }), announce: false });
    const created = await createCompany(app.db, { name: "Brightline Manufacturing" });
    assert.ok(created.ok);
    company = created.value;
    const key = await createApiKey(app.db, { companyId: company.id });
    assert.ok(key.ok);
    hostKey = key.value.key;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await qbo?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const hostView = async () =>
    (await (
      await fetch(`${app.url}/api/v1/connection`, { headers: { authorization: `Bearer ${hostKey}` } })
    ).json()) as {
      status: string;
      realmId: string | null;
      companyName: string | null;
    };

  test("app credentials, Connect through the consent page, back connected; then Disconnect", async () => {
    await page.goto(app.url);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    await page.getByRole("link", { name: "QuickBooks" }).click();
    await page.getByRole("heading", { name: "QuickBooks Online" }).waitFor();
    await page.getByRole("heading", { name: "App credentials" }).waitFor();
    await page.getByLabel("Custom URLs").check();
    await page.getByLabel("Server address").fill(qbo.url);
    await page.getByLabel("Client id").fill("ledgerlink-dev");
    await page.getByLabel("Client secret").fill("ledgerlink-dev-secret");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved (sealed)").waitFor();

    await page.getByRole("button", { name: "Connect to QuickBooks" }).click();
    // QuickBooks' page, on the emulator's origin.
    await page.waitForURL((url) => url.origin === new URL(qbo.url).origin);
    assert.equal((await hostView()).status, "connecting");
    await page.getByRole("button", { name: "Connect" }).click();

    await page.waitForURL((url) => url.origin === app.url && url.pathname.endsWith("/connection"));
    await page.getByText("Connected to Foundry Books LLC.").waitFor();
    assert.equal(await page.getByTestId("qbo-realm").textContent(), qbo.realmId);
    assert.equal(await page.getByTestId("qbo-company").textContent(), "Foundry Books LLC");
    const view = await hostView();
    assert.equal(view.status, "connected");
    assert.equal(view.realmId, qbo.realmId);
    assert.equal(view.companyName, "Foundry Books LLC");

    await page.getByRole("button", { name: "Disconnect…" }).click();
    await page.getByRole("button", { name: "Disconnect", exact: true }).click();
    await page.getByText("This company is not connected to QuickBooks.").waitFor();
    assert.equal((await hostView()).status, "not_connected");
  });
});
