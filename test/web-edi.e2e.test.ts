// EDI in the web app, end to end: the real server (embedded database in a temp folder, port 0, workers
// on), headless Chromium, and a folder connection on disk. A bookkeeper adds the connection and tests
// it, adds the trading partner with its location map, sees a partner's 850 dropped in the inbox arrive
// with the 997 that went back, accepts it into a sales order (and sees the 855), and, once the host has
// recorded the shipment, sees the 856 leave and the partner's 997 mark it acknowledged; the order and
// the shipment show their messages, and the screens fit a 390 px phone.
//
// Set LEDGERLINK_E2E_SCREENSHOTS=/some/folder to keep a screenshot of each screen.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { createLogger } from "#app/logger.ts";
import { type RunningApp, startApp } from "#app/run.ts";
import { loadConfig } from "#config/index.ts";
import { parseX12 } from "#x12/reader.ts";
import { read856 } from "#x12/sets/index.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";
import { hostRequest } from "./helpers/host-api.ts";
import { openPhone } from "./helpers/phone.ts";
import { startSftpServer, type TestSftpServer } from "./helpers/sftp-server.ts";
import { partnerAcceptance } from "./helpers/x12/partner.ts";

const skip = browserSkip("web EDI e2e");

const password = "correct horse battery staple";
const shots = process.env.LEDGERLINK_E2E_SCREENSHOTS;
/** The sales order the partner's PO becomes. */
const SO = "EDI-northgate-PO-4471";

/** A whole-page screenshot from the top (so the sticky bar is where it belongs), when asked for. */
async function screenshot(page: Page, name: string) {
  if (!shots) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

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

  const host = (path: string, body: unknown) => hostRequest(app.url, key, "PUT", path, body);

  async function shot(name: string) {
    await screenshot(page, name);
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
    if (shots) mkdirSync(shots, { recursive: true });
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
    // The partner's N104 0007 is mapped to DC-07 on the partner, in the web app.
    await host("customers/C-NG", {
      name: "Northgate Stores",
      locations: [
        {
          code: "DC-07",
          name: "Columbus DC",
          address: { line1: "7 Logistics Pkwy", city: "Columbus", region: "OH", postalCode: "43217" },
        },
      ],
    });
    await host("items/P-8", { name: "Hex bolt M8", type: "inventory", sku: "HEX-8", unitPrice: "2.50" });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
  });

  const sftpServers: TestSftpServer[] = [];
  after(async () => {
    for (const server of sftpServers) await server.close();
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

  test("adds a trading partner in the web app: a bad value is refused naming its field, then it is added with its location map", async () => {
    await page.getByRole("heading", { name: "EDI connections" }).waitFor();
    const form = page.getByRole("form", { name: "New trading partner" });
    await form.getByLabel("Partner name").fill("northgate");
    await form.getByLabel("Connection").selectOption("main");
    await form.getByLabel("Customer (external id)").fill("C-NG");
    await form.getByLabel("Partner qualifier").fill("01");
    await form.getByLabel("Partner interchange id").fill("NORTHGATE");
    await form.getByLabel("X12 version we send").selectOption("00401");
    await form.getByLabel("Element separator").fill("*");
    await form.getByLabel("Overdue after (minutes without a 997)").fill("soon");
    await form.getByLabel("Sends an 855 for each accepted order").check();
    await form.getByRole("button", { name: "Add a location" }).click();
    const location = form.getByRole("group", { name: "Location 1" });
    await location.getByLabel("Partner location id").fill("0007");
    await location.getByLabel("Customer location code").fill("DC-07");
    await form.getByRole("button", { name: "Add partner" }).click();
    await form.getByRole("alert").waitFor();
    assert.match((await form.getByRole("alert").textContent()) ?? "", /overdueAfterMinutes/);

    await form.getByLabel("Overdue after (minutes without a 997)").fill("60");
    await form.getByRole("button", { name: "Add partner" }).click();
    const partners = page.getByRole("table", { name: "Trading partners" });
    const row = partners.getByRole("row", { name: /northgate/ });
    await row.waitFor();
    assert.match(
      (await row.textContent()) ?? "",
      /main.*C-NG.*01:NORTHGATE.*997, 856, 855.*accepted by hand.*0007 → DC-07/,
    );
    // The form is cleared for the next partner.
    assert.equal(await form.getByLabel("Partner name").inputValue(), "");
  });

  test("sets the GS1 prefix cartons are labelled from: a bad one is refused naming the field", async () => {
    const form = page.getByRole("form", { name: "Carton labels" });
    await form.getByText("Without a prefix, such a shipment's 856 cannot be sent.").waitFor();
    await form.getByLabel("GS1 company prefix").fill("12AB");
    await form.getByRole("button", { name: "Save prefix" }).click();
    await form.getByRole("alert").waitFor();
    assert.match((await form.getByRole("alert").textContent()) ?? "", /gs1Prefix must be the 7 to 10 digits/);
    await form.getByLabel("GS1 company prefix").fill("0614141");
    await form.getByLabel("Extension digit").fill("0");
    await form.getByRole("button", { name: "Save prefix" }).click();
    await form.getByRole("status").filter({ hasText: "Saved: SSCCs start with 00614141." }).waitFor();
    await shot("edi-partners");
  });

  test("an 850 dropped in the folder inbox shows in the messages; Accept makes the sales order, and the 997 that went out is listed", async () => {
    writeFileSync(join(dir, "inbox", "po-4471.x12"), PO);
    await page.getByRole("link", { name: "Messages", exact: true }).click();
    await page.getByRole("heading", { name: "EDI messages" }).waitFor();
    // One pickup now (the minute poller may have been first: then this one finds nothing new).
    await page.getByRole("button", { name: "Check inboxes now" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /main: \d file\(s\) picked up/ })
      .waitFor();
    const table = page.getByRole("table", { name: "Messages" });
    const po = table.getByRole("row", { name: /In\s*850/ });
    await po.waitFor();
    assert.match((await po.textContent()) ?? "", /In850northgatePO-4471.*New/);
    const ack = table.getByRole("row", { name: /Out\s*997/ });
    assert.match((await ack.textContent()) ?? "", /Out997northgate.*Sent/);
    const sent997 = readdirSync(join(dir, "outbox")).find((n) => n.startsWith("997-"));
    assert.ok(sent997, "the 997 is in the outbox");
    assert.equal(existsSync(join(dir, "inbox", "po-4471.x12")), false, "the 850 was archived");
    await shot("edi-messages-received");

    await po.getByRole("link").click();
    await page.getByRole("heading", { name: /Received 850/ }).waitFor();
    assert.match(
      (await page.getByRole("region", { name: "Raw X12" }).textContent()) ?? "",
      /BEG\*00\*SA\*PO-4471/,
    );
    await page.getByRole("button", { name: "Accept" }).click();
    const order = page.getByRole("link", { name: `sales-orders ${SO}` });
    await order.waitFor();
    assert.equal((await page.locator(".page-head .badge").textContent())?.trim(), "Accepted");
    assert.equal(await page.getByRole("button", { name: "Accept" }).count(), 0, "no second Accept");
    await shot("edi-message-accepted");

    // From the order: the 850 it came from, and the 855 the partner wanted.
    await order.click();
    await page.getByRole("heading", { name: "PO-4471" }).waitFor();
    const linked = page.getByRole("list", { name: "EDI messages" });
    await linked.getByRole("link", { name: /Received 850/ }).waitFor();
    await until("the 855 in the outbox", () =>
      readdirSync(join(dir, "outbox")).find((n) => n.startsWith("855-")),
    );
    await page.reload();
    await linked.getByRole("link", { name: /Sent 855/ }).waitFor();
    await shot("edi-sales-order");
  });

  test("a shipment the host records leaves as an 856; the partner's 997 for it marks it acknowledged, on both sides", async () => {
    await host("shipments/SH-1", {
      number: "SH-1",
      customerExternalId: "C-NG",
      salesOrderExternalId: SO,
      shipDate: "2026-12-06",
      cartons: [{ items: [{ itemExternalId: "P-8", quantity: "24" }] }],
    });
    const outbox = join(dir, "outbox");
    const file = await until("the 856 in the outbox", () =>
      readdirSync(outbox).find((n) => n.startsWith("856-")),
    );
    const sent = parseX12(readFileSync(join(outbox, file)));
    assert.deepEqual(sent.problems, []);
    const group = sent.interchanges[0]?.groups[0];
    const notice = group?.transactionSets[0];
    assert.ok(group && notice);
    const shipment = read856(notice).shipment;
    assert.equal(shipment.orders[0]?.poNumber, "PO-4471");
    assert.equal(shipment.orders[0]?.packs?.[0]?.items?.[0]?.lineNumber, "1");
    assert.match(
      shipment.orders[0]?.packs?.[0]?.sscc ?? "",
      /^00614141\d{10}$/,
      "the SSCC is made from the prefix set in the app",
    );
    assert.equal(shipment.shipTo?.id, "0007");

    await page.getByRole("link", { name: "EDI", exact: true }).click();
    await page.getByRole("link", { name: "Messages", exact: true }).click();
    const table = page.getByRole("table", { name: "Messages" });
    const row856 = table.getByRole("row", { name: /Out\s*856/ });
    await row856.waitFor();
    assert.match((await row856.textContent()) ?? "", /Out856northgatePO-4471.*Sent/);

    // The partner answers with a 997 accepting the 856's group.
    writeFileSync(
      join(dir, "inbox", "997-for-856.x12"),
      partnerAcceptance({
        partner: { qualifier: "01", id: "NORTHGATE" },
        us: { qualifier: "ZZ", id: "BRIGHTLINE" },
        functionalId: "SH",
        groupControl: group.controlNumber,
        setType: "856",
        setControl: notice.controlNumber,
      }),
    );
    await page.getByRole("button", { name: "Check inboxes now" }).click();
    await table.getByRole("row", { name: /In\s*997/ }).waitFor();
    for (let i = 0; ; i++) {
      if (/Acknowledged/.test((await row856.textContent()) ?? "")) break;
      if (i > 50) assert.fail(`the 856 is not acknowledged: ${await row856.textContent()}`);
      await page.getByRole("button", { name: "Refresh" }).click();
      await new Promise((r) => setTimeout(r, 200));
    }
    await shot("edi-messages");

    await row856.getByRole("link").click();
    await page.getByRole("heading", { name: /Sent 856/ }).waitFor();
    assert.match(
      (await page.getByRole("region", { name: "Raw X12" }).textContent()) ?? "",
      /BSN\*00\*SH-1\*/,
    );
    assert.match(
      (await page.getByRole("region", { name: "Parsed" }).textContent()) ?? "",
      /"shipmentId": "SH-1"/,
    );
    await page.getByRole("link", { name: /message #\d+/ }).waitFor();
    assert.match(
      (await page.locator("main, .page").first().textContent()) ?? "",
      /Acknowledged by the partner's message #\d+/,
    );
    await shot("edi-856-acknowledged");
    await page.getByRole("link", { name: "shipments SH-1" }).click();
    await page.getByRole("heading", { name: "SH-1" }).waitFor();
    const linked = page.getByRole("list", { name: "EDI messages" });
    const sent856 = linked.getByRole("listitem").filter({ hasText: "Sent 856" });
    await sent856.waitFor();
    assert.match((await sent856.textContent()) ?? "", /northgate.*PO-4471.*Acknowledged/);
  });

  test("the messages filter by status, direction and partner, and the filters are kept in the address", async () => {
    await page.goto(`${app.url}/companies/${company.id}/edi/messages`);
    const table = page.getByRole("table", { name: "Messages" });
    /** Waits until the listed messages are of these types, newest first. */
    const listed = async (expected: string[]) => {
      let types: string[] = [];
      for (let i = 0; i < 100; i++) {
        types = (await table.locator("td[data-label='Type']").allTextContents()).map((t) => t.trim());
        if (JSON.stringify(types) === JSON.stringify(expected)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual(types, expected);
    };
    await listed(["997", "856", "855", "997", "850"]);

    await page.getByLabel("Direction").selectOption("inbound");
    await page.waitForURL(/direction=inbound/);
    await listed(["997", "850"]);
    await page.getByLabel("Status").selectOption("accepted");
    await page.waitForURL(/status=accepted/);
    await listed(["997", "850"]);
    await page.reload();
    await listed(["997", "850"]);
    assert.equal(await page.getByLabel("Status").inputValue(), "accepted");
    assert.equal(await page.getByLabel("Direction").inputValue(), "inbound");
    await page.getByLabel("Direction").selectOption("outbound");
    await page.getByText("No messages match these filters.").waitFor();
    await page.getByLabel("Status").selectOption("acknowledged");
    await listed(["856"]);
    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Direction").selectOption("");
    await page.getByLabel("Partner").selectOption("northgate");
    await page.waitForURL(/partner=northgate/);
    await listed(["997", "856", "855", "997", "850"]);
  });

  test("fits a 390 px phone: the EDI screens, a message and an order have no sideways scrolling", async () => {
    const { page: phone, fits, close } = await openPhone(browser, page);
    const base = `${app.url}/companies/${company.id}`;
    try {
      await phone.goto(`${base}/edi`);
      await phone
        .getByRole("table", { name: "Trading partners" })
        .getByText("northgate", { exact: true })
        .waitFor();
      await phone
        .getByRole("form", { name: "New trading partner" })
        .getByRole("button", { name: "Add a location" })
        .click();
      await fits("connections and partners");
      await screenshot(phone, "phone-edi");
      await phone.goto(`${base}/edi/messages`);
      const table = phone.getByRole("table", { name: "Messages" });
      await table.getByText("856", { exact: true }).waitFor();
      await fits("messages");
      await screenshot(phone, "phone-edi-messages");
      // On a phone each row is a card whose cells are labelled, so the row is found by its type cell.
      await table
        .locator("tbody tr", { has: phone.locator("td[data-label='Type']", { hasText: /^850$/ }) })
        .getByRole("link")
        .click();
      await phone.getByRole("heading", { name: /Received 850/ }).waitFor();
      await fits("a message");
      await screenshot(phone, "phone-edi-message");
      await phone.getByRole("link", { name: `sales-orders ${SO}` }).click();
      await phone.getByRole("heading", { name: "PO-4471" }).waitFor();
      await phone.getByRole("list", { name: "EDI messages" }).waitFor();
      await fits("the sales order");
    } finally {
      await close();
    }
  });

  test("an SFTP connection added in the app pins the server's key; a changed key is refused until it is forgotten", async () => {
    mkdirSync(join(dir, "remote", "in"), { recursive: true });
    mkdirSync(join(dir, "remote", "out"), { recursive: true });
    const users = [{ username: "brightline", password: "sftp-pass-123" }];
    const first = await startSftpServer({ root: join(dir, "remote"), users });
    sftpServers.push(first);
    await page.goto(`${app.url}/companies/${company.id}/edi`);
    const form = page.getByRole("form", { name: "New connection" });
    await form.getByRole("combobox", { name: /^Transport/ }).selectOption("sftp");
    await form.getByLabel("Name", { exact: true }).fill("partner-sftp");
    await form.getByLabel("Our interchange id", { exact: true }).fill("BRIGHTLINE");
    await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
    await form.getByLabel("Port", { exact: true }).fill(String(first.port));
    await form.getByLabel("User name", { exact: true }).fill("brightline");
    await form.getByLabel("Password", { exact: true }).fill("sftp-pass-123");
    await form.getByLabel("Inbox folder", { exact: true }).fill("/in");
    await form.getByLabel("Outbox folder", { exact: true }).fill("/out");
    await form.getByRole("button", { name: "Add connection" }).click();

    const connections = page.getByRole("table", { name: "Connections" });
    const row = connections.getByRole("row", { name: /partner-sftp/ });
    // Not pinned yet (unless the minute's poll has just been there: it pins the same key).
    assert.match((await row.textContent()) ?? "", /host key (not pinned yet|SHA256:)/);
    await row.getByRole("button", { name: "Test connection" }).click();
    const report = page.getByRole("list", { name: "Test of partner-sftp" });
    await report.getByText("write outbox").waitFor();
    const text = (await report.textContent()) ?? "";
    // Pinned by this test, or a moment earlier by the minute's poll: the server's own key either way.
    assert.ok(
      text.includes(`host key: first connection: pinned ${first.fingerprint}`) ||
        text.includes(`host key: matches the pinned ${first.fingerprint}`),
      text,
    );
    assert.match(text, /OK\s*authenticate/);
    await row.getByText(`host key ${first.fingerprint}`).waitFor();

    // Another server, with another key, answers on the same address.
    await first.close();
    const impostor = await startSftpServer({ root: join(dir, "remote"), users, port: first.port });
    sftpServers.push(impostor);
    await row.getByRole("button", { name: "Test connection" }).click();
    await report.getByText(/Failed\s*host key/).waitFor();
    assert.match((await report.textContent()) ?? "", /not the pinned .*Forget host key/);
    assert.doesNotMatch((await report.textContent()) ?? "", /authenticate/);

    // The partner confirms the new key: forget the old one; the next test pins the new one.
    page.once("dialog", (dialog) => dialog.accept());
    await row.getByRole("button", { name: "Forget host key" }).click();
    await page.getByText(`Forgot ${first.fingerprint}: Test connection now pins the server's key.`).waitFor();
    await row.getByRole("button", { name: "Test connection" }).click();
    await row.getByText(`host key ${impostor.fingerprint}`).waitFor();
    assert.match(
      (await report.textContent()) ?? "",
      new RegExp(
        `OK\\s*host key: (first connection: pinned|matches the pinned) ${impostor.fingerprint.replace(/[+/]/g, "\\$&")}`,
      ),
    );
  });

  test("the same PO sent again needs attention as a duplicate, and Reject records the decision with its note", async () => {
    // Another interchange (other control numbers, so another file) with the same PO number.
    writeFileSync(
      join(dir, "inbox", "po-4471-again.x12"),
      PO.replaceAll("000000101", "000000102").replaceAll("*101*", "*102*").replace("GE*1*101", "GE*1*102"),
    );
    await page.goto(
      `${app.url}/companies/${company.id}/edi/messages?direction=inbound&status=needs_attention`,
    );
    await page.getByRole("button", { name: "Check inboxes now" }).click();
    const table = page.getByRole("table", { name: "Messages" });
    const again = table.getByRole("row", { name: /In\s*850/ });
    await again.waitFor();
    await again.getByRole("link").click();
    await page.getByRole("heading", { name: /Received 850/ }).waitFor();
    const reasons = page.getByRole("region", { name: "Reasons" });
    assert.match(
      (await reasons.textContent()) ?? "",
      /PO PO-4471 from northgate was received before \(message 1, file po-4471\.x12, accepted\); it is never accepted twice/,
    );
    await screenshot(page, "edi-duplicate-po");

    page.once("dialog", (dialog) => dialog.accept("sent twice by mistake"));
    await page.getByRole("button", { name: "Reject…" }).click();
    await reasons.getByText("Rejected by a user: sent twice by mistake").waitFor();
    assert.equal((await page.locator(".page-head .badge").textContent())?.trim(), "Rejected");
    assert.equal(await page.getByRole("button", { name: "Accept" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Reject…" }).count(), 0);
    // The order made from the first is untouched: still one sales order, with its 850 and 855.
    const orders = await fetch(`${app.url}/api/v1/sales-orders`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const list = (await orders.json()) as { items: { externalId: string }[] };
    assert.deepEqual(
      list.items.map((o) => o.externalId),
      [SO],
    );
  });
});
