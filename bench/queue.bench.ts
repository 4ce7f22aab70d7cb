// Queue throughput: no-op jobs claimed, run and recorded in history per second, with one worker slot
// (the baseline) and with several slots and several pools (processes) on the server database.
import { availableParallelism } from "node:os";
import { enqueueMany } from "#jobs/enqueue.ts";
import { startWorkers } from "#jobs/worker.ts";
import { type Database, openDatabase } from "#store/database.ts";
import { openTestDatabase, serverUnavailableReason, TEST_SERVER_URL } from "../test/helpers/db.ts";

const JOBS = Number(process.env.BENCH_JOBS ?? 3000);

async function measure(pools: Database[], concurrency: number): Promise<number> {
  await enqueueMany(
    pools[0]?.kysely as Database["kysely"],
    Array.from({ length: JOBS }, (_, i) => ({ type: "noop", payload: { i } })),
  );
  const t = performance.now();
  const workers = pools.map((db) =>
    startWorkers(db, { pollMs: 50, concurrency, handlers: { noop: async () => {} } }),
  );
  await Promise.all(workers.map((w) => w.drain()));
  const seconds = (performance.now() - t) / 1000;
  await Promise.all(workers.map((w) => w.stop()));
  return JOBS / seconds;
}

async function run(kind: "embedded" | "server"): Promise<void> {
  const { db, cleanup } = await openTestDatabase(kind);
  const extra: Database[] = [];
  try {
    const baseline = await measure([db], 1);
    const wide = await measure([db], 8);
    const lines = [
      `${kind}: ${JOBS} no-op jobs`,
      `  1 worker slot (baseline): ${baseline.toFixed(0)} jobs/s`,
      `  8 worker slots:           ${wide.toFixed(0)} jobs/s (${(wide / baseline).toFixed(1)}× baseline)`,
    ];
    if (kind === "server") {
      for (let i = 0; i < 2; i++)
        extra.push(await openDatabase({ url: TEST_SERVER_URL, schema: db.schema, poolSize: 4 }));
      const pooled = await measure([db, ...extra], 4);
      lines.push(
        `  3 pools × 4 slots:        ${pooled.toFixed(0)} jobs/s (${(pooled / baseline).toFixed(1)}× baseline)`,
      );
    }
    console.log(lines.join("\n"));
  } finally {
    await Promise.all(extra.map((d) => d.close()));
    await cleanup();
  }
}

console.log(`queue bench on ${availableParallelism()} cores`);
await run("embedded");
const reason = await serverUnavailableReason();
if (reason) console.log(`server: skipped (${reason})`);
else await run("server");
