// Connecting a company to QuickBooks in the browser: the web app's settings screen, the emulator's
// consent page (a different origin, as Intuit's is), the callback and back, then Disconnect.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { RunningApp } from "#app/run.ts";
import { createEmulator, type Emulator } from "#emulator/index.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";
import { startWebApp, type TestWebApp } from "./helpers/web-app.ts";

const skip = browserSkip("web connection e2e");

const password = "correct horse battery staple";

describe("connecting to QuickBooks in a browser", { skip }, () => {
  let web: TestWebApp;
  let app: RunningApp;
  let qbo: Emulator;
  let browser: Browser;
  let page: Page;
  let _company: { id: string; name: string };
  let hostKey: string;

  before(async () => {
    qbo = await createEmulator({ seed: "empty", companyName: "Foundry Books LLC" });
    web = await startWebApp("ledgerlink-web-connect-", password);
    ({ app, hostKey } = web);
    _company = web.company;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await qbo?.close();
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
