// The HTTP server's timeouts and connection limits, probed with raw sockets as a slow or greedy client
// would use them. Each server here has short limits so the tests run in a second or two.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { type SlowExchange, sendSlowly } from "./helpers/slow-client.ts";

/** A PUT of `body` sent one byte every `gapMs`, until the server closes the connection. */
function trickle(server: TestServer, path: string, body: string, gapMs: number): Promise<SlowExchange> {
  return sendSlowly(server.url, {
    method: "PUT",
    path,
    headers: { authorization: `Bearer ${server.companyA.key}`, "content-type": "application/json" },
    body,
    gapMs,
  });
}

function parse(raw: string): { status: number; headers: string; body: string } {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), headers: head.toLowerCase(), body };
}

const slowBody = JSON.stringify({ name: "Slow Client Ltd", email: "slow@example.com" });

describe("a body that pauses longer than the body timeout", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      http: { bodyTimeoutMs: 150, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 100 },
    });
  });
  after(() => server.close());

  test("is cut off with 408 request_timeout, and nothing is written", async () => {
    const { status, headers, body, bytesSent, bodyLength } = await trickle(
      server,
      "/api/v1/customers/C-SLOW",
      slowBody,
      400,
    );
    assert.ok(bytesSent < bodyLength, "the server did not wait for the whole body");
    assert.equal(status, 408);
    assert.match(headers, /content-type: application\/problem\+json/);
    assert.match(headers, /connection: close/);
    assert.equal(JSON.parse(body).code, "request_timeout");
    assert.equal((await server.api("/api/v1/customers/C-SLOW")).status, 404);
  });

  test("a body in pieces within the timeout is accepted", async () => {
    const exchange = await trickle(server, "/api/v1/customers/C-STEADY", '{"name":"Steady"}', 5);
    // Answered, then the idle keep-alive connection is closed by the server.
    assert.equal(exchange.status, 201);
  });
});

describe("a request that takes longer than the request timeout", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      http: { bodyTimeoutMs: 10_000, headersTimeoutMs: 300, requestTimeoutMs: 300, keepAliveTimeoutMs: 100 },
    });
  });
  after(() => server.close());

  test("is cut off with 408 request_timeout though every byte came within the body timeout", async () => {
    const { status, body, bytesSent, bodyLength } = await trickle(
      server,
      "/api/v1/customers/C-DRIP",
      slowBody,
      60,
    );
    assert.ok(bytesSent < bodyLength, "the server did not wait for the whole body");
    assert.equal(status, 408);
    assert.equal(JSON.parse(body).code, "request_timeout");
    assert.equal((await server.api("/api/v1/customers/C-DRIP")).status, 404);
  });

  test("an idle keep-alive connection is closed after the keep-alive timeout", async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), "127.0.0.1");
    const closed = new Promise<string>((resolve) => {
      let received = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        received += chunk;
      });
      socket.on("close", () => resolve(received));
    });
    socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const received = await closed;
    assert.equal(parse(received).status, 200, "answered, then closed by the server while idle");
  });
});

describe("connections over the limit", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ http: { maxConnections: 2 } });
  });
  after(() => server.close());

  test("are closed at once, while the open ones are still served", async () => {
    const { port } = new URL(server.url);
    const open = async () => {
      const socket = connect(Number(port), "127.0.0.1");
      socket.on("error", () => {});
      const closed = new Promise<true>((resolve) => socket.once("close", () => resolve(true)));
      await new Promise((resolve) => socket.once("connect", resolve));
      return { socket, closed };
    };
    const held = [(await open()).socket, (await open()).socket];
    // The server counts a connection once it has accepted it; give it a turn to do so.
    await sleep(50);
    const extra = await open();
    extra.socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert.equal(await extra.closed, true);
    for (const socket of held) socket.destroy();
    await sleep(50);
    assert.equal((await server.api("/api/health")).status, 200, "served again once connections closed");
  });
});
