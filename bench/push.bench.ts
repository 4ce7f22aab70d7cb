// The push against QuickBooks' limits: invoices with their customers and items pushed into the
// emulator with Intuit's limits on (500 requests a minute, 10 at once) and 100–300 ms of latency on
// every request. Prints the time, the floor the limits allow for the requests the push needed, their
// ratio (target: within 1.15× of the floor), and a naive run — one request at a time — of a tenth of
// the work in the same bench, for comparison.
// `npm run bench -- push -- --invoices 5000` (the default; about 15 minutes, the limits' floor).
import { randomBytes } from "node:crypto";
import { createCompany } from "#admin/companies.ts";
import { jobHandlers } from "#app/handlers.ts";
import { createEmulator, type Emulator } from "#emulator/index.ts";
import { bulkUpsertRecords } from "#host/records.ts";
import { startWorkers } from "#jobs/worker.ts";
import { type Database, openDatabase } from "#store/database.ts";
import { migrate } from "#store/migrate.ts";
import { DatabaseRequestBudget } from "#store/request-budget.ts";
import type { ConnectionDeps } from "#sync/connection.ts";
import { ConnectedPushRuntime } from "#sync/runtime.ts";
import { ACTIVE_PROVIDER, setSwitch, updatePushSettings } from "#sync/settings.ts";
import { connectToEmulator, emulatorControl as control } from "../test/helpers/emulator.ts";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const INVOICES = flag("invoices", 5000);
const LATENCY: [number, number] = [100, 300];
const MEAN_LATENCY_S = (LATENCY[0] + LATENCY[1]) / 2 / 1000;

async function connected(
  db: Database,
  qbo: Emulator,
  name: string,
): Promise<{ companyId: string; deps: ConnectionDeps }> {
  const company = await createCompany(db, { name });
  if (!company.ok) throw new Error(company.error.message);
  const companyId = company.value.id;
  const deps = { db, secretKey: randomBytes(32) };
  await connectToEmulator(deps, companyId, qbo);
  const on = await setSwitch(db.kysely, companyId, ACTIVE_PROVIDER, "invoices", true);
  if (!on.ok) throw new Error(on.error.message);
  return { companyId, deps };
}

async function load(
  db: Database,
  companyId: string,
  invoices: number,
  tag: string,
  income: string,
): Promise<void> {
  const settings = await updatePushSettings(db.kysely, companyId, ACTIVE_PROVIDER, {
    goLiveDate: "2026-01-01",
    defaultAccounts: { income },
  });
  if (!settings.ok) throw new Error(settings.error.message);
  const customers = Math.max(1, Math.round(invoices / 10));
  const items = Math.max(1, Math.round(invoices / 50));
  const bulk = async (collection: string, records: Array<{ externalId: string; data: unknown }>) => {
    for (let i = 0; i < records.length; i += 1000) {
      const r = await bulkUpsertRecords(db, {
        companyId,
        collection,
        body: { records: records.slice(i, i + 1000) },
      });
      if (!r.ok)
        throw new Error(`${collection}: ${r.error.message} ${JSON.stringify(r.error.issues?.slice(0, 3))}`);
    }
  };
  await bulk(
    "customers",
    Array.from({ length: customers }, (_, i) => ({
      externalId: `C-${i}`,
      data: { name: `Bench ${tag} Customer ${i}` },
    })),
  );
  await bulk(
    "items",
    Array.from({ length: items }, (_, i) => ({
      externalId: `P-${i}`,
      data: { name: `Bench ${tag} Part ${i}`, type: "service", unitPrice: `${5 + (i % 20)}.00` },
    })),
  );
  await bulk(
    "invoices",
    Array.from({ length: invoices }, (_, i) => ({
      externalId: `INV-${i}`,
      data: {
        number: `${tag}${i}`,
        date: "2026-11-02",
        customerExternalId: `C-${i % customers}`,
        lines: [
          { itemExternalId: `P-${i % items}`, quantity: "2", unitPrice: `${5 + ((i % items) % 20)}.00` },
          {
            itemExternalId: `P-${(i + 1) % items}`,
            quantity: "1",
            unitPrice: `${5 + (((i + 1) % items) % 20)}.00`,
          },
        ],
      },
    })),
  );
}

/** Pushes what the queue holds; answers the seconds it took and the requests QuickBooks saw. */
async function push(db: Database, qbo: Emulator, deps: ConnectionDeps, concurrency: number) {
  await control(qbo, "DELETE", "/usage");
  const budget = new DatabaseRequestBudget(db, {
    perWindow: 500,
    windowMs: 61_000,
    concurrent: 10,
    leaseMs: 15_000,
    pollMs: 20,
  });
  const started = performance.now();
  const workers = startWorkers(db, {
    pollMs: 20,
    concurrency,
    handlers: jobHandlers(new ConnectedPushRuntime(deps, budget)),
    retention: false,
  });
  await workers.drain();
  await workers.stop();
  const seconds = (performance.now() - started) / 1000;
  const usage = (await control(qbo, "GET", "/usage")) as Array<{
    requests: number;
    peakInFlight: number;
    peakPerMinute: number;
    throttled: number;
  }>;
  const u = usage.reduce(
    (a, b) => ({
      requests: a.requests + b.requests,
      peakInFlight: Math.max(a.peakInFlight, b.peakInFlight),
      peakPerMinute: Math.max(a.peakPerMinute, b.peakPerMinute),
      throttled: a.throttled + b.throttled,
    }),
    { requests: 0, peakInFlight: 0, peakPerMinute: 0, throttled: 0 },
  );
  return { seconds, ...u };
}

/** The fastest the limits allow R requests: 10 at once at the mean latency, and no more than 500 a minute. */
function floorSeconds(requests: number): number {
  const full = Math.floor((requests - 1) / 500);
  const last = requests - full * 500;
  return full * 60 + (last * MEAN_LATENCY_S) / 10;
}

const qbo = await createEmulator({ seed: "demo" });
const db = await openDatabase({ dataDir: "memory://" });
try {
  await migrate(db);
  const token = (
    (await control(qbo, "POST", "/tokens", { realmId: qbo.realmId })) as { access_token: string }
  ).access_token;
  const statement = "select * from Account where AccountSubType = 'SalesOfProductIncome'";
  const accounts = (await (
    await fetch(`${qbo.url}/v3/company/${qbo.realmId}/query?query=${encodeURIComponent(statement)}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    })
  ).json()) as { QueryResponse: { Account: Array<{ Id: string }> } };
  const income = accounts.QueryResponse.Account[0]?.Id as string;
  await control(qbo, "POST", "/faults", { latencyMs: LATENCY });

  const main = await connected(db, qbo, "Bench Push");
  await load(db, main.companyId, INVOICES, "BP", income);
  const run = await push(db, qbo, main.deps, 12);
  const floor = floorSeconds(run.requests);

  const naiveInvoices = Math.max(1, Math.round(INVOICES / 10));
  const naive = await connected(db, qbo, "Bench Naive");
  await load(db, naive.companyId, naiveInvoices, "BN", income);
  const serial = await push(db, qbo, naive.deps, 1);
  const perRequest = serial.seconds / serial.requests;

  console.log(
    [
      `push: ${INVOICES} invoices with ${Math.round(INVOICES / 10)} customers and ${Math.round(INVOICES / 50)} items, limits on (500/min, 10 at once), latency ${LATENCY[0]}–${LATENCY[1]} ms`,
      `  requests: ${run.requests} (${(run.requests / INVOICES).toFixed(2)} per invoice), at most ${run.peakInFlight} at once and ${run.peakPerMinute} in a minute, ${run.throttled} throttled`,
      `  time: ${run.seconds.toFixed(1)} s; floor for ${run.requests} requests: ${floor.toFixed(1)} s; ratio ${(run.seconds / floor).toFixed(2)}× (target ≤ 1.15×)`,
      `  naive, one request at a time: ${naiveInvoices} invoices, ${serial.requests} requests in ${serial.seconds.toFixed(1)} s (${(perRequest * 1000).toFixed(0)} ms a request); the same ${run.requests} requests would take about ${(perRequest * run.requests).toFixed(0)} s`,
    ].join("\n"),
  );
} finally {
  await db.close();
  await qbo.close();
}
