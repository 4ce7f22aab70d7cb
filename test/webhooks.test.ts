// Host webhooks: registered with the API key, signed deliveries of push events, retried until the
// endpoint answers 2xx, every attempt in the delivery log.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, test } from "node:test";
import { startWorkers } from "#jobs/worker.ts";
import { emitEvent, webhookJobHandlers } from "#sync/webhooks.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

let server: TestServer;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
let failuresLeft = 0;

before(async () => {
  server = await startTestServer();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hooks`;
});
after(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
});

const SECRET = "a host's webhook secret";

async function drain() {
  const workers = startWorkers(server.db, {
    pollMs: 10,
    handlers: webhookJobHandlers({ secretKey: server.secretKey }),
    backoff: { baseMs: 1, maxMs: 5 },
    retention: false,
  });
  await workers.drain();
  await workers.stop();
}

test("registering: a bad URL or short secret is named; the secret is never shown", async () => {
  const bad = await server.api("/api/v1/webhooks", {
    method: "POST",
    json: { url: "ftp://x", secret: "short" },
  });
  assert.equal(bad.status, 400);
  const problem = (await bad.json()) as { code: string; errors: Array<{ path: string }> };
  assert.equal(problem.code, "invalid_webhook");
  assert.deepEqual(problem.errors.map((e) => e.path).sort(), ["/secret", "/url"]);

  const ok = await server.api("/api/v1/webhooks", {
    method: "POST",
    json: { url: receiverUrl, secret: SECRET },
  });
  assert.equal(ok.status, 201);
  const created = (await ok.json()) as { id: string; events: string[] };
  assert.deepEqual(created.events, ["record.synced", "record.failed", "record.held", "record.created"]);
  const list = (await (await server.api("/api/v1/webhooks")).json()) as { webhooks: Array<{ id: string }> };
  assert.deepEqual(
    list.webhooks.map((w) => w.id),
    [created.id],
  );
  assert.ok(!JSON.stringify(list).includes(SECRET));
  const other = await server.api("/api/v1/webhooks", { key: server.companyB.key });
  assert.deepEqual(await other.json(), { webhooks: [] }, "another company sees none of them");
  assert.equal(
    (await server.api(`/api/v1/webhooks/${created.id}`, { method: "DELETE", key: server.companyB.key }))
      .status,
    404,
  );
});

test("an event is delivered signed; a failing endpoint is retried and the log shows each attempt", async () => {
  const list = (await (await server.api("/api/v1/webhooks")).json()) as { webhooks: Array<{ id: string }> };
  const id = list.webhooks[0]?.id as string;
  received.length = 0;
  failuresLeft = 2;
  await emitEvent(server.db.kysely, server.companyA.id, "record.synced", {
    collection: "invoices",
    externalId: "INV-1",
    status: "synced",
  });
  // A retry waits out its backoff, and a drain ends when nothing is due: drain until it has gone.
  for (let i = 0; i < 50 && received.length < 3; i++) await drain();
  assert.equal(received.length, 3, "two 503s, then delivered");
  const last = received[2] as { headers: IncomingMessage["headers"]; body: string };
  const payload = JSON.parse(last.body) as {
    id: string;
    type: string;
    companyId: string;
    data: { externalId: string };
  };
  assert.equal(payload.type, "record.synced");
  assert.equal(payload.companyId, server.companyA.id);
  assert.equal(payload.data.externalId, "INV-1");
  assert.equal(last.headers["ledgerlink-event-id"], payload.id);
  const [t, v1] = String(last.headers["ledgerlink-signature"]).split(",");
  const timestamp = t?.replace("t=", "");
  const expected = createHmac("sha256", SECRET).update(`${timestamp}.${last.body}`).digest("hex");
  assert.equal(v1, `v1=${expected}`, "the receiver can check the signature with its secret");

  const log = (await (await server.api(`/api/v1/webhooks/${id}/deliveries`)).json()) as {
    deliveries: Array<{ status: string; attempts: number; lastStatusCode: number }>;
  };
  assert.equal(log.deliveries.length, 1);
  assert.deepEqual(
    [log.deliveries[0]?.status, log.deliveries[0]?.attempts, log.deliveries[0]?.lastStatusCode],
    ["delivered", 3, 204],
  );
});

test("an endpoint that hears only some events gets only those; a removed one gets nothing", async () => {
  const created = (await (
    await server.api("/api/v1/webhooks", {
      method: "POST",
      json: { url: receiverUrl, secret: SECRET, events: ["record.failed"] },
    })
  ).json()) as { id: string };
  const all = (await (await server.api("/api/v1/webhooks")).json()) as { webhooks: Array<{ id: string }> };
  for (const w of all.webhooks) {
    if (w.id !== created.id)
      assert.equal((await server.api(`/api/v1/webhooks/${w.id}`, { method: "DELETE" })).status, 204);
  }
  received.length = 0;
  await emitEvent(server.db.kysely, server.companyA.id, "record.synced", { externalId: "A" });
  await emitEvent(server.db.kysely, server.companyA.id, "record.failed", { externalId: "B" });
  await drain();
  assert.deepEqual(
    received.map((r) => (JSON.parse(r.body) as { type: string }).type),
    ["record.failed"],
  );
});
