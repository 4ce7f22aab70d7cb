import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { AppRegistry } from "../apps.ts";
import { OAUTH_PATHS, OAuthServer } from "./index.ts";

const CLIENT = "test-client";
const SECRET = "test-secret";
const REDIRECT = "http://localhost:3000/callback";
const REALM = "9130350000000001";
const ORIGIN = "http://127.0.0.1:4010";
const HOUR = 3600_000;

let clock = Date.UTC(2026, 0, 1);
const now = () => clock;

function makeServer() {
  const apps = new AppRegistry();
  apps.register({ clientId: CLIENT, clientSecret: SECRET, name: "Widget Sync" });
  apps.register({
    clientId: "strict",
    clientSecret: "s",
    name: "Strict",
    redirectUris: ["https://app.example.com/cb"],
  });
  const companies = {
    list: () => [
      { realmId: REALM, name: "Keystone Hardware Manufacturing" },
      { realmId: "9130350000000002", name: "Second Co" },
    ],
  };
  return new OAuthServer({ now, apps, companies, baseUrl: ORIGIN });
}

const basic = (id = CLIENT, secret = SECRET) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

let oauth: OAuthServer;
let app: FastifyInstance;

before(async () => {
  oauth = makeServer();
  app = Fastify();
  oauth.registerRoutes(app);
  await app.ready();
});
after(() => app.close());

function authorizeQuery(overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    client_id: CLIENT,
    response_type: "code",
    scope: "com.intuit.quickbooks.accounting openid profile email",
    redirect_uri: REDIRECT,
    state: "st-123",
    ...overrides,
  }).toString();
}

async function connect(realmId = REALM, query = authorizeQuery()) {
  const res = await app.inject({
    method: "POST",
    url: `${OAUTH_PATHS.authorize}?${query}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: `realmId=${realmId}&action=connect`,
  });
  assert.equal(res.statusCode, 302, res.body);
  return new URL(String(res.headers.location));
}

function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({
    method: "POST",
    url: OAUTH_PATHS.token,
    headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded", ...headers },
    payload: new URLSearchParams(form).toString(),
  });
}

async function exchange() {
  const code = (await connect()).searchParams.get("code") ?? "";
  const res = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { access_token: string; refresh_token: string; id_token?: string };
}

describe("discovery", () => {
  test("has the keys of Intuit's document, with every URL on the emulator", async () => {
    const sample = JSON.parse(
      readFileSync(
        new URL("../../../../shared/qbo/samples/oauth-discovery-sandbox.json", import.meta.url),
        "utf8",
      ),
    );
    const res = await app.inject({ method: "GET", url: OAUTH_PATHS.discovery });
    const doc = res.json();
    assert.deepEqual(Object.keys(doc).sort(), Object.keys(sample).sort());
    assert.equal(doc.token_endpoint, `${ORIGIN}/oauth2/v1/tokens/bearer`);
    assert.equal(doc.authorization_endpoint, `${ORIGIN}/connect/oauth2`);
    assert.equal(doc.revocation_endpoint, `${ORIGIN}/v2/oauth2/tokens/revoke`);
    assert.equal(doc.issuer, sample.issuer);
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, sample.token_endpoint_auth_methods_supported);
  });
});

describe("authorization endpoint", () => {
  test("shows a consent page naming the app and companies, posting back to the same URL", async () => {
    const res = await app.inject({ method: "GET", url: `${OAUTH_PATHS.authorize}?${authorizeQuery()}` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /text\/html/);
    assert.match(res.body, /Connect Widget Sync to QuickBooks/);
    assert.match(res.body, /Keystone Hardware Manufacturing/);
    assert.match(res.body, /<form method="post">/);
    assert.match(res.body, /name="action" value="connect"/);
  });

  test("Connect redirects with code, state and realmId", async () => {
    const url = await connect("9130350000000002");
    assert.equal(url.origin + url.pathname, REDIRECT);
    assert.deepEqual([...url.searchParams.keys()], ["code", "state", "realmId"]);
    assert.equal(url.searchParams.get("state"), "st-123");
    assert.equal(url.searchParams.get("realmId"), "9130350000000002");
  });

  test("Cancel redirects with access_denied", async () => {
    const res = await app.inject({
      method: "POST",
      url: `${OAUTH_PATHS.authorize}?${authorizeQuery()}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "action=cancel",
    });
    const url = new URL(String(res.headers.location));
    assert.equal(url.searchParams.get("error"), "access_denied");
    assert.equal(url.searchParams.get("state"), "st-123");
  });

  test("an unknown client or unregistered redirect URI gets an error page, never a redirect", async () => {
    for (const q of [
      authorizeQuery({ client_id: "nobody" }),
      authorizeQuery({ redirect_uri: "https://evil.example.com/cb" }),
      authorizeQuery({ client_id: "strict" }),
    ]) {
      const res = await app.inject({ method: "GET", url: `${OAUTH_PATHS.authorize}?${q}` });
      assert.equal(res.statusCode, 400);
      assert.equal(res.headers.location, undefined);
    }
    const ok = await app.inject({
      method: "GET",
      url: `${OAUTH_PATHS.authorize}?${authorizeQuery({ client_id: "strict", redirect_uri: "https://app.example.com/cb" })}`,
    });
    assert.equal(ok.statusCode, 200);
  });

  test("bad scope or response type is redirected back as an OAuth error", async () => {
    const res = await app.inject({
      method: "GET",
      url: `${OAUTH_PATHS.authorize}?${authorizeQuery({ scope: "com.intuit.quickbooks.accounting bogus" })}`,
    });
    assert.equal(new URL(String(res.headers.location)).searchParams.get("error"), "invalid_scope");
    const res2 = await app.inject({
      method: "GET",
      url: `${OAUTH_PATHS.authorize}?${authorizeQuery({ response_type: "token" })}`,
    });
    assert.equal(
      new URL(String(res2.headers.location)).searchParams.get("error"),
      "unsupported_response_type",
    );
  });

  test("Connect to a company that does not exist is refused", async () => {
    const res = await app.inject({
      method: "POST",
      url: `${OAUTH_PATHS.authorize}?${authorizeQuery()}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "realmId=404&action=connect",
    });
    assert.equal(res.statusCode, 400);
  });
});

describe("token endpoint", () => {
  test("exchanges a code for Intuit's token response", async () => {
    const code = (await connect()).searchParams.get("code") ?? "";
    const res = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["cache-control"], "no-store");
    const body = res.json();
    assert.deepEqual(Object.keys(body), [
      "token_type",
      "expires_in",
      "refresh_token",
      "x_refresh_token_expires_in",
      "access_token",
      "id_token",
    ]);
    assert.equal(body.token_type, "bearer");
    assert.equal(body.expires_in, 3600);
    assert.equal(body.x_refresh_token_expires_in, 8726400);
    assert.notEqual(body.access_token, body.refresh_token);
    assert.deepEqual(oauth.verifyAccessToken(`Bearer ${body.access_token}`, REALM), {
      ok: true,
      clientId: CLIENT,
    });
  });

  test("the id_token is an RS256 JWT that verifies against the jwks endpoint", async () => {
    const { id_token } = await exchange();
    const [header, payload, signature] = (id_token ?? "").split(".") as [string, string, string];
    const jwks = (await app.inject({ method: "GET", url: OAUTH_PATHS.jwks })).json();
    const kid = JSON.parse(Buffer.from(header, "base64url").toString()).kid;
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === kid);
    const key = createPublicKey({ key: jwk, format: "jwk" });
    assert.ok(
      verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url")),
    );
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    assert.deepEqual(claims.aud, [CLIENT]);
    assert.equal(claims.realmid, REALM);
    assert.equal(claims.iss, "https://oauth.platform.intuit.com/op/v1");
  });

  test("a code works once; replaying it fails and kills the tokens it gave", async () => {
    const code = (await connect()).searchParams.get("code") ?? "";
    const first = (await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT })).json();
    const again = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().error, "invalid_grant");
    const check = oauth.verifyAccessToken(`Bearer ${first.access_token}`, REALM);
    assert.equal(check.ok, false);
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    assert.equal(refreshed.json().error, "invalid_grant");
  });

  test("a code expires within minutes and must come with the same redirect_uri", async () => {
    const code = (await connect()).searchParams.get("code") ?? "";
    const wrong = await token({
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://localhost:9/other",
    });
    assert.equal(wrong.json().error, "invalid_grant");
    clock += 5 * 60_000;
    const late = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
    assert.equal(late.statusCode, 400);
    assert.equal(late.json().error, "invalid_grant");
  });

  test("client authentication: Basic or form credentials; anything else is invalid_client", async () => {
    const bad = await token(
      { grant_type: "refresh_token", refresh_token: "x" },
      { authorization: basic(CLIENT, "nope") },
    );
    assert.equal(bad.statusCode, 401);
    assert.deepEqual(bad.json(), { error: "invalid_client" });
    const none = await app.inject({
      method: "POST",
      url: OAUTH_PATHS.token,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "grant_type=refresh_token&refresh_token=x",
    });
    assert.equal(none.statusCode, 401);
    const post = await app.inject({
      method: "POST",
      url: OAUTH_PATHS.token,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `grant_type=refresh_token&refresh_token=x&client_id=${CLIENT}&client_secret=${SECRET}`,
    });
    assert.equal(post.statusCode, 400);
    assert.equal(post.json().error, "invalid_grant");
  });

  test("grant types and body format are checked", async () => {
    assert.equal((await token({ grant_type: "password" })).json().error, "unsupported_grant_type");
    assert.equal((await token({})).json().error, "invalid_request");
    const json = await app.inject({
      method: "POST",
      url: OAUTH_PATHS.token,
      headers: { authorization: basic(), "content-type": "application/json" },
      payload: JSON.stringify({ grant_type: "refresh_token", refresh_token: "x" }),
    });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().error, "invalid_request");
  });

  test("the hard expiry is reported when asked for", async () => {
    const { refresh_token } = await exchange();
    const res = await token(
      { grant_type: "refresh_token", refresh_token },
      { "x-include-refresh-token-hard-expires-in": "true" },
    );
    const body = res.json();
    assert.equal(body.x_refresh_token_hard_expires_in, 5 * 365 * 24 * 3600);
    assert.equal(body.id_token, undefined);
  });
});

describe("lifetimes and rotation on the emulator clock", () => {
  test("access tokens expire after one hour", async () => {
    const { access_token } = await exchange();
    clock += HOUR - 1;
    assert.equal(oauth.verifyAccessToken(`Bearer ${access_token}`, REALM).ok, true);
    clock += 1;
    const r = oauth.verifyAccessToken(`Bearer ${access_token}`, REALM);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.failure, "expired");
  });

  test("refresh rotates; the previous token works for 24 hours, then answers invalid_grant", async () => {
    const first = await exchange();
    const second = (await token({ grant_type: "refresh_token", refresh_token: first.refresh_token })).json();
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);
    assert.equal(oauth.verifyAccessToken(`Bearer ${second.access_token}`, REALM).ok, true);

    clock += 23 * HOUR;
    const grace = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    assert.equal(grace.statusCode, 200);
    // The chain does not fork: the newest refresh token is what comes back.
    const latest = grace.json().refresh_token;
    assert.notEqual(latest, first.refresh_token);

    clock += HOUR;
    const expired = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    assert.equal(expired.statusCode, 400);
    assert.equal(expired.json().error, "invalid_grant");
    assert.equal((await token({ grant_type: "refresh_token", refresh_token: latest })).statusCode, 200);
  });

  test("a refresh token unused for 101 days expires", async () => {
    const { refresh_token } = await exchange();
    clock += 8726400_000;
    const res = await token({ grant_type: "refresh_token", refresh_token });
    assert.equal(res.json().error, "invalid_grant");
  });

  test("another app cannot use the refresh token", async () => {
    const { refresh_token } = await exchange();
    const res = await token(
      { grant_type: "refresh_token", refresh_token },
      { authorization: basic("strict", "s") },
    );
    assert.equal(res.json().error, "invalid_grant");
  });
});

describe("verification, revocation and persistence", () => {
  test("verifyAccessToken tells missing, unknown, wrong company and scope apart", async () => {
    const { access_token } = await exchange();
    const fail = (h: string | undefined, realm = REALM) => {
      const r = oauth.verifyAccessToken(h, realm);
      return r.ok ? "ok" : r.failure;
    };
    assert.equal(fail(undefined), "missing");
    assert.equal(fail(`Basic ${access_token}`), "missing");
    assert.equal(fail("Bearer nope"), "unknown");
    assert.equal(fail(`bearer ${access_token}`), "ok");
    assert.equal(fail(`Bearer ${access_token}`, "123"), "wrong_realm");
    const openidOnly = oauth.grantDirectly(CLIENT, REALM, "openid");
    assert.equal(fail(`Bearer ${openidOnly.access_token}`), "scope");
  });

  test("revoking either token disconnects the app; unknown tokens still answer 200", async () => {
    const { access_token, refresh_token } = await exchange();
    const revoke = (body: string, type: string) =>
      app.inject({
        method: "POST",
        url: OAUTH_PATHS.revoke,
        headers: { authorization: basic(), "content-type": type },
        payload: body,
      });
    // intuit-oauth sends JSON, node-quickbooks a form.
    assert.equal(
      (await revoke(JSON.stringify({ token: refresh_token }), "application/json")).statusCode,
      200,
    );
    assert.equal(oauth.verifyAccessToken(`Bearer ${access_token}`, REALM).ok, false);
    assert.equal((await token({ grant_type: "refresh_token", refresh_token })).json().error, "invalid_grant");
    assert.equal((await revoke("token=unknown", "application/x-www-form-urlencoded")).statusCode, 200);
    assert.equal((await revoke("", "application/x-www-form-urlencoded")).statusCode, 400);
  });

  test("revokeRealm disconnects every app from a company", () => {
    const t = oauth.grantDirectly(CLIENT, "777");
    assert.equal(oauth.revokeRealm("777"), 1);
    assert.equal(oauth.verifyAccessToken(`Bearer ${t.access_token}`, "777").ok, false);
  });

  test("state survives toJSON and load into a new server", async () => {
    const { access_token, refresh_token } = await exchange();
    const copy = makeServer();
    copy.load(JSON.parse(JSON.stringify(oauth.toJSON())));
    assert.equal(copy.verifyAccessToken(`Bearer ${access_token}`, REALM).ok, true);
    const other = Fastify();
    copy.registerRoutes(other);
    const res = await other.inject({
      method: "POST",
      url: OAUTH_PATHS.token,
      headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded" },
      payload: `grant_type=refresh_token&refresh_token=${refresh_token}`,
    });
    await other.close();
    assert.equal(res.statusCode, 200);
  });

  test("userinfo answers for openid tokens only", async () => {
    const { access_token } = await exchange();
    const res = await app.inject({
      method: "GET",
      url: OAUTH_PATHS.userinfo,
      headers: { authorization: `Bearer ${access_token}` },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().email, "emulator.user@example.com");
    const plain = oauth.grantDirectly(CLIENT, REALM);
    const denied = await app.inject({
      method: "GET",
      url: OAUTH_PATHS.userinfo,
      headers: { authorization: `Bearer ${plain.access_token}` },
    });
    assert.equal(denied.statusCode, 403);
  });
});

describe("Intuit's daily rotation, when configured", () => {
  test("the same refresh token comes back, its lifetime shrinking, until it is a day old", () => {
    let t = Date.UTC(2026, 5, 1);
    const apps = new AppRegistry();
    apps.register({ clientId: CLIENT, clientSecret: SECRET });
    const daily = new OAuthServer({ now: () => t, apps, rotation: { rotateAfterMs: 24 * HOUR } });
    const first = daily.grantDirectly(CLIENT, REALM);
    t += HOUR;
    const same = daily.tokens.refresh(first.refresh_token, CLIENT);
    assert.ok(!("error" in same));
    assert.equal(same.grant.refreshToken, first.refresh_token);
    assert.equal(same.grant.refreshExpiresAt - t, (8726400 - 3600) * 1000);
    t += 23 * HOUR;
    const rotated = daily.tokens.refresh(first.refresh_token, CLIENT);
    assert.ok(!("error" in rotated));
    assert.notEqual(rotated.grant.refreshToken, first.refresh_token);
    assert.equal(rotated.grant.refreshExpiresAt - t, 8726400 * 1000);
  });
});
