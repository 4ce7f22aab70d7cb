// Sign-in and credentials under attack: a burst of guesses, keys in URLs, a TLS-terminating proxy, and
// a forged sign-out.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

let s: TestServer;
let proxied: TestServer;
before(async () => {
  s = await startTestServer();
  // Requests in these tests come from 127.0.0.1, which this server takes for its reverse proxy.
  proxied = await startTestServer({ trustedProxies: ["127.0.0.1"] });
});
after(async () => {
  await s.close();
  await proxied.close();
});

function login(server: TestServer, password: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username: "admin", password }),
  });
}

describe("login throttling", () => {
  test("100 simultaneous wrong passwords: at most 10 are evaluated, the rest are 429", async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => login(s, "wrong password")));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((c) => c === 401).length, 10, "ten guesses were checked");
    assert.equal(statuses.filter((c) => c === 429).length, 90);
    assert.equal((await login(s, s.adminPassword)).status, 429, "even the right password waits now");
  });

  test("behind a trusted proxy each client address has its own count", async () => {
    for (let i = 0; i < 10; i++) {
      const r = await login(proxied, "wrong", { "x-forwarded-for": "203.0.113.7" });
      assert.equal(r.status, 401);
    }
    assert.equal((await login(proxied, "wrong", { "x-forwarded-for": "203.0.113.7" })).status, 429);
    const other = await login(proxied, proxied.adminPassword, { "x-forwarded-for": "198.51.100.2" });
    assert.equal(other.status, 200, "another client behind the same proxy is not locked out");
  });
});

describe("credentials in the URL and the session cookie", () => {
  test("an API key in the query string is refused, and never logged", async () => {
    for (const name of ["api_key", "apiKey", "access_token"]) {
      const r = await s.api(`/api/v1/customers?${name}=${s.companyA.key}`);
      assert.equal(r.status, 400, name);
      const body = (await r.json()) as { code: string };
      assert.equal(body.code, "api_key_in_query");
    }
    const noHeader = await s.api(`/api/v1/customers?api_key=${s.companyA.key}`, { key: null });
    assert.equal(noHeader.status, 400);
    assert.ok(!s.logs().includes(s.companyA.key), "the key is not in the request log");
    assert.match(s.logs(), /api_key=\[redacted\]/);
  });

  test("the session cookie is Secure when the trusted proxy says the scheme is https", async () => {
    const viaTls = await login(proxied, proxied.adminPassword, { "x-forwarded-proto": "https" });
    assert.equal(viaTls.status, 200);
    assert.match(viaTls.headers.get("set-cookie") ?? "", /;\s*Secure/i);
    const plain = await login(proxied, proxied.adminPassword);
    assert.doesNotMatch(plain.headers.get("set-cookie") ?? "", /;\s*Secure/i);
    const untrusted = await login(s, s.adminPassword, { "x-forwarded-proto": "https" });
    assert.doesNotMatch(
      untrusted.headers.get("set-cookie") ?? "",
      /;\s*Secure/i,
      "an untrusted client cannot claim https",
    );
  });

  test("logout needs the CSRF token like every other change", async () => {
    const signedIn = await login(proxied, proxied.adminPassword);
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const forged = await fetch(`${proxied.url}/api/admin/logout`, { method: "POST", headers: { cookie } });
    assert.equal(forged.status, 403);
    assert.equal(((await forged.json()) as { code: string }).code, "csrf_token_invalid");
    const me = await fetch(`${proxied.url}/api/admin/me`, { headers: { cookie } });
    assert.equal(me.status, 200, "the session survived the forged sign-out");
    const real = await fetch(`${proxied.url}/api/admin/logout`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    assert.equal(real.status, 204);
    assert.equal((await fetch(`${proxied.url}/api/admin/me`, { headers: { cookie } })).status, 401);
  });
});
