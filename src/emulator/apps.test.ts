import assert from "node:assert/strict";
import { test } from "node:test";
import { AppRegistry, defaultAppRegistry } from "./apps.ts";
import { Clock } from "./clock.ts";

test("apps authenticate by id and secret and allow loopback redirects unless they list their own", () => {
  const apps = defaultAppRegistry();
  assert.ok(apps.authenticate("ledgerlink-dev", "ledgerlink-dev-secret"));
  assert.equal(apps.authenticate("ledgerlink-dev", "wrong"), undefined);
  assert.equal(apps.authenticate("nobody", "ledgerlink-dev-secret"), undefined);
  assert.ok(apps.isRedirectUriAllowed("ledgerlink-dev", "http://localhost:8765/callback"));
  assert.ok(apps.isRedirectUriAllowed("ledgerlink-dev", "http://127.0.0.1/cb"));
  assert.ok(!apps.isRedirectUriAllowed("ledgerlink-dev", "https://evil.example.com/cb"));
  const strict = new AppRegistry();
  strict.register({ clientId: "a", clientSecret: "s", redirectUris: ["https://app.example.com/cb"] });
  assert.ok(strict.isRedirectUriAllowed("a", "https://app.example.com/cb"));
  assert.ok(!strict.isRedirectUriAllowed("a", "http://localhost/cb"));
  assert.equal(strict.withWebhooks().length, 0);
  strict.setWebhook("a", { url: "http://127.0.0.1:9/h", verifierToken: "v" });
  assert.equal(strict.withWebhooks()[0]?.webhook.verifierToken, "v");
});

test("the clock only moves forward", () => {
  let real = 1000;
  const clock = new Clock(() => real);
  clock.advance(500);
  real = 2000;
  assert.equal(clock.now(), 2500);
  assert.throws(() => clock.advance(-1));
  clock.restoreOffset(100);
  assert.equal(clock.offsetMs, 500, "a restored offset never moves the clock back");
});
