import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, test } from "node:test";
import { AppRegistry } from "../apps.ts";
import { type EntityChange, legacyBody, WebhookDispatcher, type WebhookDispatcherOptions } from "./index.ts";

interface Received {
  raw: string;
  headers: IncomingHttpHeaders;
}

/** A real HTTP receiver whose answers can be scripted: a list of statuses, then 200 for ever. */
class Receiver {
  readonly received: Received[] = [];
  statuses: number[] = [];
  hang = false;
  #server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.received.push({ raw: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
        if (this.hang) return; // never answers: the dispatcher's timeout must fire
        res.statusCode = this.statuses.shift() ?? 200;
        res.end();
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

const TOKEN = "verifier-token-123";
const REALM = "9130350000000001";
const receiver = new Receiver();
let dispatcher: WebhookDispatcher | undefined;

before(() => receiver.start());
after(() => receiver.stop());
afterEach(async () => {
  await dispatcher?.close();
  dispatcher = undefined;
  receiver.received.length = 0;
  receiver.statuses = [];
  receiver.hang = false;
});

function makeDispatcher(
  options: Partial<WebhookDispatcherOptions> & { format?: "legacy" | "cloudevents" } = {},
) {
  const apps = new AppRegistry();
  apps.register({
    clientId: "app-1",
    clientSecret: "s",
    webhook: { url: receiver.url, verifierToken: TOKEN },
  });
  apps.register({ clientId: "app-without-endpoint", clientSecret: "s" });
  dispatcher = new WebhookDispatcher({ apps, batchWindowMs: 60_000, retryDelaysMs: [60_000], ...options });
  return dispatcher;
}

function change(
  id: string,
  operation: EntityChange["operation"] = "Create",
  entity = "Customer",
): EntityChange {
  return { realmId: REALM, entity, id, operation, lastUpdated: "2015-10-05T14:42:19-0700" };
}

const hmac = (raw: string) => createHmac("sha256", TOKEN).update(raw).digest("base64");

describe("webhook payloads", () => {
  test("the legacy body has the shape of Intuit's sample, lastUpdated in UTC with milliseconds as the service sends it", () => {
    const sample = JSON.parse(
      readFileSync(new URL("../../../../shared/qbo/samples/webhook-legacy.json", import.meta.url), "utf8"),
    );
    const body = legacyBody("1185883450", [
      {
        realmId: "1185883450",
        entity: "Customer",
        id: "1",
        operation: "Create",
        lastUpdated: "2015-10-05T14:42:19-0700",
      },
      {
        realmId: "1185883450",
        entity: "Vendor",
        id: "1",
        operation: "Create",
        lastUpdated: "2015-10-05T14:42:19-0700",
      },
    ]);
    for (const entity of sample.eventNotifications[0].dataChangeEvent.entities) {
      entity.lastUpdated = "2015-10-05T21:42:19.000Z";
    }
    assert.deepEqual(JSON.parse(body), sample);
  });
});

describe("WebhookDispatcher", () => {
  test("sends one signed CloudEvents notification per batch by default", async () => {
    const d = makeDispatcher();
    d.notify(change("1"));
    d.notify(change("7", "Void", "Invoice"));
    d.notify({ ...change("3", "Merge"), deletedId: "4" });
    await d.flush();
    assert.equal(receiver.received.length, 1);
    const { raw, headers } = receiver.received[0] as Received;
    assert.equal(headers["intuit-signature"], hmac(raw));
    assert.equal(headers["content-type"], "application/json");
    const sample = JSON.parse(
      readFileSync(
        new URL("../../../../shared/qbo/samples/webhook-cloudevents.json", import.meta.url),
        "utf8",
      ),
    );
    const events = JSON.parse(raw);
    assert.ok(Array.isArray(events));
    assert.deepEqual(Object.keys(events[0]).sort(), Object.keys(sample[0]).sort());
    assert.deepEqual(
      events.map((e: { type: string }) => e.type),
      ["qbo.customer.created.v1", "qbo.invoice.voided.v1", "qbo.customer.merged.v1"],
    );
    assert.equal(events[0].intuitentityid, "1");
    assert.equal(events[0].intuitaccountid, REALM);
    assert.equal(events[0].specversion, "1.0");
    assert.equal(events[0].time, "2015-10-05T21:42:19.000Z");
    assert.match(events[0].source, /^intuit\./);
    assert.deepEqual(events[2].data, { deletedId: "4" });
  });

  test("the legacy format is selectable for the dispatcher or per app", async () => {
    const d = makeDispatcher({ format: "legacy" });
    d.notify(change("1"));
    await d.flush();
    const body = JSON.parse((receiver.received[0] as Received).raw);
    assert.equal(body.eventNotifications[0].realmId, REALM);
    assert.deepEqual(body.eventNotifications[0].dataChangeEvent.entities[0], {
      name: "Customer",
      id: "1",
      operation: "Create",
      lastUpdated: "2015-10-05T21:42:19.000Z",
    });

    const apps = new AppRegistry();
    apps.register({ clientId: "a", clientSecret: "s", webhook: { url: receiver.url, verifierToken: TOKEN } });
    const perApp = {
      withWebhooks: () =>
        apps.withWebhooks().map((a) => ({ ...a, webhook: { ...a.webhook, format: "legacy" as const } })),
    };
    const d2 = new WebhookDispatcher({ apps: perApp, batchWindowMs: 60_000 });
    d2.notify(change("2"));
    await d2.flush();
    await d2.close();
    assert.ok("eventNotifications" in JSON.parse((receiver.received[1] as Received).raw));
  });

  test("batches arriving within the window into one request", async () => {
    const d = makeDispatcher({ batchWindowMs: 20 });
    for (let i = 1; i <= 5; i++) d.notify(change(String(i), "Update"));
    // Wait for the window to close on its own, without flush().
    for (let i = 0; i < 200 && d.deliveries().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(receiver.received.length, 1);
    assert.equal(JSON.parse((receiver.received[0] as Received).raw).length, 5);
  });

  test("a failed notification is retried with the same body; later events wait behind it", async () => {
    const d = makeDispatcher();
    receiver.statuses = [500, 202];
    d.notify(change("1"));
    await d.flush();
    assert.equal(receiver.received.length, 1);
    d.notify(change("2"));
    assert.deepEqual(d.pending(), [{ clientId: "app-1", realmId: REALM, events: 2 }]);

    await d.flush(); // retry: 202 is not 200, so it fails again
    await d.flush(); // retry: delivered, then the waiting event goes out
    assert.equal(receiver.received.length, 4);
    const [first, second, third, fourth] = receiver.received as [Received, Received, Received, Received];
    assert.equal(second.raw, first.raw);
    assert.equal(third.raw, first.raw);
    assert.equal(JSON.parse(fourth.raw)[0].intuitentityid, "2");
    assert.deepEqual(
      d.deliveries().map((r) => [r.attempt, r.status, r.delivered]),
      [
        [1, 500, false],
        [2, 202, false],
        [3, 200, true],
        [1, 200, true],
      ],
    );
    assert.deepEqual(d.pending(), []);
  });

  test("retries on its own after the backoff delay", async () => {
    const d = makeDispatcher({ batchWindowMs: 1, retryDelaysMs: [5, 10] });
    receiver.statuses = [503];
    d.notify(change("1"));
    // Wait for the dispatcher's own record of the second attempt, which follows the receiver's answer.
    for (let i = 0; i < 300 && d.deliveries().length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(receiver.received.length, 2);
    assert.equal(d.deliveries().at(-1)?.delivered, true);
  });

  test("an endpoint that does not answer in time counts as a failure", async () => {
    const d = makeDispatcher({ timeoutMs: 50 });
    receiver.hang = true;
    d.notify(change("1"));
    await d.flush();
    const [record] = d.deliveries();
    assert.equal(record?.delivered, false);
    assert.equal(record?.status, undefined);
    assert.ok(record?.error);
  });

  test("an unreachable endpoint is retried, not lost", async () => {
    const apps = new AppRegistry();
    apps.register({
      clientId: "a",
      clientSecret: "s",
      webhook: { url: "http://127.0.0.1:1/none", verifierToken: TOKEN },
    });
    dispatcher = new WebhookDispatcher({ apps, batchWindowMs: 60_000, retryDelaysMs: [60_000] });
    dispatcher.notify(change("1"));
    await dispatcher.flush();
    assert.equal(dispatcher.deliveries()[0]?.delivered, false);
    assert.equal(dispatcher.pending()[0]?.events, 1);
  });

  test("only apps connected to the company hear about it", async () => {
    const d = makeDispatcher({ isConnected: (_clientId, realmId) => realmId === REALM });
    d.notify({ ...change("1"), realmId: "other" });
    d.notify(change("2"));
    await d.flush();
    assert.equal(receiver.received.length, 1);
    assert.equal(JSON.parse((receiver.received[0] as Received).raw)[0].intuitentityid, "2");
  });

  test("CloudEvents notifications carry at most 100 events", async () => {
    const d = makeDispatcher();
    for (let i = 1; i <= 150; i++) d.notify(change(String(i)));
    await d.flush();
    assert.deepEqual(
      receiver.received.map((r) => JSON.parse(r.raw).length),
      [100, 50],
    );
  });
});
