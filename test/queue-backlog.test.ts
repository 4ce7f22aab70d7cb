// The server keeps answering while the workers drain a backlog on the embedded database, and a
// SIGTERM stops it promptly however many jobs wait.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sql } from "kysely";
import { startWorkers } from "#jobs/worker.ts";
import { migrate, openDatabase } from "#store/index.ts";
import { RECORD_CHANGED } from "#sync/outbox.ts";
import { startTestServer } from "./helpers/api-server.ts";

const BACKLOG = 10_000;
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function addBacklog(db: Parameters<typeof migrate>[0], type: string): Promise<void> {
  await sql`insert into jobs (type, payload) select ${type}, jsonb_build_object('i', i)
    from generate_series(1, ${BACKLOG}) as i`.execute(db.kysely);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

test(`with ${BACKLOG.toLocaleString("en-US")} jobs waiting, health and record writes are answered between jobs`, async (t) => {
  const s = await startTestServer();
  let finished = 0;
  const workers = startWorkers(s.db, {
    pollMs: 20,
    concurrency: 2,
    handlers: {
      "backlog.probe": async () => {
        finished++;
      },
    },
  });
  try {
    await addBacklog(s.db, "backlog.probe");
    workers.wake();
    // How many jobs finished while each request was on its way: a request that waited for the queue
    // would see the whole backlog go by.
    const behind: number[] = [];
    const latency = { health: [] as number[], put: [] as number[] };
    for (let i = 0; i < 60; i++) {
      const before = finished;
      const started = performance.now();
      if (i % 4 === 3) {
        const put = await s.api(`/api/v1/customers/BACKLOG-${i}`, {
          method: "PUT",
          json: { name: `Backlog ${i}` },
        });
        assert.equal(put.status, 201, await put.text());
        latency.put.push(performance.now() - started);
      } else {
        const health = await fetch(`${s.url}/api/health`);
        assert.equal(health.status, 200);
        latency.health.push(performance.now() - started);
      }
      behind.push(finished - before);
    }
    t.diagnostic(
      `health p50 ${percentile(latency.health, 50).toFixed(0)} ms, p99 ${percentile(latency.health, 99).toFixed(0)} ms; ` +
        `record PUT p99 ${percentile(latency.put, 99).toFixed(0)} ms; jobs run during one request: at most ${Math.max(...behind)}`,
    );
    assert.ok(finished > 0, "the workers kept running meanwhile");
    assert.ok(
      finished < BACKLOG / 2,
      `the requests were answered while the backlog waited (${finished} ran)`,
    );
    assert.ok(Math.max(...behind) <= 50, `a request waited while ${Math.max(...behind)} jobs ran`);
  } finally {
    await workers.stop();
    await s.close();
  }
});

test(`SIGTERM stops a server with ${BACKLOG.toLocaleString("en-US")} jobs waiting within 5 s`, async () => {
  const data = mkdtempSync(join(tmpdir(), "ll-backlog-"));
  dirs.push(data);
  const db = await openDatabase({ dataDir: data });
  await migrate(db);
  await addBacklog(db, RECORD_CHANGED);
  await db.close();

  const root = new URL("..", import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [join(root, "bin", "ledgerlink.js"), "start", "--port", "0", "--data", data],
    {
      cwd: root,
      env: {
        ...process.env,
        LEDGERLINK_LOG_LEVEL: "info",
        DATABASE_URL: "",
        LEDGERLINK_ADMIN_PASSWORD: "backlog-test",
      },
    },
  );
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk;
      const match = /"url":"(http:[^"]+)"/.exec(output) ?? /running at (http:\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    void exited.then(() => reject(new Error(`exited before it was running:\n${output}`)));
  });
  try {
    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200, "answers while the backlog waits");
    const signalled = performance.now();
    child.kill("SIGTERM");
    const code = await exited;
    const seconds = (performance.now() - signalled) / 1000;
    assert.equal(code, 0, output);
    assert.ok(seconds < 5, `stopped ${seconds.toFixed(1)} s after SIGTERM`);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
