// A real Ledgerlink HTTP server on a random port over a fresh in-memory embedded database, with two
// companies and an API key for each, and every log line captured so tests can inspect what was logged.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { ensureAdminUser } from "#admin/users.ts";
import { buildServer } from "#api/server.ts";
import { createLogger } from "#app/logger.ts";
import { type Config, DEFAULT_HTTP_LIMITS, type HttpLimits } from "#config/index.ts";
import type { Database } from "#store/index.ts";
import { openTestDatabase } from "./db.ts";

export interface TestServer {
  url: string;
  db: Database;
  app: FastifyInstance;
  companyA: { id: string; key: string; keyId: string };
  companyB: { id: string; key: string; keyId: string };
  adminPassword: string;
  internalToken: string;
  /** The key the server seals secrets with. */
  secretKey: Buffer;
  logs(): string;
  /** fetch against the server with company A's key unless `key` says otherwise. */
  api(path: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: {
    webRoot?: string;
    http?: Partial<HttpLimits>;
    trustedProxies?: string[];
    /** A migrated database of the caller's (a `withDatabases` suite's), left open by `close`. */
    db?: Database;
  } = {},
): Promise<TestServer> {
  // The migrated image of test/helpers/db.ts: no initdb, no migrations.
  const db = options.db ?? (await openTestDatabase("embedded")).db;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "debug", destination: sink });
  const adminPassword = "correct horse battery staple";
  await ensureAdminUser(db, adminPassword);
  const internalToken = "internal-token-for-tests-0123456789";
  const config = {
    dataDir: "memory://",
    port: 0,
    host: "127.0.0.1",
    logLevel: "debug",
    http: { ...DEFAULT_HTTP_LIMITS, ...options.http },
    trustedProxies: options.trustedProxies ?? [],
  } as Config;
  const secretKey = randomBytes(32);
  const app = await buildServer({
    db,
    config,
    logger,
    internalToken,
    secretKey,
    webRoot: options.webRoot ?? "/nonexistent-web-root/",
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || !address) throw new Error("server has no address");
  const url = `http://127.0.0.1:${address.port}`;

  async function company(name: string) {
    const c = await createCompany(db, { name });
    if (!c.ok) throw new Error(c.error.message);
    const k = await createApiKey(db, { companyId: c.value.id });
    if (!k.ok) throw new Error(k.error.message);
    return { id: c.value.id, key: k.value.key, keyId: k.value.id };
  }
  const companyA = await company("Acme Manufacturing");
  const companyB = await company("Bolt Brothers");

  return {
    url,
    db,
    app,
    companyA,
    secretKey,
    companyB,
    adminPassword,
    internalToken,
    logs: () => lines.join(""),
    api(path, init = {}) {
      const { key, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      const useKey = key === undefined ? companyA.key : key;
      if (useKey !== null) headers.set("authorization", `Bearer ${useKey}`);
      if (json !== undefined) headers.set("content-type", "application/json");
      return fetch(url + path, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    async close() {
      await app.close();
      if (!options.db) await db.close();
    },
  };
}
