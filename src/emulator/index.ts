// The QuickBooks Online emulator: an HTTP server that behaves as Intuit's Accounting API v3, its
// OAuth 2.0 endpoints and webhooks, for tests and demos. Production code never imports this folder;
// it reaches the emulator over HTTP exactly as it reaches Intuit.
//
// Stable entry point for tests anywhere in the repository:
//
//   import { createEmulator } from "../src/emulator/index.ts";
//   const qbo = await createEmulator({ seed: "empty" });        // listens on 127.0.0.1, a free port
//   const { access_token } = await (await fetch(`${qbo.url}/__emulator/tokens`, {
//     method: "POST", headers: { "content-type": "application/json" },
//     body: JSON.stringify({ realmId: qbo.realmId }),
//   })).json();
//   await fetch(`${qbo.url}/v3/company/${qbo.realmId}/customer?minorversion=75`, { ... });
//   await qbo.close();
//
// `createEmulator(options)` resolves to `{ url, port, realmId, state, close() }`. Options: `port`
// (0 = any free port, the default), `host` (127.0.0.1), `seed` ("demo" | "empty", default "demo"), `company` (kind),
// `realmId`, `companyName`, `clientId` / `clientSecret` (default ledgerlink-dev /
// ledgerlink-dev-secret), `dataFile` (persist and reload), `limits` (partial Limits, or "relaxed"
// to turn throttling off), `timeSource`, `webhooks` (dispatcher timings). `test/helpers/emulator.ts` wraps this
// with a token and small `api()` / `control()` helpers. See docs/emulator.md.
import { createServer } from "node:http";
import Fastify from "fastify";
import { registerControlRoutes } from "./control/routes.ts";
import { createDataApi } from "./http/data.ts";
import type { Limits } from "./limits.ts";
import type { CompanyKind, SeedName } from "./seed/index.ts";
import { EmulatorState, type StateOptions } from "./state.ts";
import { Persistence } from "./store/persistence.ts";

export type { Limits } from "./limits.ts";
export { COMPANY_KINDS, type CompanyKind, type SeedName } from "./seed/index.ts";
export { EmulatorState } from "./state.ts";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: SeedName;
  /** The kind of company the seed builds: "us-manual-tax" (default), "us-automated-tax", "ca", "uk", "au". */
  company?: CompanyKind;
  realmId?: string;
  companyName?: string;
  clientId?: string;
  clientSecret?: string;
  dataFile?: string;
  limits?: Partial<Limits> | "relaxed";
  timeSource?: () => number;
  webhooks?: StateOptions["webhooks"];
}

export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:4010 — the data API is under `${url}/v3/company/${realmId}`. */
  url: string;
  port: number;
  /** The first company's realm id. */
  realmId: string;
  state: EmulatorState;
  close(): Promise<void>;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const limits = options.limits === "relaxed" ? { enabled: false } : options.limits;
  const state = new EmulatorState({
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(limits ? { limits } : {}),
    ...(options.timeSource ? { timeSource: options.timeSource } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
  const persistence = options.dataFile ? new Persistence(options.dataFile, state) : undefined;
  persistence?.load();
  if (options.clientId && options.clientSecret) {
    // A reloaded app keeps its webhook and redirect URIs; only a changed secret is taken over.
    const saved = state.apps.get(options.clientId);
    if (saved?.clientSecret !== options.clientSecret) {
      state.apps.register({
        ...saved,
        name: saved?.name ?? "Ledgerlink (development)",
        clientId: options.clientId,
        clientSecret: options.clientSecret,
      });
    }
  }
  if (state.companies.size === 0 || (options.realmId && !state.company(options.realmId))) {
    state.createCompany({
      seed: options.seed ?? "demo",
      ...(options.company ? { kind: options.company } : {}),
      ...(options.realmId ? { realmId: options.realmId } : {}),
      ...(options.companyName ? { name: options.companyName } : {}),
    });
  }
  const realmId = options.realmId ?? [...state.companies.keys()][0] ?? "";

  const data = createDataApi(state);
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    // The data API answers on the raw server; everything else goes through Fastify.
    serverFactory: (fastifyHandler) =>
      createServer((req, res) => {
        if (!data.handle(req, res)) fastifyHandler(req, res);
      }),
  });
  state.oauth.registerRoutes(app);
  // Codes, grants and rotated refresh tokens change on the OAuth endpoints' POSTs; persist them too.
  app.addHook("onResponse", async (req) => {
    if (req.method === "POST" && !req.url.startsWith("/v3/") && !req.url.startsWith("/__emulator"))
      state.changed();
  });
  registerControlRoutes(app, state);
  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const host = options.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    realmId,
    state,
    close() {
      closed ??= (async () => {
        data.abortPending();
        await app.close();
        await state.webhooks.close();
        await persistence?.close();
      })();
      return closed;
    },
  };
}
