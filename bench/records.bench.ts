// How fast the host records API accepts data: 100,000 customers sent through the bulk endpoint, 1,000
// per request, over real HTTP to a real server, first on the embedded database (PGlite in a data
// folder, the default) and then on the PostgreSQL server (DATABASE_URL, or the local test server).
// Prints records per second, peak memory of this process (server and client share it), the core count
// and the ratio between the two databases. Options: --records N, --concurrency N, --url postgres://…
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { createCompany } from "#admin/companies.ts";
import { createApiKey } from "#admin/keys.ts";
import { buildServer } from "#api/server.ts";
import { createLogger } from "#app/logger.ts";
import { loadConfig } from "#config/index.ts";
import { generateDemoCompany } from "#demo/generate.ts";
import type { RecordInput } from "#domain/collections.ts";
import { type Database, migrate, openDatabase } from "#store/index.ts";

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "100000" },
    "batch-size": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "4" },
    url: { type: "string", default: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    /** Internal: run one database in this process and print its result as JSON. */
    target: { type: "string" },
  },
});
const total = Number(args.records);
const batchSize = Number(args["batch-size"]);
const concurrency = Number(args.concurrency);
const TARGET = 5_000;
const RESULT = "RESULT ";

type Target = "embedded" | "server";

interface Run {
  target: Target;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
}

type Outcome = Run | { target: Target; skipped: string };

/** Customers shaped like the demo's (addresses, terms, e-mails), made unique by number. */
function customerBatches(): () => string | undefined {
  const templates = generateDemoCompany(1, { counts: { invoices: 1, bills: 30 } }).customers;
  let sent = 0;
  return () => {
    if (sent >= total) return undefined;
    const records: { externalId: string; data: RecordInput<"customers"> }[] = [];
    for (; records.length < batchSize && sent < total; sent++) {
      const template = templates[sent % templates.length] as (typeof templates)[number];
      const { parentExternalId: _parent, ...data } = template.data;
      records.push({ externalId: `BENCH-${sent + 1}`, data: { ...data, name: `${data.name} #${sent + 1}` } });
    }
    return JSON.stringify({ records });
  };
}

async function measure(target: Target, db: Database, dataDir: string): Promise<Run> {
  await migrate(db);
  const logger = createLogger({ level: "warn" });
  const config = loadConfig({ LEDGERLINK_DATA_DIR: dataDir });
  const app = await buildServer({ db, config, logger, webRoot: "/nonexistent-web-root/" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const address = app.server.address();
    if (typeof address !== "object" || !address) throw new Error("the server has no address");
    const url = `http://127.0.0.1:${address.port}/api/v1/customers/bulk`;
    const company = await createCompany(db, { name: `Bench ${target}` });
    if (!company.ok) throw new Error(company.error.message);
    const key = await createApiKey(db, { companyId: company.value.id });
    if (!key.ok) throw new Error(key.error.message);

    const headers = { authorization: `Bearer ${key.value.key}`, "content-type": "application/json" };
    const nextBody = customerBatches();
    let request = 0;
    const client = async () => {
      for (let body = nextBody(); body !== undefined; body = nextBody()) {
        const n = ++request;
        const response = await fetch(url, { method: "POST", headers, body });
        if (!response.ok) throw new Error(`request ${n} failed: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, client));
    const seconds = (performance.now() - started) / 1000;

    const stored = await db.kysely
      .selectFrom("records")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("company_id", "=", company.value.id)
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== total) throw new Error(`${stored.n} records stored, ${total} sent`);
    // The whole process's peak: the server, its database (PGlite lives in this process) and the client.
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    return { target, seconds, recordsPerSecond: total / seconds, peakRssMb };
  } finally {
    await app.close();
  }
}

async function runEmbedded(): Promise<Outcome> {
  const folder = mkdtempSync(join(tmpdir(), "ledgerlink-bench-"));
  try {
    const db = await openDatabase({ dataDir: folder });
    try {
      return await measure("embedded", db, folder);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function runServer(): Promise<Outcome> {
  const schema = `bench_${randomBytes(6).toString("hex")}`;
  let db: Database;
  try {
    db = await openDatabase({ url: args.url, schema });
  } catch (error) {
    return { target: "server", skipped: `no PostgreSQL at ${redact(args.url)}: ${(error as Error).message}` };
  }
  try {
    await sql`select 1`.execute(db.kysely);
  } catch (error) {
    await db.close().catch(() => {});
    return { target: "server", skipped: `no PostgreSQL at ${redact(args.url)}: ${(error as Error).message}` };
  }
  const folder = mkdtempSync(join(tmpdir(), "ledgerlink-bench-"));
  try {
    return await measure("server", db, folder);
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Each database runs in a process of its own, so one run's memory never shows in the other's peak. */
function inChild(target: Target): Outcome {
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--target",
      target,
      "--records",
      String(total),
      "--batch-size",
      String(batchSize),
      "--concurrency",
      String(concurrency),
      "--url",
      args.url,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 2 ** 20 },
  );
  const lines = child.stdout.split("\n");
  for (const line of lines) if (line && !line.startsWith(RESULT)) console.log(line);
  const result = lines.find((l) => l.startsWith(RESULT));
  if (child.status !== 0 || !result) throw new Error(`the ${target} run failed (exit ${child.status})`);
  return JSON.parse(result.slice(RESULT.length)) as Outcome;
}

function print(outcome: Outcome) {
  if ("skipped" in outcome) {
    console.log(`${outcome.target.padEnd(10)} skipped: ${outcome.skipped}`);
    return;
  }
  console.log(
    `${outcome.target.padEnd(10)} ${total.toLocaleString("en-US").padStart(7)} records in ${outcome.seconds.toFixed(1).padStart(6)} s  ` +
      `${Math.round(outcome.recordsPerSecond).toLocaleString("en-US").padStart(7)} records/s  ` +
      `peak RSS ${Math.round(outcome.peakRssMb)} MB`,
  );
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

if (args.target === "embedded" || args.target === "server") {
  const outcome = args.target === "embedded" ? await runEmbedded() : await runServer();
  console.log(`${RESULT}${JSON.stringify(outcome)}`);
} else {
  console.log(
    `records: ${total.toLocaleString("en-US")} customers via POST /api/v1/customers/bulk over HTTP, ${batchSize} per request, ` +
      `${concurrency} request(s) in flight; ${availableParallelism()} cores; Node ${process.version}`,
  );
  const embedded = inChild("embedded");
  print(embedded);
  const server = inChild("server");
  print(server);
  if (!("skipped" in server)) {
    if (!("skipped" in embedded)) {
      console.log(
        `ratio      server / embedded = ${(server.recordsPerSecond / embedded.recordsPerSecond).toFixed(2)}`,
      );
    }
    const verdict = server.recordsPerSecond >= TARGET ? "met" : "NOT met";
    console.log(`target     ${TARGET.toLocaleString("en-US")} records/s on the server database: ${verdict}`);
  }
}
