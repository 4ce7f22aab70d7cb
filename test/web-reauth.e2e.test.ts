// A company whose QuickBooks authorisation has run out, seen in a browser: the refresh token expires on
// the emulator's clock, the next push meets invalid_grant, and every page of the company (record list,
// record detail, job history) carries a calm banner saying what happened and since when, that changes
// wait and nothing is lost, with Reconnect. Reconnected through the consent page, the banner goes and the
// waiting change reaches QuickBooks. At 1280 px and at 390 px.
// Set LEDGERLINK_E2E_SCREENSHOTS=/some/folder to keep a screenshot of each screen.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { RunningApp } from "#app/run.ts";
import { loadSecretKey } from "#secrets/key.ts";
import { ACTIVE_PROVIDER, setSwitch } from "#sync/settings.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";
import { connectToEmulator, startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { hostRequest } from "./helpers/host-api.ts";
import { openPhone } from "./helpers/phone.ts";
import { startWebApp, type TestWebApp } from "./helpers/web-app.ts";

const skip = browserSkip("web re-authorisation e2e");

const password = "correct horse battery staple";
const shots = process.env.LEDGERLINK_E2E_SCREENSHOTS;

/** A refresh token lives 101 days on the emulator's clock. */
const PAST_REFRESH_TOKEN_LIFE_S = 102 * 24 * 3600;

describe("a connection needing re-authorisation, seen on every page of its company", { skip }, () => {
  let web: TestWebApp;
  let app: RunningApp;
  let qbo: TestEmulator;
  let browser: Browser;
  let page: Page;
  let companyId: string;
  let hostKey: string;

  const host = (method: string, path: string, body?: unknown) =>
    hostRequest(app.url, hostKey, method, path, body);

  /** Asks until `check` holds, failing with the last answer after a while. */
  async function until<T>(what: string, ask: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 300; i++) {
      last = await ask();
      if (check(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`${what}: still ${JSON.stringify(last)}`);
  }

  async function shot(target: Page, name: string) {
    if (!shots) return;
    await target.evaluate(() => window.scrollTo(0, 0));
    await target.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }

  const banner = (target: Page) => target.getByTestId("reauth-banner");

  async function bannerSays(target: Page) {
    const shown = banner(target);
    await shown.getByText("QuickBooks needs you to reconnect Brightline Manufacturing.").waitFor();
    const text = (await shown.textContent()) ?? "";
    assert.match(text, /invalid_grant/, "what happened");
    assert.match(text, /Since .*\d/, "since when");
    assert.match(text, /changes to its records wait instead of going to QuickBooks; nothing is lost/);
    assert.equal(await shown.getByRole("link", { name: "Reconnect" }).count(), 1);
  }

  before(async () => {
    if (shots) mkdirSync(shots, { recursive: true });
    qbo = await startTestEmulator({ seed: "demo", companyName: "Foundry Books LLC" });
    web = await startWebApp("ledgerlink-web-reauth-", password);
    ({ app, hostKey } = web);
    companyId = web.company.id;
    const config = web.config;
    await connectToEmulator({ db: app.db, secretKey: loadSecretKey(config) }, companyId, {
      url: qbo.qbo.url,
      realmId: qbo.realmId,
    });
    assert.ok((await setSwitch(app.db.kysely, companyId, ACTIVE_PROVIDER, "customers", true)).ok);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await qbo?.close();
  });

  test("invalid_grant: a banner on the list, the record and the jobs; changes wait; Reconnect clears it", async () => {
    await host("PUT", "customers/C-1", { name: "Harbor Tools" });
    await until(
      "C-1 synced while connected",
      () => host("GET", "customers/C-1"),
      (r) => r.sync?.status === "synced",
    );

    await page.goto(app.url);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const list = `${app.url}/companies/${companyId}/records/customers`;
    await page.goto(list);
    await page.getByRole("row").filter({ hasText: "Harbor Tools" }).getByText("Synced").waitFor();
    assert.equal(await banner(page).count(), 0, "no banner while connected");

    // The refresh token runs out; the next change meets invalid_grant when its push refreshes.
    const advanced = await qbo.control("POST", "/clock/advance", { seconds: PAST_REFRESH_TOKEN_LIFE_S });
    assert.equal(advanced.status, 200, advanced.text);
    await host("PUT", "customers/C-2", { name: "Keel Fabrication" });
    await until(
      "the connection needs re-authorisation",
      () => host("GET", "connection"),
      (c) => c.status === "needs_reauthorization",
    );

    await page.goto(list);
    await bannerSays(page);
    const waiting = page.getByRole("row").filter({ hasText: "Keel Fabrication" });
    await waiting.getByText("Pending").waitFor();
    await shot(page, "reauth-banner-records");

    await page.goto(`${list}/C-2`);
    await page.getByRole("heading", { name: /Keel Fabrication/ }).waitFor();
    await bannerSays(page);

    await page.goto(`${app.url}/companies/${companyId}/jobs`);
    await page.getByRole("heading", { name: "Job history" }).waitFor();
    await bannerSays(page);

    const phone = await openPhone(browser, page);
    try {
      await phone.page.goto(list);
      await bannerSays(phone.page);
      await phone.fits("the record list with the banner");
      await shot(phone.page, "phone-reauth-banner-records");
      await phone.page.goto(`${list}/C-2`);
      await bannerSays(phone.page);
      await phone.fits("the record with the banner");
    } finally {
      await phone.close();
    }

    // Reconnect: the link leads to the QuickBooks page (which shows the state itself, no banner).
    await page.goto(list);
    await banner(page).getByRole("link", { name: "Reconnect" }).click();
    await page.getByRole("heading", { name: "QuickBooks Online" }).waitFor();
    await page.getByText("Needs re-authorisation").waitFor();
    assert.equal(await banner(page).count(), 0);
    await page.getByRole("button", { name: "Reconnect" }).click();
    await page.waitForURL((url) => url.origin === new URL(qbo.qbo.url).origin);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.waitForURL((url) => url.origin === app.url && url.pathname.endsWith("/connection"));
    await page.getByText("Connected to Foundry Books LLC.").waitFor();

    // The change that waited goes now; nothing was lost and nothing asks for a reconnect.
    await until(
      "C-2 synced after the reconnect",
      () => host("GET", "customers/C-2"),
      (r) => r.sync?.status === "synced",
    );
    await page.goto(list);
    await page.getByRole("row").filter({ hasText: "Keel Fabrication" }).getByText("Synced").waitFor();
    assert.equal(await banner(page).count(), 0, "the banner is gone once connected");
  });
});
