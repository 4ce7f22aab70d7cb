// The demo's QuickBooks: the emulator started beside it as a child process (`ledgerlink emulator`, so
// no production module imports the emulator), with a fixed realm and its state kept in the data folder,
// so a restart finds the same QuickBooks company and the same grant. With --connected the demo company
// is connected to it through the real OAuth flow (the consent form answered as a browser would);
// otherwise the app's credentials are filled in and the web app's first-time wizard offers Connect.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import { endpointsAtOrigin, type QboAccountSummary, searchAccounts } from "#quickbooks/index.ts";
import { saveConnectionSettings } from "#store/connections.ts";
import {
  type ConnectionDeps,
  completeConnect,
  connectedClient,
  getConnectionSettings,
  saveSettings,
  startConnect,
} from "#sync/connection.ts";
import {
  ACTIVE_PROVIDER,
  DEFAULT_ACCOUNT_KINDS,
  type DefaultAccountKind,
  updatePushSettings,
} from "#sync/settings.ts";
import { PUSH_OBJECTS } from "#sync/switches.ts";

/** The demo QuickBooks company's realm id, the same on every run. */
export const DEMO_REALM_ID = "9341453172471531";
/** The emulator's registered app (its defaults). */
export const DEMO_APP = { clientId: "ledgerlink-dev", clientSecret: "ledgerlink-dev-secret" } as const;
export const DEMO_EMULATOR_FILE = "quickbooks-emulator.json";

export interface DemoEmulator {
  url: string;
  realmId: string;
  stop(): Promise<void>;
}

const bin = new URL("../../bin/ledgerlink.js", import.meta.url).pathname;

/** Starts `ledgerlink emulator` and waits for the line that names its address. */
export async function startDemoEmulator(options: { port: number; dataDir: string }): Promise<DemoEmulator> {
  const child = spawn(
    process.execPath,
    [
      bin,
      "emulator",
      "--port",
      String(options.port),
      "--realm",
      DEMO_REALM_ID,
      "--seed",
      "demo",
      "--data",
      join(options.dataDir, DEMO_EMULATOR_FILE),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-2000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const match = /^QuickBooks emulator on (\S+) /.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(
        new Error(
          `The QuickBooks emulator stopped at start (exit ${code}): ${stderr.trim() || "no message"}. ` +
            "If its port is taken, choose another with --emulator-port.",
        ),
      ),
    );
  });
  child.stdout?.resume();
  return { url, realmId: DEMO_REALM_ID, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    // SIGINT: the emulator writes its pending state before it exits.
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

/**
 * Points the company's connection at the emulator (keeping a live grant when only the port changed,
 * since the emulator reloads its grants from the data folder), and with `connect` connects it.
 */
export async function connectDemoCompany(
  deps: ConnectionDeps,
  companyId: string,
  emulator: DemoEmulator,
  options: { connect: boolean; redirectUri: string; logger?: Logger },
): Promise<void> {
  const endpoints = endpointsAtOrigin(emulator.url);
  const current = await getConnectionSettings(deps, companyId);
  if (!current.ok) throw new Error(current.error.message);
  if (current.value.status === "not_connected" || current.value.status === "connecting") {
    const saved = await saveSettings(deps, companyId, { environment: "custom", endpoints, ...DEMO_APP });
    if (!saved.ok) throw new Error(saved.error.message);
  } else if (current.value.endpoints?.apiBaseUrl !== endpoints.apiBaseUrl) {
    await saveConnectionSettings(deps.db.kysely, companyId, {
      environment: "custom",
      clientId: DEMO_APP.clientId,
      ...endpoints,
    });
  }
  if (!options.connect || current.value.status === "connected") return;
  const started = await startConnect(deps, companyId, { redirectUri: options.redirectUri });
  if (!started.ok) throw new Error(started.error.message);
  // The consent page's form, answered as the user's browser would answer it.
  const consent = await fetch(started.value.authorizeUrl, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ realmId: emulator.realmId, action: "connect" }).toString(),
  });
  const location = consent.headers.get("location");
  if (consent.status !== 302 || !location) {
    throw new Error(`The emulator's consent page answered ${consent.status} instead of a redirect`);
  }
  const done = await completeConnect(deps, new URL(location).searchParams);
  if (!done.ok) throw new Error(`Connecting the demo company failed: ${done.error.message}`);
  options.logger?.info({ companyId, realmId: emulator.realmId }, "demo company connected to the emulator");
  await applyDemoPushSettings(deps, companyId);
}

/** The accounts of the emulator's demo chart a new user would pick, by name. */
const DEMO_ACCOUNT_NAMES: Record<DefaultAccountKind, string> = {
  income: "Sales of Product Income",
  expense: "Cost of Goods Sold",
  asset: "Inventory Asset",
  accountsPayable: "Accounts Payable",
  deposit: "Undeposited Funds",
  payment: "Checking",
  discount: "Discounts given",
};

/**
 * What the first-time wizard's later steps would choose, on the demo's first connection: default
 * accounts found by name in the QuickBooks chart (each checked by type), every switch on, go-live today.
 */
async function applyDemoPushSettings(deps: ConnectionDeps, companyId: string): Promise<void> {
  const client = await connectedClient(deps, companyId);
  if (!client) return;
  const accounts = (await client.query(
    "select * from Account maxresults 1000",
  )) as unknown as QboAccountSummary[];
  const defaultAccounts: Partial<Record<DefaultAccountKind, string>> = {};
  for (const kind of DEFAULT_ACCOUNT_KINDS) {
    const found =
      searchAccounts(kind, accounts, DEMO_ACCOUNT_NAMES[kind])[0] ?? searchAccounts(kind, accounts, "")[0];
    if (found) defaultAccounts[kind] = found.Id;
  }
  const result = await updatePushSettings(deps.db.kysely, companyId, ACTIVE_PROVIDER, {
    switches: [...PUSH_OBJECTS],
    goLiveDate: new Date().toISOString().slice(0, 10),
    defaultAccounts,
  });
  if (!result.ok) throw new Error(`The demo's push settings were refused: ${result.error.message}`);
}
