// `npm start` (the demo without --connected) offers the first-time wizard against the QuickBooks
// emulator it starts beside it: the address it prints opens the wizard with the emulator's custom URLs
// and the app's credentials filled in, and the wizard connects through the emulator's consent page.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { startDemo } from "#app/demo.ts";
import { createLogger } from "#app/logger.ts";
import type { RunningApp } from "#app/run.ts";
import type { Config } from "#config/index.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";

const skip = browserSkip("demo wizard e2e");

const password = "correct horse battery staple";

describe("the demo offers the QuickBooks wizard against its emulator", { skip }, () => {
  let dataDir: string;
  let app: RunningApp;
  let lines: string[];
  let browser: Browser;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ledgerlink-demo-wizard-"));
    const config = {
      dataDir,
      port: 0,
      host: "127.0.0.1",
      logLevel: "silent",
      secretKey: randomBytes(32),
      adminPassword: password,
    } as Config;
    ({ app, lines } = await startDemo(config, createLogger({ level: "silent" }), {
      announce: false,
      workers: false,
      quickbooks: { emulatorPort: 0, connected: false },
    }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("the printed address opens the wizard, prefilled; it connects and goes on to the default accounts", async () => {
    const text = lines.join("\n");
    const emulatorUrl = /an emulator runs at (http:\/\/\S+?) /.exec(text)?.[1];
    const setupUrl = /set up and connect the demo company at (http:\/\/\S+)/.exec(text)?.[1];
    assert.ok(emulatorUrl && setupUrl, text);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    await page.goto(setupUrl);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Step 1 of 5: App credentials").waitFor();
    assert.ok(await page.getByLabel("Custom URLs").isChecked());
    assert.equal(await page.getByLabel("Server address").inputValue(), emulatorUrl);
    assert.equal(await page.getByLabel("Client id").inputValue(), "ledgerlink-dev");
    assert.equal(
      await page.getByLabel("Client secret").getAttribute("placeholder"),
      "Saved; leave empty to keep it",
    );
    await page.getByRole("button", { name: "Save and continue" }).click();

    await page.getByRole("button", { name: "Connect to QuickBooks" }).click();
    await page.waitForURL((url) => url.origin === new URL(emulatorUrl).origin);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.waitForURL((url) => url.origin === app.url && url.pathname.endsWith("/setup"));
    await page.getByText("Step 3 of 5: Default accounts").waitFor();
    // The emulator's demo chart: Inventory Asset is the inventory asset account QuickBooks needs.
    const asset = page.getByTestId("account-asset");
    await asset.getByRole("button", { name: "Choose the inventory asset account" }).click();
    await asset.getByRole("searchbox").fill("inventory");
    await asset.getByRole("button", { name: /^Inventory Asset/ }).click();
    await asset.getByText("Inventory Asset", { exact: true }).waitFor();
  });
});
