// Store throughput: 100,000 customers written the way the bulk API writes them (validated data,
// 1,000 records per transaction, bulkUpsert plus one coalesced record.changed job per change), on the
// embedded database and on the PostgreSQL server when it answers. The baseline, measured in the same
// run, is one upsert and one enqueue per record, each in its own transaction.
import { availableParallelism } from "node:os";
import { sql } from "kysely";
import { contentHash } from "#domain/hash.ts";
import { validateRecord } from "#domain/validate.ts";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { bulkUpsert, upsertRecord } from "#store/records.ts";
import { enqueueRecordChanges } from "#sync/outbox.ts";
import { openTestDatabase, serverUnavailableReason } from "../test/helpers/db.ts";

const TOTAL = Number(process.env.BENCH_RECORDS ?? 100_000);
const BATCH = 1000;
const BASELINE = 2000;

function customer(i: number, edition = 0) {
  const body = {
    name: `Customer ${i} of Dayton${edition ? ` (rev ${edition})` : ""}`,
    email: `billing${i}@customer${i % 997}.example`,
    phone: "+1 937-555-0100",
    billingAddress: {
      line1: `${i} Main St`,
      city: "Dayton",
      region: "OH",
      postalCode: "45402",
      country: "US",
    },
    termsExternalId: "NET30",
    taxable: i % 3 === 0,
  };
  const result = validateRecord("customers", body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return {
    externalId: `C-${i}`,
    data: result.value as Record<string, unknown>,
    hash: contentHash(result.value),
  };
}

async function bulk(db: Database, companyId: string, from: number, to: number, edition = 0): Promise<number> {
  let changed = 0;
  for (let start = from; start < to; start += BATCH) {
    const records: ReturnType<typeof customer>[] = [];
    for (let i = start; i < Math.min(start + BATCH, to); i++) records.push(customer(i, edition));
    await db.transaction(async (trx) => {
      const result = await bulkUpsert(trx, { companyId, collection: "customers", records });
      await enqueueRecordChanges(trx, companyId, "customers", result.changed);
      changed += result.changed.length;
    });
  }
  return changed;
}

async function run(kind: "embedded" | "server"): Promise<void> {
  const { db, cleanup } = await openTestDatabase(kind);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    const company = await createCompany(db.kysely, { name: "Bench" });

    let t = performance.now();
    for (let i = 0; i < BASELINE; i++) {
      const r = customer(10_000_000 + i);
      await db.transaction(async (trx) => {
        const { record, changed } = await upsertRecord(trx, {
          companyId: company.id,
          collection: "customers",
          ...r,
        });
        if (changed) await enqueueRecordChanges(trx, company.id, "customers", [record]);
      });
    }
    const baseline = BASELINE / ((performance.now() - t) / 1000);

    t = performance.now();
    const inserted = await bulk(db, company.id, 0, TOTAL);
    const insertRate = inserted / ((performance.now() - t) / 1000);

    t = performance.now();
    const resent = await bulk(db, company.id, 0, TOTAL);
    const unchangedRate = TOTAL / ((performance.now() - t) / 1000);

    t = performance.now();
    const updated = await bulk(db, company.id, 0, TOTAL, 1);
    const updateRate = updated / ((performance.now() - t) / 1000);

    const jobs = await sql<{ n: number }>`select count(*)::int as n from jobs`.execute(db.kysely);
    console.log(
      [
        `${kind}: ${TOTAL.toLocaleString("en-US")} customers, ${BATCH} per transaction`,
        `  baseline (one record per transaction): ${baseline.toFixed(0)} records/s`,
        `  bulk insert:            ${insertRate.toFixed(0)} records/s  (${(insertRate / baseline).toFixed(1)}× baseline)`,
        `  bulk re-send unchanged: ${unchangedRate.toFixed(0)} records/s  (${(unchangedRate / baseline).toFixed(1)}× baseline; ${resent} changed)`,
        `  bulk update:            ${updateRate.toFixed(0)} records/s  (${(updateRate / baseline).toFixed(1)}× baseline)`,
        `  jobs waiting: ${jobs.rows[0]?.n} (coalesced per record)`,
        `  peak RSS of the process so far: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
      ].join("\n"),
    );
  } finally {
    clearInterval(sampler);
    await cleanup();
  }
}

console.log(`store bench on ${availableParallelism()} cores`);
await run("embedded");
const reason = await serverUnavailableReason();
if (reason) console.log(`server: skipped (${reason})`);
else await run("server");
