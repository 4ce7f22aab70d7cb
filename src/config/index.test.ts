import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { test } from "node:test";
import {
  ConfigError,
  DEFAULT_HTTP_LIMITS,
  DEFAULT_JOB_LEASE_MS,
  describeConfig,
  loadConfig,
} from "./index.ts";

test("defaults: embedded database in ./data, port 3000 on 127.0.0.1, info logs", () => {
  const config = loadConfig({});
  assert.deepEqual(config, {
    databaseUrl: undefined,
    dataDir: resolve("./data"),
    port: 3000,
    host: "127.0.0.1",
    secretKey: undefined,
    adminPassword: undefined,
    demoApiKey: undefined,
    logLevel: "info",
    http: DEFAULT_HTTP_LIMITS,
    trustedProxies: [],
    jobLeaseMs: DEFAULT_JOB_LEASE_MS,
    jobRetryForMs: 24 * 60 * 60 * 1000,
  });
});

test("trusted proxies are addresses or CIDR ranges, separated by commas", () => {
  assert.deepEqual(
    loadConfig({ LEDGERLINK_TRUSTED_PROXY: " 10.0.0.5, 192.168.0.0/16,::1 " }).trustedProxies,
    ["10.0.0.5", "192.168.0.0/16", "::1"],
  );
  for (const bad of ["proxy.example", "10.0.0.0/33", "10.0.0.5/x", "1.2.3"]) {
    assert.throws(
      () => loadConfig({ LEDGERLINK_TRUSTED_PROXY: bad }),
      /LEDGERLINK_TRUSTED_PROXY: must be IP addresses or CIDR ranges/,
      bad,
    );
  }
});

test("HTTP timeouts and the connection limit are read in milliseconds and checked", () => {
  const config = loadConfig({
    LEDGERLINK_HEADERS_TIMEOUT_MS: "5000",
    LEDGERLINK_BODY_TIMEOUT_MS: "2000",
    LEDGERLINK_REQUEST_TIMEOUT_MS: "60000",
    LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS: "1000",
    LEDGERLINK_MAX_CONNECTIONS: "50",
  });
  assert.deepEqual(config.http, {
    headersTimeoutMs: 5000,
    bodyTimeoutMs: 2000,
    requestTimeoutMs: 60000,
    keepAliveTimeoutMs: 1000,
    maxConnections: 50,
  });
  assert.throws(
    () => loadConfig({ LEDGERLINK_BODY_TIMEOUT_MS: "0", LEDGERLINK_MAX_CONNECTIONS: "many" }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        'LEDGERLINK_BODY_TIMEOUT_MS: must be at least 1 (millisecond) (got "0")',
        'LEDGERLINK_MAX_CONNECTIONS: must be a number (got "many")',
      ]);
      return true;
    },
  );
  assert.throws(
    () => loadConfig({ LEDGERLINK_HEADERS_TIMEOUT_MS: "9000", LEDGERLINK_REQUEST_TIMEOUT_MS: "8000" }),
    /LEDGERLINK_HEADERS_TIMEOUT_MS: must not be longer than LEDGERLINK_REQUEST_TIMEOUT_MS/,
  );
});

test("reads the environment, and flags win over it", () => {
  const key = randomBytes(32);
  const config = loadConfig(
    {
      DATABASE_URL: "postgres://app:pw@db.internal:5432/ledgerlink",
      LEDGERLINK_DATA_DIR: "/var/lib/ledgerlink",
      PORT: "8080",
      LEDGERLINK_SECRET_KEY: key.toString("base64"),
      LEDGERLINK_ADMIN_PASSWORD: "a long password",
      LEDGERLINK_DEMO_API_KEY: "demo_key_0123456789abcdef",
      LOG_LEVEL: "DEBUG",
    },
    { port: "0", data: "/tmp/other" },
  );
  assert.equal(config.databaseUrl, "postgres://app:pw@db.internal:5432/ledgerlink");
  assert.equal(config.port, 0);
  assert.equal(config.dataDir, "/tmp/other");
  assert.deepEqual(config.secretKey, key);
  assert.equal(config.logLevel, "debug");
  assert.deepEqual(loadConfig({ LEDGERLINK_SECRET_KEY: key.toString("hex") }).secretKey, key);
  assert.deepEqual(loadConfig({ LEDGERLINK_SECRET_KEY: key.toString("base64url") }).secretKey, key);
});

test("a command's own default log level gives way to the flag and to either variable", () => {
  const quiet = { defaultLogLevel: "warn" } as const;
  assert.equal(loadConfig({}, quiet).logLevel, "warn");
  assert.equal(loadConfig({ LOG_LEVEL: "debug" }, quiet).logLevel, "debug");
  assert.equal(loadConfig({ LEDGERLINK_LOG_LEVEL: "error" }, quiet).logLevel, "error");
  assert.equal(loadConfig({}, { ...quiet, logLevel: "trace" }).logLevel, "trace");
});

test("reports every problem at once, naming the variable, without echoing secrets", () => {
  try {
    loadConfig({
      PORT: "eighty",
      DATABASE_URL: "mysql://root:hunter2@x/y",
      LEDGERLINK_SECRET_KEY: "too-short-hunter2",
      LOG_LEVEL: "loud",
    });
    assert.fail("expected a ConfigError");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 4);
    assert.match(error.message, /PORT \(or --port\): must be a number \(got "eighty"\)/);
    assert.match(error.message, /DATABASE_URL \(or --database-url\): must start with postgres:\/\//);
    assert.match(error.message, /LEDGERLINK_SECRET_KEY: must be 32 bytes/);
    assert.match(error.message, /LOG_LEVEL \(or --log-level\): must be one of/);
    assert.doesNotMatch(error.message, /hunter2/);
  }
  assert.throws(() => loadConfig({ PORT: "70000" }), /between 0 and 65535/);
  assert.throws(() => loadConfig({ LEDGERLINK_ADMIN_PASSWORD: "short" }), /at least 8 characters/);
});

test("empty variables count as unset", () => {
  assert.equal(loadConfig({ DATABASE_URL: "", PORT: " " }).port, 3000);
  assert.equal(loadConfig({ DATABASE_URL: "" }).databaseUrl, undefined);
});

test("describeConfig shows what is set, never the secrets themselves", () => {
  const config = loadConfig({
    DATABASE_URL: "postgres://app:pw-42@db/x",
    LEDGERLINK_SECRET_KEY: randomBytes(32).toString("hex"),
    LEDGERLINK_ADMIN_PASSWORD: "admin-password-42",
  });
  const shown = JSON.stringify(describeConfig(config));
  assert.doesNotMatch(shown, /pw-42|admin-password-42/);
  assert.match(shown, /"secretKey":"set"/);
  assert.match(shown, /postgres:\/\/app:\*\*\*@db\/x/);
});

test("LEDGERLINK_JOB_RETRY_HOURS sets how long failing jobs are retried; 24 hours by default", () => {
  assert.equal(loadConfig({}).jobRetryForMs, 24 * 60 * 60 * 1000);
  assert.equal(loadConfig({ LEDGERLINK_JOB_RETRY_HOURS: "1.5" }).jobRetryForMs, 90 * 60 * 1000);
  assert.throws(
    () => loadConfig({ LEDGERLINK_JOB_RETRY_HOURS: "0" }),
    /LEDGERLINK_JOB_RETRY_HOURS: must be more than 0 \(got "0"\)/,
  );
});
