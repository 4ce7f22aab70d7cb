// Default accounts chosen by searching the company's QuickBooks chart by name, and checked by type and
// detail type when saved; the books' close date read from QuickBooks. Against the emulator, through a
// connection made on its consent page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createEmulator, type Emulator } from "#emulator/index.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { connectToEmulator, emulatorControl } from "./helpers/emulator.ts";

describe("the admin API reads the company's QuickBooks books", () => {
  let server: TestServer;
  let qbo: Emulator;

  before(async () => {
    server = await startTestServer();
    qbo = await createEmulator({ seed: "demo" });
    await connectToEmulator({ db: server.db, secretKey: server.secretKey }, server.companyA.id, qbo);
  });
  after(async () => {
    await server?.close();
    await qbo?.close();
  });

  const admin = (path: string, init: { method?: string; json?: unknown } = {}) =>
    server.api(`/api/admin${path}`, { key: server.internalToken, ...init });
  const a = () => `/companies/${server.companyA.id}`;

  test("accounts searched by name: those fit for the default first, the others with why they would be refused", async () => {
    const res = await admin(`${a()}/quickbooks/accounts?kind=income&search=sales`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      need: string;
      accounts: { id: string; name: string; type: string; subType: string | null; problem: string | null }[];
    };
    assert.equal(body.need, "Income with detail type Sales of Product Income");
    assert.equal(body.accounts[0]?.name, "Sales of Product Income");
    assert.equal(body.accounts[0]?.problem, null);
    assert.ok(body.accounts.every((x) => x.name.toLowerCase().includes("sales")));
    const tax = body.accounts.find((x) => x.name === "Sales Tax Payable");
    assert.match(tax?.problem ?? "", /must be Income with detail type Sales of Product Income/);

    const bad = await admin(`${a()}/quickbooks/accounts?kind=revenue`);
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /kind/);
  });

  test("a default account of the wrong type is refused naming the type needed; the right one is saved", async () => {
    const search = async (kind: string, text: string) =>
      (
        (await (
          await admin(`${a()}/quickbooks/accounts?kind=${kind}&search=${encodeURIComponent(text)}`)
        ).json()) as {
          accounts: { id: string; name: string }[];
        }
      ).accounts;
    const services = (await search("income", "Services")).find((x) => x.name === "Services");
    assert.ok(services);
    const refused = await admin(`${a()}/push`, {
      method: "PATCH",
      json: { defaultAccounts: { income: services.id } },
    });
    assert.equal(refused.status, 400);
    const problem = (await refused.json()) as { errors: { path: string; message: string }[] };
    assert.equal(problem.errors[0]?.path, "/defaultAccounts/income");
    assert.match(
      problem.errors[0]?.message ?? "",
      /must be Income with detail type Sales of Product Income; Services is Income/,
    );

    const missing = await admin(`${a()}/push`, {
      method: "PATCH",
      json: { defaultAccounts: { asset: "999999" } },
    });
    assert.equal(missing.status, 400);
    assert.match(JSON.stringify(await missing.json()), /no account with Id 999999/);

    const income = (await search("income", "Sales of Product"))[0];
    assert.ok(income);
    const saved = await admin(`${a()}/push`, {
      method: "PATCH",
      json: { defaultAccounts: { income: income.id } },
    });
    assert.equal(saved.status, 200);
    assert.equal(
      ((await saved.json()) as { settings: { defaultAccounts: { income: string } } }).settings.defaultAccounts
        .income,
      income.id,
    );
  });

  test("a company without a connection cannot search or choose accounts, and says so", async () => {
    const b = `/companies/${server.companyB.id}`;
    const search = await admin(`${b}/quickbooks/accounts?kind=income`);
    assert.equal(search.status, 409);
    const refused = await admin(`${b}/push`, { method: "PATCH", json: { defaultAccounts: { income: "1" } } });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(await refused.json()), /Connect the company to QuickBooks first/);
    assert.equal(
      (await admin("/companies/00000000-0000-4000-8000-000000000000/quickbooks/books")).status,
      404,
    );
  });

  test("the books' close date is read from QuickBooks", async () => {
    const before = (await (await admin(`${a()}/quickbooks/books`)).json()) as {
      closeDate: string | null;
      companyName: string;
    };
    assert.equal(before.closeDate, null);
    assert.equal(before.companyName, "Foundry Line Industrial Supply, Inc.");
    await emulatorControl(qbo, "PUT", `/companies/${qbo.realmId}/book-close-date`, { date: "2026-06-30" });
    const after = (await (await admin(`${a()}/quickbooks/books`)).json()) as {
      closeDate: string | null;
      defaultAccounts: Record<string, { name: string; problem: string | null } | null>;
    };
    assert.equal(after.closeDate, "2026-06-30");
    // The income account chosen in the test before, by its name in QuickBooks.
    assert.deepEqual(
      [
        after.defaultAccounts.income?.name,
        after.defaultAccounts.income?.problem,
        after.defaultAccounts.asset,
      ],
      ["Sales of Product Income", null, null],
    );
  });
});
