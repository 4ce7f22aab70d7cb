// Changing and retiring EDI settings in the web app, end to end: the real server (embedded database in a
// temp folder, workers on), headless Chromium at 1280 px and a 390 px phone. A bookkeeper opens a
// connection's page, edits it with the add form filled in (a bad value is refused naming its field),
// renames it, deactivates it (a file dropped in its inbox then waits) and activates it again; edits a
// partner the same way, deactivates it; deletes what nothing refers to, and sees why the rest stays.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { createLogger } from "#app/logger.ts";
import { type RunningApp, startApp } from "#app/run.ts";
import { loadConfig } from "#config/index.ts";
import { createConnection } from "#edi/connections.ts";
import type { EdiContext } from "#edi/context.ts";
import { createPartner } from "#edi/partners.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";
import { openPhone } from "./helpers/phone.ts";

const skip = browserSkip("web EDI edit e2e");
const shots = process.env.LEDGERLINK_E2E_SCREENSHOTS;

/** A whole-page screenshot from the top, when asked for (LEDGERLINK_E2E_SCREENSHOTS=/some/folder). */
async function screenshot(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
const password = "correct horse battery staple";

const PO = [
  "ISA*00*          *00*          *01*NORTHGATE      *ZZ*BRIGHTLINE     *261201*0900*U*00401*000000101*0*P*>~",
  "GS*PO*NORTHGATE*BRIGHTLINE*20261201*0900*101*X*004010~",
  "ST*850*0001~",
  "BEG*00*SA*PO-4471**20261201~",
  "N1*ST*NORTHGATE DC 7*92*0007~",
  "PO1*1*24*EA*2.50**IN*884422*VN*HEX-8~",
  "CTT*1*24~",
  "SE*6*0001~",
  "GE*1*101~",
  "IEA*1*000000101~",
].join("\n");

describe("EDI settings changed and retired in the web app", { skip }, () => {
  let dir: string;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let company: { id: string; name: string };
  let ctx: EdiContext;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ledgerlink-web-edi-edit-"));
    for (const folder of ["data", "inbox", "outbox", "outbox2"]) mkdirSync(join(dir, folder));
    const config = loadConfig({
      LEDGERLINK_DATA_DIR: join(dir, "data"),
      PORT: "0",
      LEDGERLINK_ADMIN_PASSWORD: password,
    });
    app = await startApp({ config, logger: createLogger({ level: "silent" }), announce: false });
    const created = await createCompany(app.db, { name: "Brightline Manufacturing" });
    assert.ok(created.ok);
    company = created.value;
    const key = await createApiKey(app.db, { companyId: company.id });
    assert.ok(key.ok);
    const customer = await fetch(`${app.url}/api/v1/customers/C-NG`, {
      method: "PUT",
      headers: { authorization: `Bearer ${key.value.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "Northgate Stores",
        locations: [{ code: "DC-07", name: "Columbus DC", address: { line1: "7 Logistics Pkwy" } }],
      }),
    });
    assert.equal(customer.status, 201);
    ctx = { db: app.db, secretKey: () => Buffer.alloc(32) };
    const connection = await createConnection(ctx, {
      companyId: company.id,
      body: {
        name: "main",
        ourQualifier: "ZZ",
        ourId: "BRIGHTLINE",
        transport: "folder",
        folder: { inbox: join(dir, "inbox"), outbox: join(dir, "outbox") },
      },
    });
    assert.ok(connection.ok);
    const partner = await createPartner(ctx, {
      companyId: company.id,
      body: {
        name: "northgate",
        connection: "main",
        customerExternalId: "C-NG",
        qualifier: "01",
        interchangeId: "NORTHGATE",
      },
    });
    assert.ok(partner.ok);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(app.url);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "EDI" }).click();
    await page.getByRole("heading", { name: "EDI connections" }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a connection is edited with its form filled in, renamed, deactivated and activated again", async () => {
    await page
      .getByRole("table", { name: "Connections" })
      .getByRole("link", { name: "main", exact: true })
      .click();
    await page.getByRole("heading", { name: "Connection main" }).waitFor();
    const facts = page.locator(".facts");
    assert.match((await facts.textContent()) ?? "", /Refers to it1 trading partner/);
    await page.getByText("It cannot be deleted while it has 1 trading partner").waitFor();
    assert.equal(await page.getByRole("button", { name: "Delete" }).count(), 0, "no Delete while in use");

    await page.getByRole("button", { name: "Edit" }).click();
    const form = page.getByRole("form", { name: "Edit connection" });
    assert.equal(await form.getByLabel("Name").inputValue(), "main");
    assert.equal(await form.getByLabel("Our interchange id").inputValue(), "BRIGHTLINE");
    assert.equal(await form.getByLabel("Inbox folder").inputValue(), join(dir, "inbox"));
    await form.getByLabel("Our qualifier").fill("Z");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByRole("alert").waitFor();
    assert.match((await form.getByRole("alert").textContent()) ?? "", /ourQualifier/);

    await form.getByLabel("Our qualifier").fill("ZZ");
    await form.getByLabel("Name").fill("main-dc");
    await form.getByLabel("Outbox folder").fill(join(dir, "outbox2"));
    await form.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "Connection main-dc" }).waitFor();
    await page.getByText("Saved connection main-dc.").waitFor();
    assert.ok(page.url().endsWith("/edi/connections/main-dc"));
    assert.match((await facts.textContent()) ?? "", new RegExp(`${join(dir, "outbox2")}`));

    // Test connection on its page, after the edit: the new outbox is the one written.
    await page.getByRole("button", { name: "Test connection" }).click();
    const report = page.getByRole("list", { name: "Test of main-dc" });
    await report.getByText("write outbox").waitFor();
    assert.match((await report.textContent()) ?? "", /OK\s*write outbox: .*outbox2/);

    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByText("Connection main-dc is inactive: it is no longer polled.").waitFor();
    assert.equal(await page.locator(".page-head .badge").textContent(), "Inactive");
    await screenshot(page, "edi-connection-page");
    writeFileSync(join(dir, "inbox", "po-4471.edi"), PO);
    // A pickup now passes the inactive connection by: the file waits.
    await page.goto(`${app.url}/companies/${company.id}/edi/messages`);
    await page.getByRole("button", { name: "Check inboxes now" }).click();
    await page.getByText("No active connection to check.").waitFor();
    assert.ok(existsSync(join(dir, "inbox", "po-4471.edi")), "an inactive connection is not polled");

    await page.goto(`${app.url}/companies/${company.id}/edi/connections/main-dc`);
    await page.getByRole("button", { name: "Activate" }).click();
    await page.getByText("Connection main-dc is active: it is polled again.").waitFor();
    await page.goto(`${app.url}/companies/${company.id}/edi/messages`);
    await page.getByRole("button", { name: "Check inboxes now" }).click();
    await page.getByText(/main-dc: \d file\(s\) picked up/).waitFor();
    await page.getByRole("cell", { name: "PO-4471" }).first().waitFor();
    assert.ok(!existsSync(join(dir, "inbox", "po-4471.edi")), "picked up once active");
  });

  test("a partner is edited with its form filled in, a bad value named, and deactivated", async () => {
    await page.goto(`${app.url}/companies/${company.id}/edi`);
    await page.getByRole("link", { name: "northgate", exact: true }).click();
    await page.getByRole("heading", { name: "Partner northgate" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Delete" }).count(), 0, "it has messages");
    await page
      .getByText(/It cannot be deleted while it has \d+ messages and 3 control number series/)
      .waitFor();

    await page.getByRole("button", { name: "Edit" }).click();
    const form = page.getByRole("form", { name: "Edit trading partner" });
    assert.equal(await form.getByLabel("Partner name").inputValue(), "northgate");
    assert.equal(await form.getByLabel("Connection").inputValue(), "main-dc");
    assert.equal(await form.getByLabel("Partner interchange id").inputValue(), "NORTHGATE");
    assert.equal(await form.getByLabel("Accepts clean orders at once").isChecked(), false);
    await form.getByLabel("Overdue after (minutes without a 997)").fill("soon");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByRole("alert").waitFor();
    assert.match((await form.getByRole("alert").textContent()) ?? "", /overdueAfterMinutes/);

    await form.getByLabel("Overdue after (minutes without a 997)").fill("90");
    await form.getByLabel("Accepts clean orders at once").check();
    await form.getByRole("button", { name: "Add a location" }).click();
    const location = form.getByRole("group", { name: "Location 1" });
    await location.getByLabel("Partner location id").fill("0007");
    await location.getByLabel("Customer location code").fill("DC-07");
    await form.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved partner northgate.").waitFor();
    const facts = (await page.locator(".facts").textContent()) ?? "";
    assert.match(facts, /Ordersaccepted at once/);
    assert.match(facts, /Overdue after90 minutes without a 997/);
    assert.match(facts, /Locations0007 → DC-07/);

    await page.getByRole("button", { name: "Edit" }).click();
    const again = page.getByRole("form", { name: "Edit trading partner" });
    assert.equal(
      await again.getByLabel("Accepts clean orders at once").isChecked(),
      true,
      "prefilled as saved",
    );
    await screenshot(page, "edi-partner-edit");
    await again.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByText("Partner northgate is inactive: its files now need attention.").waitFor();
    assert.equal(await page.locator(".page-head .badge").textContent(), "Inactive");
    await page.goto(`${app.url}/companies/${company.id}/edi`);
    const row = page.getByRole("table", { name: "Trading partners" }).getByRole("row", { name: /northgate/ });
    await row.getByText("Inactive").waitFor();
  });

  test("what nothing refers to is deleted from its page", async () => {
    const spare = await createPartner(ctx, {
      companyId: company.id,
      body: {
        name: "spare",
        connection: "main-dc",
        customerExternalId: "C-NG",
        qualifier: "ZZ",
        interchangeId: "SPARE",
      },
    });
    assert.ok(spare.ok);
    const unused = await createConnection(ctx, {
      companyId: company.id,
      body: {
        name: "unused",
        ourQualifier: "ZZ",
        ourId: "BRIGHTLINE",
        transport: "folder",
        folder: { inbox: "/srv/in", outbox: "/srv/out" },
      },
    });
    assert.ok(unused.ok);

    await page.goto(`${app.url}/companies/${company.id}/edi/partners/spare`);
    await page.getByRole("heading", { name: "Partner spare" }).waitFor();
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "EDI connections" }).waitFor();
    const partners = page.getByRole("table", { name: "Trading partners" });
    await partners.getByRole("link", { name: "northgate" }).waitFor();
    assert.equal(await partners.getByRole("link", { name: "spare" }).count(), 0);

    await page.goto(`${app.url}/companies/${company.id}/edi/connections/unused`);
    await page.getByRole("heading", { name: "Connection unused" }).waitFor();
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "EDI connections" }).waitFor();
    const connections = page.getByRole("table", { name: "Connections" });
    await connections.getByRole("link", { name: "main-dc" }).waitFor();
    assert.equal(await connections.getByRole("link", { name: "unused" }).count(), 0);
  });

  test("on a 390 px phone the pages and their edit forms fit the screen", async () => {
    const phone = await openPhone(browser, page);
    try {
      await phone.page.goto(`${app.url}/companies/${company.id}/edi/connections/main-dc`);
      await phone.page.getByRole("heading", { name: "Connection main-dc" }).waitFor();
      await phone.fits("the connection page");
      await phone.page.getByRole("button", { name: "Edit" }).click();
      await phone.page.getByRole("form", { name: "Edit connection" }).waitFor();
      await phone.fits("the connection's edit form");

      await phone.page.goto(`${app.url}/companies/${company.id}/edi/partners/northgate`);
      await phone.page.getByRole("heading", { name: "Partner northgate" }).waitFor();
      await phone.fits("the partner page");
      await phone.page.getByRole("button", { name: "Edit" }).click();
      await phone.page.getByRole("form", { name: "Edit trading partner" }).waitFor();
      await phone.fits("the partner's edit form");
    } finally {
      await phone.close();
    }
  });
});
