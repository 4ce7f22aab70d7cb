// EDI in the web app, end to end: the real server (embedded database in a temp folder, port 0, workers
// on), headless Chromium, and a folder connection on disk. A bookkeeper adds the connection and tests
// it; a shipment the host records against an order that came by EDI leaves as an 856 in the outbox.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { createLogger } from "#app/logger.ts";
import { type RunningApp, startApp } from "#app/run.ts";
import { loadConfig } from "#config/index.ts";
import { findConnection } from "#store/edi/connections.ts";
import { insertMessage } from "#store/edi/messages.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { setSsccSettings } from "#store/edi/sscc.ts";
import { parseX12 } from "#x12/reader.ts";
import { read850, read856 } from "#x12/sets/index.ts";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const webIndex = new URL("../dist/web/index.html", import.meta.url).pathname;
const skip = !existsSync(chromiumPath)
  ? `no Chromium at ${chromiumPath} (install it with: apt-get install -y chromium)`
  : !existsSync(webIndex)
    ? "the web app is not built (npm test builds it; or run: npm run build:web)"
    : false;
if (skip) console.log(`# web EDI e2e skipped: ${skip}`);

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

describe("EDI in the web app", { skip }, () => {
  let dir: string;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let company: { id: string; name: string };
  let key: string;

  async function host(path: string, body: unknown) {
    const response = await fetch(`${app.url}/api/v1/${path}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `PUT ${path}: ${response.status} ${await response.text()}`);
  }

  async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`waited in vain for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ledgerlink-web-edi-"));
    for (const folder of ["data", "inbox", "outbox"]) mkdirSync(join(dir, folder));
    const config = loadConfig({
      LEDGERLINK_DATA_DIR: join(dir, "data"),
      PORT: "0",
      LEDGERLINK_ADMIN_PASSWORD: password,
    });
    app = await startApp({ config, logger: createLogger({ level: "silent" }), announce: false });
    const created = await createCompany(app.db, { name: "Brightline Manufacturing" });
    assert.ok(created.ok);
    company = created.value;
    const apiKey = await createApiKey(app.db, { companyId: company.id });
    assert.ok(apiKey.ok);
    key = apiKey.value.key;
    await host("customers/C-NG", { name: "Northgate Stores" });
    await host("items/P-8", { name: "Hex bolt M8", type: "inventory", sku: "HEX-8", unitPrice: "2.50" });

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("adds a folder connection and tests it: the inbox is listed and the outbox written", async () => {
    await page.goto(app.url);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "EDI" }).click();
    await page.getByRole("heading", { name: "EDI connections" }).waitFor();
    await page.getByText("No connections yet.").waitFor();

    const form = page.getByRole("form", { name: "New connection" });
    await form.getByLabel("Name").fill("main");
    await form.getByLabel("Our interchange id").fill("BRIGHTLINE");
    await form.getByLabel("Inbox folder").fill(join(dir, "inbox"));
    await form.getByLabel("Outbox folder").fill(join(dir, "outbox"));
    await form.getByRole("button", { name: "Add connection" }).click();

    const connections = page.getByRole("table", { name: "Connections" });
    await connections.getByRole("cell", { name: "main", exact: true }).waitFor();
    await connections.getByRole("button", { name: "Test connection" }).click();
    const report = page.getByRole("list", { name: "Test of main" });
    await report.getByText("list inbox").waitFor();
    assert.match((await report.textContent()) ?? "", /OK\s*list inbox: .*inbox: 0 files waiting/);
    assert.match((await report.textContent()) ?? "", /OK\s*write outbox: .*wrote and removed a test file/);
  });

  test("a bad connection is refused with the field named, and nothing is added", async () => {
    const form = page.getByRole("form", { name: "New connection" });
    await form.getByLabel("Name").fill("second");
    await form.getByLabel("Our interchange id").fill("BRIGHTLINE");
    await form.getByLabel("Inbox folder").fill("relative/inbox");
    await form.getByLabel("Outbox folder").fill(join(dir, "outbox"));
    await form.getByRole("button", { name: "Add connection" }).click();
    await form.getByRole("alert").waitFor();
    assert.match(
      (await form.getByRole("alert").textContent()) ?? "",
      /folder\.inbox must be an absolute path/,
    );
    assert.equal(
      await page
        .getByRole("table", { name: "Connections" })
        .getByRole("cell", { name: "second", exact: true })
        .count(),
      0,
    );
  });

  test("a shipment recorded against an order that came by EDI leaves as an 856 in the outbox", async () => {
    const connection = await findConnection(app.db.kysely, company.id, "main");
    assert.ok(connection);
    const partner = await insertPartner(app.db.kysely, {
      companyId: company.id,
      connectionId: connection.id,
      name: "northgate",
      active: true,
      customerExternalId: "C-NG",
      qualifier: "01",
      interchangeId: "NORTHGATE",
      applicationId: null,
      version: "00401",
      separators: null,
      wants855: false,
      wants810: false,
      autoAccept: false,
      overdueAfterMinutes: 60,
      locations: [],
    });
    assert.ok(partner.ok);
    await setSsccSettings(app.db.kysely, company.id, { gs1Prefix: "0614141", extensionDigit: "0" });
    await host("sales-orders/SO-1", {
      number: "SO-1",
      date: "2026-12-01",
      customerExternalId: "C-NG",
      customerPoNumber: "PO-4471",
      lines: [
        { lineId: "1", itemExternalId: "P-8", quantity: "24", unitPrice: "2.50", customerPoLineNumber: "1" },
      ],
    });
    const set = parseX12(PO).interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(set);
    await insertMessage(app.db.kysely, {
      companyId: company.id,
      connectionId: connection.id,
      partnerId: partner.partner.id,
      fileId: null,
      direction: "inbound",
      type: "850",
      status: "accepted",
      senderQualifier: "01",
      senderId: "NORTHGATE",
      receiverQualifier: "ZZ",
      receiverId: "BRIGHTLINE",
      interchangeControl: "000000101",
      groupControl: "101",
      setControl: "0001",
      functionalId: "PO",
      reference: "PO-4471",
      raw: PO,
      parsed: read850(set).order,
      problems: [],
      reasons: [],
      recordCollection: "sales-orders",
      recordExternalId: "SO-1",
      dueAt: null,
    });

    await page.reload();
    await page
      .getByRole("table", { name: "Trading partners" })
      .getByRole("cell", { name: "northgate", exact: true })
      .waitFor();

    await host("shipments/SH-1", {
      number: "SH-1",
      customerExternalId: "C-NG",
      salesOrderExternalId: "SO-1",
      shipDate: "2026-12-06",
      cartons: [{ items: [{ itemExternalId: "P-8", quantity: "24", orderLineId: "1" }] }],
    });
    const outbox = join(dir, "outbox");
    const file = await until("the 856 in the outbox", () =>
      readdirSync(outbox).find((n) => n.startsWith("856-")),
    );
    const sent = parseX12(readFileSync(join(outbox, file)));
    assert.deepEqual(sent.problems, []);
    const notice = sent.interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(notice);
    const shipment = read856(notice).shipment;
    assert.equal(shipment.orders[0]?.poNumber, "PO-4471");
    assert.equal(shipment.orders[0]?.packs?.[0]?.items?.[0]?.lineNumber, "1");
    assert.equal(shipment.shipTo?.id, "0007");
  });

  test("the messages show the 850 that became the order and the 856 that left, raw X12 beside its parsed form", async () => {
    await page.getByRole("link", { name: "EDI", exact: true }).click();
    await page.getByRole("link", { name: "Messages", exact: true }).click();
    const table = page.getByRole("table", { name: "Messages" });
    await table.getByRole("cell", { name: "856", exact: true }).waitFor();
    const rows = table.getByRole("row");
    assert.match((await rows.nth(1).textContent()) ?? "", /Out856northgatePO-4471.*Sent/);
    assert.match((await rows.nth(2).textContent()) ?? "", /In850northgatePO-4471.*Accepted/);
    await rows.nth(1).getByRole("link").click();
    await page.getByRole("heading", { name: /Sent 856/ }).waitFor();
    assert.match(
      (await page.getByRole("region", { name: "Raw X12" }).textContent()) ?? "",
      /BSN\*00\*SH-1\*/,
    );
    assert.match(
      (await page.getByRole("region", { name: "Parsed" }).textContent()) ?? "",
      /"shipmentId": "SH-1"/,
    );
    await page.getByRole("link", { name: "shipments SH-1" }).waitFor();
  });
});
