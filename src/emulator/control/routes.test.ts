import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import { createEmulator } from "../index.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator({ seed: "empty", webhooks: { batchWindowMs: 10, retryDelaysMs: [60_000] } });
});
after(() => t.close());

describe("control API", () => {
  test("companies: list, create with a seed, reset, read stored objects, delete", async () => {
    const list = await t.control("GET", "/companies");
    assert.equal(list.status, 200);
    assert.ok(list.body.some((c: { realmId: string }) => c.realmId === t.realmId));

    const created = await t.control("POST", "/companies", {
      seed: "demo",
      name: "Second Co",
      realmId: "123456789",
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.realmId, "123456789");
    assert.ok(created.body.counts.Customer >= 300, "the demo seed has a few hundred customers");
    assert.ok(created.body.counts.Vendor >= 50);
    assert.ok(created.body.counts.Item >= 200);

    const customers = await t.control("GET", "/companies/123456789/Customer");
    assert.equal(customers.body.length, created.body.counts.Customer);
    assert.equal(typeof customers.body[0].Id, "string");
    assert.equal(customers.body[0].domain, "QBO");
    const accounts = (await t.control("GET", "/companies/123456789/account")).body as {
      AccountSubType: string;
    }[];
    for (const subtype of [
      "Inventory",
      "SalesOfProductIncome",
      "SuppliesMaterialsCogs",
      "AccountsPayable",
      "AccountsReceivable",
      "UndepositedFunds",
      "DiscountsRefundsGiven",
    ]) {
      assert.ok(
        accounts.some((a) => a.AccountSubType === subtype),
        `demo chart has ${subtype}`,
      );
    }

    const reset = await t.control("POST", "/companies/123456789/reset", { seed: "empty" });
    assert.equal(reset.status, 200);
    assert.equal(reset.body.counts.Customer, undefined);
    assert.equal(reset.body.name, "Second Co");

    const token = (await t.control("POST", "/tokens", { realmId: "123456789" })).body.access_token;
    const read = () =>
      fetch(`${t.qbo.url}/v3/company/123456789/preferences`, {
        headers: { authorization: `Bearer ${token}` },
      });
    assert.equal((await read()).status, 200);
    assert.equal((await t.control("DELETE", "/companies/123456789")).status, 204);
    assert.equal((await read()).status, 401);
    assert.equal((await t.control("GET", "/companies/123456789/Customer")).status, 404);
  });

  test("stored objects leave deleted ones out", async () => {
    const c = (await t.api("POST", "customer", { DisplayName: "Stored Reader" })).body.Customer;
    const inv = (
      await t.api("POST", "invoice", {
        CustomerRef: { value: c.Id },
        Line: [{ DetailType: "SalesItemLineDetail", Amount: 3, SalesItemLineDetail: {} }],
      })
    ).body.Invoice;
    await t.api("POST", "invoice?operation=delete", { Id: inv.Id, SyncToken: "0" });
    const invoices = await t.control("GET", `/companies/${t.realmId}/Invoice`);
    assert.ok(!invoices.body.some((i: { Id: string }) => i.Id === inv.Id));
  });

  test("bad control input is a 400 with a message", async () => {
    const res = await t.control("POST", "/companies", { seed: "huge" });
    assert.equal(res.status, 400);
    assert.match(res.body.error, /seed/);
    const date = await t.control("PUT", `/companies/${t.realmId}/book-close-date`, { date: "2025-02-30" });
    assert.equal(date.status, 400);
  });

  test("the clock moves forward only", async () => {
    const before = (await t.control("GET", "/clock")).body.offsetMs;
    const moved = await t.control("POST", "/clock/advance", { ms: 5000 });
    assert.equal(moved.body.offsetMs, before + 5000);
    assert.equal((await t.control("POST", "/clock/advance", { ms: -1 })).status, 400);
    await t.renewToken();
  });

  test("apps register, and a webhook endpoint receives signed notifications", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ body, signature: req.headers["intuit-signature"] as string | undefined });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const port = (receiver.address() as { port: number }).port;
      const app = await t.control("POST", "/apps", {
        clientId: "other-app",
        clientSecret: "s3cret",
        name: "Other",
      });
      assert.equal(app.status, 201);
      assert.ok(
        (await t.control("GET", "/apps")).body.some((a: { clientId: string }) => a.clientId === "other-app"),
      );
      const hook = await t.control("PUT", "/apps/ledgerlink-dev/webhook", {
        url: `http://127.0.0.1:${port}/hook`,
        verifierToken: "verifier-123",
        format: "legacy",
      });
      assert.equal(hook.status, 200);
      const c = (await t.api("POST", "customer", { DisplayName: "Webhook Watched" })).body.Customer;
      const inv = (
        await t.api("POST", "invoice", {
          CustomerRef: { value: c.Id },
          Line: [{ DetailType: "SalesItemLineDetail", Amount: 9, SalesItemLineDetail: {} }],
        })
      ).body.Invoice;
      const pay = (
        await t.api("POST", "payment", {
          CustomerRef: { value: c.Id },
          TotalAmt: 9,
          Line: [{ Amount: 9, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
        })
      ).body.Payment;
      await t.control("POST", "/webhooks/flush");
      const events = received.flatMap(
        (r) =>
          JSON.parse(r.body).eventNotifications[0].dataChangeEvent.entities as {
            name: string;
            id: string;
            operation: string;
          }[],
      );
      const seen = events.map((e) => `${e.name}:${e.id}:${e.operation}`);
      for (const expected of [
        `Invoice:${inv.Id}:Create`,
        `Payment:${pay.Id}:Create`,
        `Invoice:${inv.Id}:Update`,
      ]) {
        assert.ok(seen.includes(expected), `${expected} in ${seen.join(", ")}`);
      }
      const got = received.find((r) => r.body.includes(`"id":"${c.Id}"`));
      assert.ok(got, "the change was delivered");
      const expected = createHmac("sha256", "verifier-123").update(got.body).digest("base64");
      assert.equal(got.signature, expected);
      const payload = JSON.parse(got.body);
      const entity = payload.eventNotifications[0].dataChangeEvent.entities[0];
      assert.deepEqual(
        { name: entity.name, operation: entity.operation },
        { name: "Customer", operation: "Create" },
      );
      assert.equal(payload.eventNotifications[0].realmId, t.realmId);
    } finally {
      await t.control("DELETE", "/apps/ledgerlink-dev/webhook");
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("persistence", () => {
  test("--data keeps companies, objects and grants across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qbo-emulator-"));
    const dataFile = join(dir, "state.json");
    try {
      const first = await createEmulator({ seed: "empty", dataFile });
      const granted = (await (
        await fetch(`${first.url}/__emulator/tokens`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ realmId: first.realmId }),
        })
      ).json()) as { access_token: string; refresh_token: string };
      const token = granted.access_token;
      const headers = {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json",
      };
      const created = await fetch(`${first.url}/v3/company/${first.realmId}/customer`, {
        method: "POST",
        headers,
        body: JSON.stringify({ DisplayName: "Persisted Co" }),
      });
      const id = ((await created.json()) as { Customer: { Id: string } }).Customer.Id;
      await fetch(`${first.url}/__emulator/apps/ledgerlink-dev/webhook`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: "http://127.0.0.1:9/hook", verifierToken: "kept" }),
      });
      // Let those writes land, so only the token endpoint's change is left to save.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A refresh through the token endpoint rotates the refresh token; the rotated one must survive.
      const refreshed = (await (
        await fetch(`${first.url}/oauth2/v1/tokens/bearer`, {
          method: "POST",
          headers: {
            authorization: `Basic ${Buffer.from("ledgerlink-dev:ledgerlink-dev-secret").toString("base64")}`,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: granted.refresh_token,
          }).toString(),
        })
      ).json()) as { refresh_token: string };
      assert.ok(refreshed.refresh_token);

      await first.close();

      const second = await createEmulator({
        seed: "empty",
        dataFile,
        clientId: "ledgerlink-dev",
        clientSecret: "ledgerlink-dev-secret",
      });
      try {
        assert.equal(second.realmId, first.realmId);
        const read = await fetch(`${second.url}/v3/company/${second.realmId}/customer/${id}`, { headers });
        assert.equal(read.status, 200);
        assert.equal(
          ((await read.json()) as { Customer: { DisplayName: string } }).Customer.DisplayName,
          "Persisted Co",
        );
        const next = await fetch(`${second.url}/v3/company/${second.realmId}/customer`, {
          method: "POST",
          headers,
          body: JSON.stringify({ DisplayName: "After Restart" }),
        });
        const nextId = ((await next.json()) as { Customer: { Id: string } }).Customer.Id;
        assert.ok(Number(nextId) > Number(id), "id sequences continue");
        const again = await fetch(`${second.url}/oauth2/v1/tokens/bearer`, {
          method: "POST",
          headers: {
            authorization: `Basic ${Buffer.from("ledgerlink-dev:ledgerlink-dev-secret").toString("base64")}`,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: refreshed.refresh_token,
          }).toString(),
        });
        assert.equal(again.status, 200, "the rotated refresh token was persisted");
        assert.equal(second.state.apps.get("ledgerlink-dev")?.webhook?.verifierToken, "kept");
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
