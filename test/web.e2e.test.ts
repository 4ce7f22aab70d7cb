// The web app end to end: the real server (embedded database in a temp folder, port 0, workers on)
// and the built app in headless Chromium, used as a bookkeeper would.
//
// Set LEDGERLINK_E2E_SCREENSHOTS=/some/folder to keep a screenshot of each screen.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createCompany } from "#admin/companies.ts";
import { jobHistory } from "#admin/jobs.ts";
import { createApiKey } from "#admin/keys.ts";
import { createLogger } from "#app/logger.ts";
import { type RunningApp, startApp } from "#app/run.ts";
import { loadConfig } from "#config/index.ts";
import { browserSkip, launchChromium } from "./helpers/browser.ts";
import { openPhone } from "./helpers/phone.ts";

const skip = browserSkip("web e2e");

const password = "correct horse battery staple";
const longId = `V-${"0123456789ABCDEF".repeat(7)}`;
const shots = process.env.LEDGERLINK_E2E_SCREENSHOTS;

describe("web app in a browser", { skip }, () => {
  let dataDir: string;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let brightline: { id: string; name: string };
  let harbor: { id: string; name: string };
  let brightlineKey: string;

  async function hostPut(key: string, path: string, body: unknown, method = "PUT") {
    const response = await fetch(`${app.url}/api/v1/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.text()}`);
  }

  async function shot(name: string) {
    if (!shots) return;
    // From the top, so the sticky top bar is drawn where it belongs in a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ledgerlink-web-e2e-"));
    if (shots) mkdirSync(shots, { recursive: true });
    const config = loadConfig({
      LEDGERLINK_DATA_DIR: dataDir,
      PORT: "0",
      LEDGERLINK_ADMIN_PASSWORD: password,
    });
    app = await startApp({ config, logger: createLogger({ level: "silent" }), announce: false });

    // Seed through the host API, as an operations system would.
    const a = await createCompany(app.db, { name: "Brightline Manufacturing" });
    const b = await createCompany(app.db, { name: "Harbor Foods" });
    assert.ok(a.ok && b.ok);
    brightline = a.value;
    harbor = b.value;
    const keyA = await createApiKey(app.db, { companyId: brightline.id });
    const keyB = await createApiKey(app.db, { companyId: harbor.id });
    assert.ok(keyA.ok && keyB.ok);
    brightlineKey = keyA.value.key;
    const customers = Array.from({ length: 57 }, (_, i) => {
      const n = String(i + 1).padStart(3, "0");
      return {
        externalId: `C-${n}`,
        data: { name: `Customer ${n} Tools`, email: `billing${n}@example.com` },
      };
    });
    await hostPut(keyA.value.key, "customers/bulk", { records: customers }, "POST");
    await hostPut(keyA.value.key, "customers/C-ACME", {
      name: "Acme Tools Inc",
      email: "billing@acme.example",
      billingAddress: {
        line1: "1 Main St",
        city: "Dayton",
        region: "OH",
        postalCode: "45402",
        country: "US",
      },
      locations: [
        {
          code: "DC-07",
          name: "Columbus distribution centre",
          partnerLocationId: "0007",
          address: { line1: "7 Logistics Pkwy", city: "Columbus", region: "OH", postalCode: "43217" },
        },
      ],
    });
    await hostPut(keyA.value.key, "accounts/6900", {
      name: "Shipping expense",
      number: "6900",
      type: "expense",
    });
    await hostPut(keyA.value.key, "items/P-10480", {
      name: "Hex bolt M8",
      type: "service",
      unitPrice: "17.95",
      expenseAccountExternalId: "6900",
    });
    await hostPut(keyA.value.key, "invoices/INV-1063", {
      number: "INV-1063",
      customerExternalId: "C-ACME",
      date: "2026-11-02",
      lines: [
        { itemExternalId: "P-10480", quantity: "1200", unitPrice: "17.95" },
        // P-2 exists only in the other company: its name must not show here.
        { itemExternalId: "P-2", quantity: "1", unitPrice: "0.25" },
      ],
      total: "21540.25",
    });
    await hostPut(keyA.value.key, "invoices/INV-1064", {
      number: "INV-1064",
      customerExternalId: "C-001",
      date: "2026-11-05",
      dueDate: "2026-12-05",
      lines: [{ description: "Setup charge", amount: "95.00" }],
      deliveryFee: "10.00",
      discount: "5.00",
      taxAmount: "7.60",
      currency: "USD",
    });
    await hostPut(keyA.value.key, "shipments/SH-77", {
      number: "SH-77",
      customerExternalId: "C-ACME",
      shipDate: "2026-11-04",
      carrier: "UPS Ground",
      weightUnit: "lb",
      weight: "12.5",
      cartons: [{ weight: "12.5", items: [{ itemExternalId: "P-10480", quantity: "40" }] }],
    });
    // Deleted by the host: listed only when deleted records are asked for.
    await hostPut(keyA.value.key, "invoices/INV-0999", {
      number: "INV-0999",
      customerExternalId: "C-002",
      date: "2026-10-01",
      lines: [{ description: "Cancelled order", amount: "10.00" }],
    });
    await hostPut(keyA.value.key, "invoices/INV-0999", undefined, "DELETE");
    await hostPut(keyA.value.key, "payments/PMT-1", {
      number: "PMT-1",
      customerExternalId: "C-ACME",
      date: "2026-11-20",
      amount: "1000.00",
      method: "ach",
      applications: [{ invoiceExternalId: "INV-1063", amount: "1000.00" }],
    });
    await hostPut(keyA.value.key, "vendors/V-STEEL", { name: "Allegheny Steel Supply" });
    // An external id with no place to break: it must wrap, not widen the page.
    await hostPut(keyA.value.key, `vendors/${longId}`, { name: "Long Identifier Logistics" });
    await hostPut(keyA.value.key, "bills/B-4411", {
      number: "4411",
      vendorExternalId: "V-STEEL",
      date: "2026-11-03",
      dueDate: "2026-12-03",
      lines: [{ accountExternalId: "6900", description: "Freight", amount: "312.40" }],
    });
    await hostPut(keyB.value.key, "items/P-2", { name: "Harbor secret item", type: "service" });
    await hostPut(keyB.value.key, "customers/H-1", { name: "Harbor Fish Market" });
    await hostPut(keyB.value.key, "customers/H-2", { name: "Pier Nine Bakery" });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("refuses a wrong password and signs in with the right one", async () => {
    await page.goto(app.url);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("do not match").waitFor();
    // The refused password is cleared and the cursor is back in its field, ready to type again.
    assert.equal(await page.getByLabel("Password").inputValue(), "");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "password");
    await shot("01-sign-in-refused");

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "ll_session");
    assert.ok(session?.httpOnly, "the session cookie is HttpOnly");
    assert.equal(session?.sameSite, "Strict");

    // The cookie alone does not let a script change anything: changes need the CSRF token too.
    const status = await page.evaluate(async () => {
      const response = await fetch("/api/admin/companies", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Forged Inc" }),
      });
      return response.status;
    });
    assert.equal(status, 403);
  });

  test("says so in words when the server does not answer, and recovers on Try again", async () => {
    await page.route("**/api/admin/companies", (route) => route.abort("connectionrefused"));
    await page.reload();
    const alert = page.getByRole("alert");
    await alert.getByText("Ledgerlink is not answering — is the server running?").waitFor();
    assert.equal(await page.getByText(/Failed to fetch/i).count(), 0);
    await page.unroute("**/api/admin/companies");
    await alert.getByRole("button", { name: "Try again" }).click();
    await page.getByLabel("Company").waitFor();
  });

  test("switches company and browses its customers", async () => {
    await page.getByLabel("Company").selectOption({ label: harbor.name });
    await page.getByRole("heading", { name: "Customers" }).waitFor();
    await page.getByRole("link", { name: "Pier Nine Bakery" }).waitFor();
    assert.equal(await rows(page), 2);
    assert.ok(page.url().includes(harbor.id));

    await page.getByLabel("Company").selectOption({ label: brightline.name });
    await page.getByRole("link", { name: "Acme Tools Inc" }).waitFor();
    assert.ok(page.url().includes(brightline.id));
    assert.equal(await page.getByRole("link", { name: "Pier Nine Bakery" }).count(), 0);
    assert.equal(await rows(page), 50);
    await page.getByText("Showing 1–50 of 58").waitFor();
    const sidebar = page.getByRole("complementary", { name: "Collections" });
    await sidebar.getByRole("link", { name: /Customers\s*58/ }).waitFor();
    await page.locator("tbody .badge", { hasText: "Not synced" }).first().waitFor();
    await shot("02-customers");
  });

  test("pages forward and back, to the last page and the first, and keeps the page in the address", async () => {
    const firstPage = await page.locator("tbody tr").first().textContent();
    await page.getByText("Page 1 of 2").waitFor();
    assert.ok(await page.getByRole("button", { name: "« First" }).isDisabled());
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByText("Showing 51–58 of 58").waitFor();
    assert.equal(await rows(page), 8);
    assert.ok(await page.getByRole("button", { name: "Next →" }).isDisabled());
    assert.ok(await page.getByRole("button", { name: "Last »" }).isDisabled());
    assert.ok(new URL(page.url()).searchParams.get("page") === "2", "the page is in the address");
    // A reload, or the link sent to a colleague, opens the same page.
    await page.reload();
    await page.getByText("Showing 51–58 of 58").waitFor();
    await page.getByRole("button", { name: "← Previous" }).click();
    await page.getByText("Showing 1–50 of 58").waitFor();
    assert.equal(await page.locator("tbody tr").first().textContent(), firstPage);
    await page.getByRole("button", { name: "Last »" }).click();
    await page.getByText("Page 2 of 2").waitFor();
    await page.getByRole("button", { name: "« First" }).click();
    await page.getByText("Page 1 of 2").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("page"), null);
  });

  test("searches and filters by sync status, and says so when nothing matches", async () => {
    await page.getByRole("searchbox").fill("Customer 042");
    await page.getByText("Showing 1–1 of 1").waitFor();
    assert.equal(await rows(page), 1);
    await page.getByRole("link", { name: "Customer 042 Tools" }).waitFor();
    assert.ok(page.url().includes("q=Customer"), "the search is kept in the address");

    await page.getByRole("searchbox").fill("no such customer anywhere");
    await page.getByText("Nothing matches this search.").waitFor();

    await page.getByRole("button", { name: "Clear search and filters" }).click();
    await page.getByText("Showing 1–50 of 58").waitFor();
    assert.equal(await page.getByRole("searchbox").inputValue(), "");

    // Nothing has been sent to QuickBooks yet, so no customer has failed.
    await page.getByLabel("Sync status").selectOption({ label: "Failed" });
    await page.getByText("No customers with the status “Failed”.").waitFor();
    await page.getByLabel("Sync status").selectOption({ label: "Not synced" });
    await page.getByText("Showing 1–50 of 58").waitFor();
    await page.getByLabel("Sync status").selectOption({ label: "Any" });

    await page.getByRole("searchbox").fill("acme");
    await page.getByRole("link", { name: "Acme Tools Inc" }).waitFor();
    await shot("03-search");
  });

  test("lists invoices as a register: number, date, customer, due date, total, balance, sortable", async () => {
    await page.goto(`${app.url}/companies/${brightline.id}/records/invoices`);
    await page.getByRole("heading", { name: "Invoices" }).waitFor();
    await page.getByRole("columnheader", { name: "Balance" }).waitFor();
    const headers = (await page.locator("thead th").allTextContents()).map((h) =>
      h.replace(/[▲▼]/g, "").trim(),
    );
    // The first column selects rows for Retry and Export selected.
    assert.deepEqual(headers, [
      "Select",
      "Number",
      "Date",
      "Customer",
      "Due",
      "Total",
      "Balance",
      "Sync status",
    ]);
    // Latest date first; the deleted invoice is not listed.
    assert.equal(
      await page.getByRole("columnheader", { name: "Date" }).getAttribute("aria-sort"),
      "descending",
    );
    await titlesBecome(page, ["INV-1064", "INV-1063"]);
    const acme = page.locator("tbody tr", { hasText: "INV-1063" });
    await acme.getByRole("link", { name: "Acme Tools Inc" }).waitFor();
    await acme.getByRole("cell", { name: "Nov 2, 2026" }).waitFor();
    await acme.getByRole("cell", { name: "21,540.25" }).waitFor();
    // The payment of 1,000.00 applied to it leaves the rest open.
    await acme.getByRole("cell", { name: "20,540.25" }).waitFor();
    const setup = page.locator("tbody tr", { hasText: "INV-1064" });
    await setup.getByRole("link", { name: "Customer 001 Tools" }).waitFor();
    await setup.getByRole("cell", { name: "Dec 5, 2026" }).waitFor();
    await setup.locator("td[data-label='Total']", { hasText: "107.60" }).waitFor();
    await shot("09-invoices");

    await page.getByRole("columnheader", { name: "Total" }).getByRole("button").click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "total");
    await page.waitForFunction(() => document.querySelector("tbody tr")?.textContent?.includes("INV-1064"));
    assert.equal(
      await page.getByRole("columnheader", { name: "Total" }).getAttribute("aria-sort"),
      "ascending",
    );
    await page.getByRole("columnheader", { name: "Total" }).getByRole("button").click();
    await page.waitForURL((url) => url.searchParams.get("order") === "desc");
    await page.waitForFunction(() => document.querySelector("tbody tr")?.textContent?.includes("INV-1063"));
    await page.getByRole("columnheader", { name: "Customer" }).getByRole("button").click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "customer");
    await page.waitForFunction(() => document.querySelector("tbody tr")?.textContent?.includes("INV-1063"));

    // The sort and the deleted toggle are in the address, so a reload keeps them.
    await page.getByLabel("Show deleted").check();
    await page.locator("tbody tr", { hasText: "INV-0999" }).getByText("Deleted").waitFor();
    await page.reload();
    assert.ok(await page.getByLabel("Show deleted").isChecked());
    await page.locator("tbody tr", { hasText: "INV-0999" }).waitFor();
    await titlesBecome(page, ["INV-1063", "INV-1064", "INV-0999"]);
    assert.equal(
      await page.getByRole("columnheader", { name: "Customer" }).getAttribute("aria-sort"),
      "ascending",
    );
    await page.getByLabel("Show deleted").uncheck();
    await page.waitForFunction(() => !document.body.textContent?.includes("INV-0999"));
  });

  test("lists bills by vendor and payments with their method in words", async () => {
    await page.goto(`${app.url}/companies/${brightline.id}/records/bills`);
    const bill = page.locator("tbody tr", { hasText: "4411" });
    await bill.getByRole("link", { name: "Allegheny Steel Supply" }).waitFor();
    await bill.getByRole("cell", { name: "312.40" }).waitFor();
    assert.ok((await page.locator("thead th").allTextContents()).some((h) => h.startsWith("Vendor")));
    await bill.getByRole("link", { name: "4411" }).click();
    await page.getByRole("heading", { name: "Bill 4411 from Allegheny Steel Supply" }).waitFor();

    await page.goto(`${app.url}/companies/${brightline.id}/records/payments`);
    const payment = page.locator("tbody tr", { hasText: "PMT-1" });
    await payment.getByRole("cell", { name: "ACH transfer" }).waitFor();
    await payment.getByRole("cell", { name: "1,000.00" }).waitFor();
  });

  test("reads a record like the document: details, lines, totals with currency, codes in words", async () => {
    await page.goto(`${app.url}/companies/${brightline.id}/records/invoices/INV-1064`);
    await page.getByRole("heading", { name: "INV-1064" }).waitFor();
    const totals = page.getByRole("definition").locator("xpath=ancestor::dl[@aria-label='Totals']").first();
    await totals.waitFor();
    const rowsText = (await page.locator(".totals-row").allTextContents()).map((t) =>
      t.replace(/\s+/g, " ").trim(),
    );
    assert.deepEqual(rowsText, [
      "Subtotal95.00 USD",
      "Delivery fee10.00 USD",
      "Discount-5.00 USD",
      "Tax7.60 USD",
      "Total107.60 USD",
    ]);
    // Business details first; QuickBooks next; the technical card last, folded.
    const headings = await page.locator("h2").allTextContents();
    assert.deepEqual(headings, ["Details", "QuickBooks", "Record"]);
    assert.ok(await page.getByText("Version", { exact: true }).isHidden());
    await page.getByText("Record", { exact: true }).click();
    await page.getByText("Version", { exact: true }).waitFor();
    await shot("12-invoice-detail");

    // A payment's method in words; a shipment's weight with its unit, and no QuickBooks panel.
    await page.goto(`${app.url}/companies/${brightline.id}/records/payments/PMT-1`);
    await page.locator("dd", { hasText: /^ACH transfer$/ }).waitFor();
    await page.goto(`${app.url}/companies/${brightline.id}/records/shipments/SH-77`);
    await page.getByRole("heading", { name: "SH-77" }).waitFor();
    await page.getByRole("heading", { name: "Details" }).waitFor();
    const dds = await page.locator("dd").allTextContents();
    assert.ok(dds.includes("12.5 lb"), dds.join(" | "));
    await page.getByRole("cell", { name: "12.5 lb" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "QuickBooks" }).count(), 0);
    assert.equal(await page.getByText("Weight unit").count(), 0);
  });

  test("opens a customer and shows its details and sync state", async () => {
    await page.goto(`${app.url}/companies/${brightline.id}/records/customers?q=acme`);
    await page.getByRole("link", { name: "Acme Tools Inc" }).click();
    await page.getByRole("heading", { name: "Acme Tools Inc" }).waitFor();
    assert.ok(page.url().endsWith("/records/customers/C-ACME"));
    await page.getByText("billing@acme.example").first().waitFor();
    await page.getByText("Dayton, OH 45402").first().waitFor();
    // Ship-to locations read as a table, each with its address and the partner's id for it.
    await page.getByRole("heading", { name: "Locations" }).waitFor();
    const location = page.getByRole("row", { name: /Columbus distribution centre/ });
    await location.getByText("Columbus, OH 43217").waitFor();
    await location.getByText("0007").waitFor();
    await page.getByRole("columnheader", { name: "Partner location ID" }).waitFor();
    await page.getByRole("heading", { name: "QuickBooks" }).waitFor();
    await shot("04-customer");

    // The address works on its own: a reload lands on the same record.
    await page.reload();
    await page.getByRole("heading", { name: "Acme Tools Inc" }).waitFor();
  });

  test("shows an invoice with names for its references and amounts as money", async () => {
    await page.goto(`${app.url}/companies/${brightline.id}/records/invoices/INV-1063`);
    await page.getByRole("heading", { name: "INV-1063" }).waitFor();
    const details = page.locator(".card", { has: page.getByRole("heading", { name: "Details" }) });
    const customer = details.getByRole("link", { name: /Acme Tools Inc/ });
    assert.equal((await customer.textContent())?.replace(/\s+/g, " ").trim(), "Acme Tools Inc C-ACME");
    assert.ok((await customer.getAttribute("href"))?.endsWith("/records/customers/C-ACME"));
    const item = details.getByRole("link", { name: /Hex bolt M8/ });
    assert.ok((await item.getAttribute("href"))?.endsWith("/records/items/P-10480"));
    // P-2 was never sent to this company: no page to lead to, and it says so.
    await details.getByRole("row", { name: /P-2/ }).getByText("Not sent yet").waitFor();
    assert.equal(await details.getByRole("link", { name: "P-2", exact: true }).count(), 0);
    assert.equal(await page.getByText("Harbor secret item").count(), 0, "names stay within the company");

    // 1200 × 17.95 + 0.25, written as money.
    await details.getByText("21,540.25", { exact: true }).first().waitFor();
    await details.getByText("21,540.00", { exact: true }).waitFor();
    await details.getByRole("cell", { name: "1,200", exact: true }).waitFor();
    assert.equal(await details.getByText("21540.25").count(), 0);
    await shot("05-invoice");

    // An account number is a code: it keeps its digits as they are.
    await item.click();
    await page.getByRole("heading", { name: "Hex bolt M8" }).waitFor();
    const account = page.getByRole("link", { name: /Shipping expense/ });
    assert.equal((await account.textContent())?.replace(/\s+/g, " ").trim(), "Shipping expense 6900");
    await account.click();
    await page.getByRole("heading", { name: "Shipping expense" }).waitFor();
    await page
      .locator("dd", { hasText: /^6900$/ })
      .first()
      .waitFor();
    assert.equal(await page.getByText("6,900").count(), 0);
  });

  test("shows the job history of the changes just made", async () => {
    // Every change enqueued a job; wait until the workers have run some.
    for (let i = 0; i < 100; i++) {
      const runs = await jobHistory(app.db, { companyId: brightline.id, limit: 50 });
      if (runs.ok && runs.value.items.some((r) => r.outcome === "succeeded")) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await mainNav(page, "Job history").click();
    await page.getByRole("heading", { name: "Job history" }).waitFor();
    await page
      .getByRole("cell", { name: /Change received/ })
      .first()
      .waitFor();
    await page.locator("tbody .badge", { hasText: "Noted" }).first().waitFor();
    // Nothing reached QuickBooks, so nothing on the page may say a change succeeded or synced.
    assert.equal(await page.getByText(/Succeeded|Record changed|\bsynced\b/i).count(), 0);
    await shot("06-jobs");
    // A long external id in a job's subject wraps: the table keeps to its width, every column in view.
    const [tableWidth, boxWidth] = await page
      .locator(".table-wrap")
      .evaluate((box) => [box.scrollWidth, box.clientWidth]);
    assert.ok(tableWidth <= boxWidth, `the job table is ${tableWidth} px wide in ${boxWidth} px`);

    // The bulk of 57 customers is one entry, counted by outcome, that opens onto its jobs.
    const bulkRow = page.locator("tbody tr", { hasText: "Bulk request of 57 customers" });
    await bulkRow.getByText("57 done").waitFor();
    assert.equal(await page.getByText(/^Customer C-0\d\d, version/).count(), 0, "no row per customer");
    await bulkRow.getByRole("button", { name: "Show its 57 jobs" }).click();
    await page.getByText("Jobs of Bulk request of 57 customers").waitFor();
    await page.waitForURL((url) => url.searchParams.has("batch"));
    await page
      .getByText(/^Customer C-0\d\d, version 1/)
      .first()
      .waitFor();
    assert.equal(await page.locator("tbody tr").count(), 50, "its jobs, a page of 50 at a time");
    await page.getByRole("button", { name: "Show every job" }).click();
    await page.waitForURL((url) => !url.searchParams.has("batch"));
    await page.locator("tbody tr", { hasText: "Bulk request of 57 customers" }).waitFor();

    // Filters by outcome and job type, with counts; kept in the address.
    await page.getByLabel("Outcome").selectOption("failed");
    await page.getByText("No jobs match these filters.").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("outcome"), "failed");
    await page.getByRole("button", { name: "Clear the filters" }).click();
    await page.locator("tbody tr").first().waitFor();
    const jobFilter = page.locator("label.inline-field", { hasText: "Job" }).locator("select");
    await jobFilter
      .locator("option", { hasText: /^Change received \(\d+\)$/ })
      .waitFor({ state: "attached" });
    assert.match((await page.getByLabel("Counts").textContent()) ?? "", /\d+ done/);

    // From a record, its own history.
    await page.goto(`${app.url}/companies/${brightline.id}/records/customers/C-ACME`);
    await page.getByRole("heading", { name: "Acme Tools Inc" }).waitFor();
    await page.getByRole("link", { name: "job history", exact: true }).click();
    await page.getByText("About Customer C-ACME").waitFor();
    await page.locator("tbody tr").first().waitFor();
    const subjects = await page.locator("tbody tr td:first-child").allTextContents();
    assert.ok(subjects.length > 0 && subjects.every((t) => t.includes("C-ACME")), subjects.join(" | "));
    await page.getByRole("button", { name: "Show every record" }).click();
    await page.waitForURL((url) => !url.searchParams.has("externalId"));

    // Each row says which record changed, that it waits for QuickBooks, and leads to the record.
    const subject = page
      .getByRole("link", { name: /^Customer \S+, version \d+ — waiting for a QuickBooks connection$/ })
      .first();
    const externalId = /^Customer (\S+), /.exec((await subject.textContent()) ?? "")?.[1] ?? "";
    await subject.click();
    await page.waitForURL((url) =>
      url.pathname.endsWith(`/records/customers/${encodeURIComponent(externalId)}`),
    );
  });

  test("creates an API key, shows it once, and revokes it", async () => {
    await mainNav(page, "API keys").click();
    await page.getByRole("heading", { name: "API keys" }).waitFor();
    // The company's first key (made when seeding) is listed before counting.
    await page.locator("tr[data-key-id]").first().waitFor();
    const before = await rows(page);
    await page.getByRole("button", { name: "Create API key" }).click();
    const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
    assert.ok(key.length >= 20);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
    await shot("07-new-key");

    // The key shown is a working key for this company.
    const list = await fetch(`${app.url}/api/v1/customers?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(list.status, 200);

    await page.getByRole("button", { name: "I have saved it" }).click();
    assert.equal(await page.getByTestId("new-api-key").count(), 0);
    assert.equal(await page.getByText(key).count(), 0, "the key is not shown again");
    assert.equal(await rows(page), before + 1);

    // The list shows each key by its first characters only.
    const prefixes = await page.locator("tr[data-key-id] td:first-child").allTextContents();
    const shown = prefixes.map((p) => p.replace("…", "").trim()).filter((p) => key.startsWith(p));
    assert.equal(shown.length, 1, `one listed key starts like the new one: ${prefixes.join(", ")}`);
    const row = page.locator("tr[data-key-id]", { hasText: `${shown[0]}…` });
    await row.getByRole("button", { name: "Revoke…" }).click();
    await page.getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("Revoked").waitFor();
    await shot("08-revoked");

    const refused = await fetch(`${app.url}/api/v1/customers?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(refused.status, 401);
  });

  test("adds a company, which then needs its first key", async () => {
    await mainNav(page, "Companies").click();
    await page.getByRole("heading", { name: "Companies" }).waitFor();
    await page.getByLabel("New company").fill("Cedar Ridge Outfitters");
    await page.getByRole("button", { name: "Add company" }).click();
    await page.getByText("This company has no API keys yet.").waitFor();
    assert.equal(
      await page.getByLabel("Company").locator("option:checked").textContent(),
      "Cedar Ridge Outfitters",
    );
    await mainNav(page, "Records").click();
    await page.getByText("No customers yet.").waitFor();

    // A second company of the same name is refused, saying which one has it.
    await mainNav(page, "Companies").click();
    await page.getByLabel("New company").fill("cedar ridge outfitters");
    await page.getByRole("button", { name: "Add company" }).click();
    await page
      .getByRole("alert")
      .getByText(/A company named "Cedar Ridge Outfitters" already exists/)
      .waitFor();

    // Renaming: the list and the switcher show the new name.
    const row = page.locator("tbody tr", { hasText: "Cedar Ridge Outfitters" });
    await row.getByRole("button", { name: "Rename…" }).click();
    await page.getByLabel("New name for Cedar Ridge Outfitters").fill("Cedar Ridge Outfitters Co.");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("link", { name: "Cedar Ridge Outfitters Co." }).waitFor();
    await page.getByLabel("Company").locator("option", { hasText: "Cedar Ridge Outfitters Co." }).waitFor({
      state: "attached",
    });
    // Onto another company's name it is refused.
    await page
      .locator("tbody tr", { hasText: "Cedar Ridge Outfitters Co." })
      .getByRole("button", { name: "Rename…" })
      .click();
    await page.getByLabel("New name for Cedar Ridge Outfitters Co.").fill(harbor.name);
    await page.getByRole("button", { name: "Save name" }).click();
    await page
      .getByRole("alert")
      .getByText(/A company named "Harbor Foods" already exists/)
      .waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  test("finds records naming missing or deleted ones, says which on the record, at 1280 and 390 px", async () => {
    await hostPut(brightlineKey, "customers/C-GONE", { name: "Gone Tomorrow Ltd" });
    await hostPut(brightlineKey, "invoices/INV-2001", {
      number: "INV-2001",
      customerExternalId: "C-GONE",
      date: "2026-11-06",
      lines: [{ description: "Consulting", amount: "50.00" }],
    });
    // A company with a long name widens the switcher's options: the bar still fits, Sign out in view.
    const long = await createCompany(app.db, { name: "Harlan Precision Fastener & Machine Co. of Ohio" });
    assert.ok(long.ok);
    const base = `${app.url}/companies/${brightline.id}`;
    await page.goto(`${base}/records/invoices`);
    await page.getByRole("link", { name: "INV-2001" }).waitFor();
    const fits = async (where: string) => {
      const [pageWidth, tableWidth, boxWidth, signOutRight] = await page.evaluate(() => {
        const box = document.querySelector(".table-wrap");
        const signOut = [...document.querySelectorAll("button")].find((b) => b.textContent === "Sign out");
        return [
          document.documentElement.scrollWidth - document.documentElement.clientWidth,
          box?.scrollWidth ?? 0,
          box?.clientWidth ?? 0,
          (signOut?.getBoundingClientRect().right ?? 0) - document.documentElement.clientWidth,
        ];
      });
      assert.ok(pageWidth <= 0, `${where}: the page is ${pageWidth} px too wide`);
      assert.ok(signOutRight <= 0, `${where}: Sign out is ${signOutRight} px off the bar`);
      assert.ok(tableWidth <= boxWidth, `${where}: the table is ${tableWidth} px wide in ${boxWidth} px`);
    };
    await fits("invoices with a badged row");
    await page.getByLabel("References").selectOption("missing_reference");
    await page.waitForURL((url) => url.searchParams.get("problems") === "missing_reference");
    const row = page.locator("tbody tr", { hasText: "INV-1063" });
    await row.getByText("Names 1 record not sent yet").waitFor();
    // The unfiltered rows stay until the filtered answer arrives: wait for the list to become it.
    await titlesBecome(page, ["INV-1063"]);
    await shot("13-invoices-missing-references");

    // The record says which reference is missing, by field.
    await row.getByRole("link", { name: "INV-1063" }).click();
    await page.getByRole("heading", { name: "INV-1063" }).waitFor();
    const warning = page.locator(".notice", { hasText: "does not have" });
    await warning.getByText(/Item P-2 has not been sent yet/).waitFor();
    await warning.getByText("(lines › 1 › itemExternalId)").waitFor();
    await shot("14-invoice-missing-reference");

    // The host deletes a customer an invoice uses: the customer says who still names it, the invoice
    // shows it as deleted, and the filter finds it.
    await hostPut(brightlineKey, "customers/C-GONE", undefined, "DELETE");
    await page.goto(`${base}/records/customers/C-GONE`);
    await page.getByRole("heading", { name: "Gone Tomorrow Ltd" }).waitFor();
    const still = page.locator(".notice", { hasText: "Records still name this deleted record" });
    await still.getByRole("link", { name: "1 invoice" }).click();
    await page.waitForURL((url) => url.searchParams.get("references") === "customers/C-GONE");
    await titlesBecome(page, ["INV-2001"]);
    await page.locator("tbody tr").getByText("Names 1 deleted record").waitFor();
    await page.getByRole("link", { name: "INV-2001" }).click();
    await page
      .locator(".notice")
      .getByText(/Customer C-GONE has been deleted/)
      .waitFor();
    const details = page.locator(".card", { has: page.getByRole("heading", { name: "Details" }) });
    await details.getByRole("link", { name: /Gone Tomorrow Ltd/ }).waitFor();
    await details.getByText("Deleted", { exact: true }).waitFor();
    await page.goto(`${base}/records/invoices?problems=deleted_reference`);
    await page.getByRole("link", { name: "INV-2001" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "INV-1063" }).count(), 0);

    // A phone shows the same, as cards, within the screen.
    const { page: phone, fits: phoneFits, close } = await openPhone(browser, page);
    try {
      await phone.goto(`${base}/records/invoices?problems=any`);
      await phone.getByText("Names 1 deleted record").waitFor();
      await phone.getByText("Names 1 record not sent yet").waitFor();
      await phoneFits("invoices with reference problems");
      await phone.getByRole("link", { name: "INV-2001" }).click();
      await phone
        .locator(".notice")
        .getByText(/Customer C-GONE has been deleted/)
        .waitFor();
      await phoneFits("an invoice naming a deleted customer");
    } finally {
      await close();
    }
  });

  test("fits a 390 px phone: no sideways scrolling, a Menu, collections as a menu, rows as cards", async () => {
    // Signed in as the desktop page is: the same cookies, another window.
    const { page: phone, fits, close } = await openPhone(browser, page);
    const base = `${app.url}/companies/${brightline.id}`;
    try {
      await phone.goto(`${base}/records/customers`);
      await phone.getByRole("link", { name: "Acme Tools Inc" }).waitFor();
      await fits("customers");
      // Rows are cards: no header row, each value labelled.
      assert.ok(await phone.locator("thead").first().isHidden());
      const label = await phone
        .locator("tbody tr")
        .first()
        .locator("td[data-label='External ID']")
        .evaluate((td) => getComputedStyle(td, "::before").content);
      assert.equal(label, '"External ID"');
      if (shots) await phone.screenshot({ path: join(shots, "10-phone-customers.png"), fullPage: true });

      // The collections are a menu.
      assert.ok(await phone.getByRole("complementary").getByRole("list").isHidden());
      await phone.getByRole("combobox", { name: "Collection" }).selectOption("invoices");
      await phone.getByRole("heading", { name: "Invoices" }).waitFor();
      await phone.locator("tbody tr", { hasText: "INV-1063" }).getByText("20,540.25").waitFor();
      await fits("invoices");
      if (shots) await phone.screenshot({ path: join(shots, "11-phone-invoices.png"), fullPage: true });
      await phone.getByRole("link", { name: "INV-1063" }).click();
      await phone.getByRole("heading", { name: "INV-1063" }).waitFor();
      await fits("an invoice");

      // A long external id wraps.
      await phone.goto(`${base}/records/vendors`);
      await phone.getByRole("link", { name: "Long Identifier Logistics" }).waitFor();
      await fits("vendors with a long id");
      await phone.getByRole("link", { name: "Long Identifier Logistics" }).click();
      await phone.getByRole("heading", { name: "Long Identifier Logistics" }).waitFor();
      await fits("a vendor with a long id");

      // The navigation folds behind Menu.
      assert.ok(await mainNav(phone, "Job history").isHidden());
      const menu = phone.getByRole("button", { name: "Menu" });
      assert.equal(await menu.getAttribute("aria-expanded"), "false");
      await menu.click();
      assert.equal(await menu.getAttribute("aria-expanded"), "true");
      await mainNav(phone, "Job history").click();
      await phone.getByRole("heading", { name: "Job history" }).waitFor();
      assert.ok(await mainNav(phone, "Job history").isHidden(), "going somewhere closes the menu");
      await phone.locator("tbody tr").first().waitFor();
      await fits("job history");
      for (const section of ["keys", "../../companies"]) {
        await phone.goto(new URL(section, `${base}/`).toString());
        await phone.locator("tbody tr").first().waitFor();
        await fits(section);
      }
    } finally {
      await close();
    }
  });

  test("signs out, and the session is gone", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  });
});

function mainNav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
}

async function titles(page: Page): Promise<string[]> {
  return page.locator("tbody tr .row-title").allTextContents();
}

/**
 * Waits (up to 10 s) for the list's rows to be `expected`, then asserts them, with the difference if
 * not: rows of the previous answer stay on screen until the next arrives.
 */
async function titlesBecome(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (want) =>
        JSON.stringify([...document.querySelectorAll("tbody tr .row-title")].map((e) => e.textContent)) ===
        want,
      JSON.stringify(expected),
      { timeout: 10_000 },
    )
    .catch(() => {});
  assert.deepEqual(await titles(page), expected);
}

function rows(page: Page): Promise<number> {
  return page.locator("table.table > tbody > tr").count();
}
