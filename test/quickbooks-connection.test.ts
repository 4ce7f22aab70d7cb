// Connecting a company to QuickBooks through the emulator's consent page: settings with a sealed
// secret, the signed single-use state, the callback without a session, the host's view, token refresh
// by one process at a time, invalid_grant → needs re-authorisation, and disconnecting.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createCompany } from "#admin/companies.ts";
import { listConditions } from "#jobs/conditions.ts";
import { providerErrorOf } from "#quickbooks/provider.ts";
import { readSecret } from "#secrets/index.ts";
import { updateConnectionState } from "#store/connections.ts";
import { openDatabase } from "#store/database.ts";
import {
  type ConnectionDeps,
  ConnectionUnavailableError,
  completeConnect,
  connectedClient,
  disconnect,
  getHostConnection,
  saveSettings,
  startConnect,
} from "#sync/connection.ts";
import { SECRET } from "#sync/connection-app.ts";
import { providerFailureOf } from "#sync/provider.ts";
import { currentAccessToken } from "#sync/tokens.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { TEST_SERVER_URL, withDatabases } from "./helpers/db.ts";
import { consent, startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";

const CLIENT = { clientId: "ledgerlink-dev", clientSecret: "ledgerlink-dev-secret" };

describe("connecting through the API and the consent page", () => {
  let server: TestServer;
  let qbo: TestEmulator;
  const admin = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(`${server.url}/api/admin${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${server.internalToken}`,
        ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });

  before(async () => {
    qbo = await startTestEmulator({ seed: "empty", companyName: "Emulated Books Inc" });
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
    await qbo.close();
  });

  test("the host sees a company that was never connected as not connected", async () => {
    const res = await server.api("/api/v1/connection");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      provider: "quickbooks_online",
      status: "not_connected",
      realmId: null,
      companyName: null,
      connectedAt: null,
      lastError: null,
    });
  });

  test("settings: a bad body names its fields; the secret is sealed and never shown", async () => {
    const id = server.companyA.id;
    const bad = await admin(`/companies/${id}/connection`, {
      method: "PUT",
      json: { environment: "custom", clientId: "", extra: 1 },
    });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { code: string; errors: { path: string }[] };
    assert.equal(problem.code, "invalid_connection_settings");
    const paths = problem.errors.map((e) => e.path);
    assert.ok(paths.includes("/clientId") && paths.includes("/endpoints"), JSON.stringify(paths));

    const noSecret = await admin(`/companies/${id}/connection`, {
      method: "PUT",
      json: { environment: "custom", origin: qbo.qbo.url, clientId: CLIENT.clientId },
    });
    assert.equal(noSecret.status, 400);

    const saved = await admin(`/companies/${id}/connection`, {
      method: "PUT",
      json: { environment: "custom", origin: qbo.qbo.url, ...CLIENT },
    });
    assert.equal(saved.status, 200, await saved.clone().text());
    const view = (await saved.json()) as Record<string, unknown>;
    assert.equal(view.clientSecretSet, true);
    assert.equal(view.status, "not_connected");
    assert.deepEqual(view.endpoints, {
      authorizeUrl: `${qbo.qbo.url}/connect/oauth2`,
      tokenUrl: `${qbo.qbo.url}/oauth2/v1/tokens/bearer`,
      revokeUrl: `${qbo.qbo.url}/v2/oauth2/tokens/revoke`,
      apiBaseUrl: qbo.qbo.url,
    });
    assert.ok(!JSON.stringify(view).includes(CLIENT.clientSecret));
    const rows = await server.db.kysely.selectFrom("secrets").select("sealed").execute();
    assert.ok(rows.length > 0 && rows.every((r) => !r.sealed.includes("ledgerlink-dev-secret")));
  });

  test("Connect: consent page, a callback without any cookie, connected with realm and company name", async () => {
    const id = server.companyA.id;
    const started = await admin(`/companies/${id}/connection/connect`, { method: "POST", json: {} });
    assert.equal(started.status, 200);
    const { authorizeUrl, redirectUri } = (await started.json()) as {
      authorizeUrl: string;
      redirectUri: string;
    };
    assert.equal(redirectUri, `${server.url}/api/oauth/quickbooks/callback`);
    const connecting = (await (await server.api("/api/v1/connection")).json()) as { status: string };
    assert.equal(connecting.status, "connecting");

    const callback = await consent(authorizeUrl, qbo.realmId);
    assert.equal(callback.origin + callback.pathname, redirectUri);
    const back = await fetch(callback, { redirect: "manual" });
    assert.equal(back.status, 303);
    assert.equal(back.headers.get("location"), `/companies/${id}/connection?connected=1`);

    const res = await server.api("/api/v1/connection");
    const view = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(view), [
      "provider",
      "status",
      "realmId",
      "companyName",
      "connectedAt",
      "lastError",
    ]);
    assert.equal(view.status, "connected");
    assert.equal(view.realmId, qbo.realmId);
    assert.equal(view.companyName, "Emulated Books Inc");
    assert.ok(typeof view.connectedAt === "string" && !Number.isNaN(Date.parse(view.connectedAt)));
    assert.equal(view.lastError, null);

    // The same callback again: the state was single-use.
    const replay = await fetch(callback, { redirect: "manual" });
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /already used/);
    // Company B's key sees its own company, not A's connection.
    const other = (await (await server.api("/api/v1/connection", { key: server.companyB.key })).json()) as {
      status: string;
    };
    assert.equal(other.status, "not_connected");
  });

  test("a forged or altered state is refused, and connects nothing", async () => {
    const id = server.companyB.id;
    await admin(`/companies/${id}/connection`, {
      method: "PUT",
      json: { environment: "custom", origin: qbo.qbo.url, ...CLIENT },
    });
    const started = await admin(`/companies/${id}/connection/connect`, { method: "POST", json: {} });
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    const callback = await consent(authorizeUrl, qbo.realmId);
    const state = callback.searchParams.get("state") ?? "";
    const [body, signature] = state.split(".");
    const payload = JSON.parse(Buffer.from(body ?? "", "base64url").toString()) as Record<string, unknown>;
    const altered = `${Buffer.from(JSON.stringify({ ...payload, c: server.companyA.id })).toString("base64url")}.${signature}`;
    for (const bad of [altered, "not-a-state", `${body}.${Buffer.alloc(32).toString("base64url")}`]) {
      const forged = new URL(callback);
      forged.searchParams.set("state", bad);
      const res = await fetch(forged, { redirect: "manual" });
      assert.equal(res.status, 400, bad);
    }
    const view = (await (await server.api("/api/v1/connection", { key: server.companyB.key })).json()) as {
      status: string;
    };
    assert.equal(view.status, "connecting");
    // The real one still works once.
    assert.equal((await fetch(callback, { redirect: "manual" })).status, 303);
  });

  test("Cancel on the consent page leaves the company not connected, with the reason", async () => {
    const c = await createCompany(server.db, { name: "Cancelling Co" });
    assert.ok(c.ok);
    const id = c.value.id;
    await admin(`/companies/${id}/connection`, {
      method: "PUT",
      json: { environment: "custom", origin: qbo.qbo.url, ...CLIENT },
    });
    const started = await admin(`/companies/${id}/connection/connect`, { method: "POST", json: {} });
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    const callback = await consent(authorizeUrl, qbo.realmId, "cancel");
    const back = await fetch(callback, { redirect: "manual" });
    assert.equal(back.status, 303);
    assert.equal(
      back.headers.get("location"),
      `/companies/${id}/connection?connectionError=authorization_refused`,
    );
    const view = (await (await admin(`/companies/${id}/connection`)).json()) as {
      status: string;
      lastError: { message: string };
    };
    assert.equal(view.status, "not_connected");
    assert.match(view.lastError.message, /cancelled/);
  });

  test("changing the app of a live connection is refused; Disconnect forgets the tokens", async () => {
    const id = server.companyA.id;
    const change = await admin(`/companies/${id}/connection`, {
      method: "PUT",
      json: { environment: "sandbox", clientId: "another-app", clientSecret: "x" },
    });
    assert.equal(change.status, 409);
    assert.equal(((await change.json()) as { code: string }).code, "disconnect_first");

    const res = await admin(`/companies/${id}/connection/disconnect`, { method: "POST" });
    assert.equal(res.status, 200);
    const view = (await res.json()) as Record<string, unknown>;
    assert.equal(view.status, "not_connected");
    assert.equal(view.realmId, null);
    // Only the app's secret stays; the tokens are gone.
    const tokens = await server.db.kysely
      .selectFrom("secrets")
      .select("name")
      .where("company_id", "=", id)
      .execute();
    assert.deepEqual(tokens.map((t) => t.name).sort(), [SECRET.clientSecret]);
  });
});

withDatabases("token refresh", (suite) => {
  let qbo: TestEmulator;
  let deps: ConnectionDeps;
  let companyId: string;
  let tokenCalls = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes("/oauth2/v1/tokens/bearer")) tokenCalls++;
    return fetch(input, init);
  };

  before(async () => {
    qbo = await startTestEmulator({ seed: "empty" });
    deps = { db: suite.db, secretKey: randomBytes(32), fetch: countingFetch };
    const company = await createCompany(suite.db, { name: "Refreshing Co" });
    assert.ok(company.ok);
    companyId = company.value.id;
    const saved = await saveSettings(deps, companyId, {
      environment: "custom",
      origin: qbo.qbo.url,
      ...CLIENT,
    });
    assert.ok(saved.ok);
    const started = await startConnect(deps, companyId, { redirectUri: "http://127.0.0.1:9/callback" });
    assert.ok(started.ok);
    const callback = await consent(started.value.authorizeUrl, qbo.realmId);
    const done = await completeConnect(deps, callback.searchParams);
    assert.ok(done.ok, done.ok ? "" : done.error.message);
    // Even the company-name read of connecting went through the realm's shared request budget.
    const admitted = await suite.db.kysely
      .selectFrom("request_budget")
      .select("id")
      .where("budget_key", "=", qbo.realmId)
      .execute();
    assert.equal(admitted.length, 1);
  });
  after(() => qbo.close());

  const expireAccessToken = () =>
    updateConnectionState(suite.db.kysely, companyId, { accessTokenExpiresAt: new Date(Date.now() - 1000) });

  test("an access token near its expiry is refreshed, and the rotated refresh token is stored", async () => {
    const before = await readSecret(suite.db.kysely, deps.secretKey, {
      companyId,
      name: SECRET.refreshToken,
    });
    const fresh = await currentAccessToken(deps, companyId);
    assert.equal(await currentAccessToken(deps, companyId), fresh, "a valid token is reused");
    await expireAccessToken();
    tokenCalls = 0;
    const renewed = await currentAccessToken(deps, companyId);
    assert.notEqual(renewed, fresh);
    assert.equal(tokenCalls, 1);
    const after = await readSecret(suite.db.kysely, deps.secretKey, { companyId, name: SECRET.refreshToken });
    assert.notEqual(after, before, "the emulator rotates the refresh token on every refresh");
    const client = await connectedClient(deps, companyId);
    assert.ok(client);
    assert.ok((await client.companyInfo()).CompanyName);
  });

  test("processes racing to refresh: exactly one calls the token endpoint, all get its token", async () => {
    // Other processes: their own connection pools on the same database (the embedded one has one).
    const others =
      suite.kind === "server"
        ? await Promise.all(
            [1, 2].map(() => openDatabase({ url: TEST_SERVER_URL, schema: suite.db.schema, poolSize: 3 })),
          )
        : [];
    try {
      const racers = [deps, ...others.map((db) => ({ ...deps, db })), deps];
      await expireAccessToken();
      tokenCalls = 0;
      const tokens = await Promise.all(
        racers.flatMap((d) => [currentAccessToken(d, companyId), currentAccessToken(d, companyId)]),
      );
      assert.equal(tokenCalls, 1);
      assert.equal(new Set(tokens).size, 1);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });

  test("invalid_grant → needs re-authorisation with the reason and time; nothing is retried forever", async () => {
    const refreshToken = await readSecret(suite.db.kysely, deps.secretKey, {
      companyId,
      name: SECRET.refreshToken,
    });
    const revoked = await fetch(`${qbo.qbo.url}/v2/oauth2/tokens/revoke`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: refreshToken ?? "" }).toString(),
    });
    assert.equal(revoked.status, 200);
    await expireAccessToken();
    await assert.rejects(
      currentAccessToken(deps, companyId),
      (e: ConnectionUnavailableError) =>
        e instanceof ConnectionUnavailableError &&
        e.reason === "needs_reauthorization" &&
        // The push engine reads it as a connection needing a person, so the record waits, not fails.
        providerFailureOf(providerErrorOf(e)).kind === "needs_reauthorization",
    );
    const view = await getHostConnection(deps, companyId);
    assert.equal(view.status, "needs_reauthorization");
    // The company's jobs wait on its connection condition until it is connected again.
    const condition = `connection:${companyId}`;
    assert.ok((await listConditions(suite.db.kysely)).some((c) => c.name === condition));
    assert.match(view.lastError?.message ?? "", /invalid_grant/);
    assert.ok(Date.now() - Date.parse(view.lastError?.at ?? "") < 60_000);
    // Later calls say so at once, without asking QuickBooks again.
    tokenCalls = 0;
    await assert.rejects(currentAccessToken(deps, companyId), ConnectionUnavailableError);
    assert.equal(tokenCalls, 0);
    // Reconnecting brings it back.
    const started = await startConnect(deps, companyId, { redirectUri: "http://127.0.0.1:9/callback" });
    assert.ok(started.ok);
    const done = await completeConnect(
      deps,
      (await consent(started.value.authorizeUrl, qbo.realmId)).searchParams,
    );
    assert.ok(done.ok);
    assert.equal((await getHostConnection(deps, companyId)).status, "connected");
    assert.ok(
      !(await listConditions(suite.db.kysely)).some((c) => c.name === condition),
      "cleared by reconnecting",
    );
    const access = await currentAccessToken(deps, companyId);
    const result = await disconnect(deps, companyId);
    assert.ok(result.ok);
    // Revoked at QuickBooks: the token that worked a moment ago is refused.
    const refused = await fetch(`${qbo.qbo.url}/v3/company/${qbo.realmId}/companyinfo/${qbo.realmId}`, {
      headers: { authorization: `Bearer ${access}`, accept: "application/json" },
    });
    assert.equal(refused.status, 401);
    await assert.rejects(currentAccessToken(deps, companyId), ConnectionUnavailableError);
  });
});
