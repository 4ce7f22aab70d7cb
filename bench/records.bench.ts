// How fast the host records API accepts data: 100,000 customers sent through the bulk endpoint, 1,000
// per request, over real HTTP to a real server, first on the embedded database (PGlite in a data
// folder, the default) and then on the PostgreSQL server (DATABASE_URL, or the local test server).
// Prints records per second, peak memory of this process (server and client share it), the core count
// and the ratio between the two databases. Options: --records N, --concurrency N, --url postgres://…
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { buildServer } from "../src/api/server.ts";
import { createLogger } from "../src/app/logger.ts";
import { loadConfig } from "../src/config/index.ts";
import { generateDemoCompany } from "../src/demo/generate.ts";
import type { RecordInput } from "../src/domain/collections.ts";
import { createCompany } from "../src/host/companies.ts";
import { createApiKey } from "../src/host/keys.ts";
import { type Database, migrate, openDatabase } from "../src/store/index.ts";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "100000" },
    "batch-size": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "4" },
    url: { type: "string", default: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
  },
});
const total = Number(args.records);
const batchSize = Number(args["batch-size"]);
const concurrency = Number(args.concurrency);
const TARGET = 5_000;

interface Run {
  label: string;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
}

/** Customers shaped like the demo's (addresses, terms, e-mails), made unique by number. */
function customers(count: number): { externalId: string; data: RecordInput<"customers"> }[] {
  const templates = generateDemoCompany(1, { counts: { invoices: 1, bills: 30 } }).customers;
  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length] as (typeof templates)[number];
    const { parentExternalId: _parent, ...data } = template.data;
    return { externalId: `BENCH-${i + 1}`, data: { ...data, name: `${data.name} #${i + 1}` } };
  });
}

/** Samples resident memory while `fn` runs: the process's peak RSS can not be reset between runs. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function run(label: string, db: Database, dataDir: string): Promise<Run> {
  await migrate(db);
  const logger = createLogger({ level: "warn" });
  const config = loadConfig({ LEDGERLINK_DATA_DIR: dataDir });
  const app = await buildServer({ db, config, logger, webRoot: "/nonexistent-web-root/" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const address = app.server.address();
    if (typeof address !== "object" || !address) throw new Error("the server has no address");
    const url = `http://127.0.0.1:${address.port}/api/v1/customers/bulk`;
    const company = await createCompany(db, { name: `Bench ${label}` });
    if (!company.ok) throw new Error(company.error.message);
    const key = await createApiKey(db, { companyId: company.value.id });
    if (!key.ok) throw new Error(key.error.message);

    const records = customers(total);
    // Bodies are serialised before the clock starts: the bench measures the server, not JSON.stringify.
    const bodies: string[] = [];
    for (let i = 0; i < records.length; i += batchSize) {
      bodies.push(JSON.stringify({ records: records.slice(i, i + batchSize) }));
    }
    const headers = { authorization: `Bearer ${key.value.key}`, "content-type": "application/json" };
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < bodies.length; i = next++) {
        const response = await fetch(url, { method: "POST", headers, body: bodies[i] as string });
        if (!response.ok)
          throw new Error(`request ${i + 1} failed: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    };
    const { value: seconds, peakRssMb } = await withPeakRss(async () => {
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      return (performance.now() - started) / 1000;
    });
    const stored = await db.kysely
      .selectFrom("records")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("company_id", "=", company.value.id)
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== total) throw new Error(`${stored.n} records stored, ${total} sent`);
    return { label, seconds, recordsPerSecond: total / seconds, peakRssMb };
  } finally {
    await app.close();
  }
}

function print(r: Run) {
  console.log(
    `${r.label.padEnd(10)} ${String(total).padStart(7)} records in ${r.seconds.toFixed(1).padStart(6)} s  ` +
      `${Math.round(r.recordsPerSecond).toLocaleString("en-US").padStart(7)} records/s  peak RSS ${Math.round(r.peakRssMb)} MB`,
  );
}

console.log(
  `records: ${total.toLocaleString("en-US")} customers via POST /api/v1/customers/bulk, ${batchSize} per request, ` +
    `${concurrency} request(s) in flight; ${availableParallelism()} cores; Node ${process.version}`,
);

const folder = mkdtempSync(join(tmpdir(), "ledgerlink-bench-"));
let embedded: Run | undefined;
try {
  const db = await openDatabase({ dataDir: folder });
  try {
    embedded = await run("embedded", db, folder);
    print(embedded);
  } finally {
    await db.close();
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const schema = `bench_${randomBytes(6).toString("hex")}`;
let server: Database | undefined;
try {
  server = await openDatabase({ url: args.url, schema });
  await sql`select 1`.execute(server.kysely);
} catch (error) {
  await server?.close().catch(() => {});
  server = undefined;
  console.log(`server     skipped: no PostgreSQL at ${redact(args.url)}: ${(error as Error).message}`);
}
if (server) {
  try {
    const result = await run("server", server, folder);
    print(result);
    if (embedded)
      console.log(
        `ratio      server / embedded = ${(result.recordsPerSecond / embedded.recordsPerSecond).toFixed(2)}`,
      );
    console.log(
      `target     ${TARGET.toLocaleString("en-US")} records/s on the server database: ${result.recordsPerSecond >= TARGET ? "met" : "NOT met"}`,
    );
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(server.kysely);
    await server.close();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
