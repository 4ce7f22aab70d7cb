// The queue on the embedded database under a backlog: the time to drain 1,000 no-op jobs with 1,000,
// 10,000 and 100,000 waiting (flat within 1.5× is the target), and the latency of /api/health and of
// a record PUT meanwhile (targets: p99 under 200 ms and 500 ms). Then throughput: no-op jobs claimed,
// run and recorded per second with one worker slot (the baseline), several slots, and several pools
// (processes) on the server database. `BENCH_BACKLOGS=1000,10000` chooses the backlog sizes.
import { availableParallelism } from "node:os";
import { sql } from "kysely";
import { enqueueMany } from "#jobs/enqueue.ts";
import { startWorkers } from "#jobs/worker.ts";
import { type Database, openDatabase } from "#store/database.ts";
import { startTestServer } from "../test/helpers/api-server.ts";
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

const BACKLOGS = (process.env.BENCH_BACKLOGS ?? "1000,10000,100000").split(",").map(Number);
const DRAINED = 1000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Seconds to run the first 1,000 of `waiting` jobs, and request latencies (ms) meanwhile. */
async function backlog(waiting: number): Promise<{ seconds: number; health: number[]; put: number[] }> {
  const s = await startTestServer();
  try {
    await sql`insert into jobs (type, payload) select 'noop', jsonb_build_object('i', i)
      from generate_series(1, ${waiting}) as i`.execute(s.db.kysely);
    let finished = 0;
    let done!: () => void;
    const drained = new Promise<void>((resolve) => {
      done = resolve;
    });
    const health: number[] = [];
    const put: number[] = [];
    const started = performance.now();
    const workers = startWorkers(s.db, {
      pollMs: 50,
      concurrency: 2,
      handlers: {
        noop: async () => {
          if (++finished === DRAINED) done();
        },
      },
    });
    let seconds = 0;
    const probing = (async () => {
      for (let i = 0; finished < DRAINED; i++) {
        const t = performance.now();
        if (i % 4 === 3) {
          await s.api(`/api/v1/customers/BENCH-${i}`, { method: "PUT", json: { name: `Bench ${i}` } });
          put.push(performance.now() - t);
        } else {
          await fetch(`${s.url}/api/health`);
          health.push(performance.now() - t);
        }
      }
    })();
    await drained;
    seconds = (performance.now() - started) / 1000;
    await probing;
    await workers.stop();
    return { seconds, health, put };
  } finally {
    await s.close();
  }
}

async function runBacklogs(): Promise<void> {
  console.log(
    `embedded, ${DRAINED.toLocaleString("en-US")} no-op jobs drained from a backlog (2 worker slots):`,
  );
  const times: number[] = [];
  for (const waiting of BACKLOGS) {
    const r = await backlog(waiting);
    times.push(r.seconds);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `  ${waiting.toLocaleString("en-US").padStart(7)} waiting: ${r.seconds.toFixed(2)} s per 1,000 jobs; ` +
        `/api/health p50 ${ms(percentile(r.health, 50))} p99 ${ms(percentile(r.health, 99))} (${r.health.length}); ` +
        `record PUT p50 ${ms(percentile(r.put, 50))} p99 ${ms(percentile(r.put, 99))} (${r.put.length})`,
    );
  }
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  console.log(
    `  ratio ${BACKLOGS.at(-1)?.toLocaleString("en-US")} : ${BACKLOGS[0]?.toLocaleString("en-US")} waiting = ` +
      `${(last / first).toFixed(2)}× (target: within 1.5×)`,
  );
}

console.log(`queue bench on ${availableParallelism()} cores`);
await runBacklogs();
await run("embedded");
const reason = await serverUnavailableReason();
if (reason) console.log(`server: skipped (${reason})`);
else await run("server");
