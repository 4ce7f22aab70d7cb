// The reliability scenarios, each sized by its caller: small in the test suite, full in `npm run soak`.
// Each returns what it observed (for the caller to assert on) and the lines it reports (figures).
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { RECORD_CHANGED, recordJobKey } from "#sync/outbox.ts";
import { sendSlowly } from "../helpers/slow-client.ts";
import {
  ADMIN_PASSWORD,
  api,
  createTenant,
  formatBytes,
  formatMs,
  type LedgerlinkProcess,
  signIn,
  startLedgerlink,
  summarise,
  type Target,
} from "./harness.ts";

export interface Report {
  /** The figures, to print. */
  lines: string[];
  /** Every broken promise the scenario observed; empty when it held. */
  problems: string[];
}

const check = (problems: string[], holds: boolean, problem: string) => {
  if (!holds) problems.push(problem);
};

/** A running process and the kind of database it serves, for scenarios that share one process. */
export type Served = LedgerlinkProcess & { kind: Target["kind"] };

// ---------------------------------------------------------------------------------------------------
// SIGKILL during bulk writes

export interface CrashSize {
  trials: number;
  writers: number;
  batchSize: number;
  /** Acknowledged batches per trial before the kill. */
  killAfterAcks: number;
}

export interface CrashReport extends Report {
  acknowledged: number;
  unacknowledged: number;
  /** Acknowledged records missing after the restart. */
  lostAcknowledged: string[];
  /** Unacknowledged batches found partly written. */
  partialBatches: string[];
  /** Records whose `record.changed` jobs are not exactly one, carrying the record's version. */
  jobMismatches: string[];
  /** Exit code of the clean stop after the last restart (0: SIGTERM was handled). */
  finalExitCode: number | null;
}

export async function crashDuringBulkWrites(target: Target, size: CrashSize): Promise<CrashReport> {
  const batches = new Map<string, { ids: string[]; acknowledged: boolean }>();
  let tenant: Awaited<ReturnType<typeof createTenant>> | undefined;
  for (let trial = 0; trial < size.trials; trial++) {
    // After the first trial this start follows a SIGKILL: the locks it left must not block it.
    const server = await startLedgerlink(target);
    tenant ??= await createTenant(server.url, "Crash Trials Ltd");
    const current = tenant;
    let acks = 0;
    let killed: Promise<void> | undefined;
    const writer = async (w: number) => {
      for (let n = 0; !killed; n++) {
        const tag = `T${trial}W${w}B${n}`;
        const ids = Array.from({ length: size.batchSize }, (_, i) => `${tag}-${i}`);
        const batch = { ids, acknowledged: false };
        batches.set(tag, batch);
        try {
          const sent = api(server.url, current, "/api/v1/customers/bulk", {
            method: "POST",
            json: { records: ids.map((id) => ({ externalId: id, data: { name: `Customer ${id}` } })) },
          });
          // Enough acknowledged: kill while this request is on its way (a random moment of it).
          if (acks >= size.killAfterAcks && !killed) {
            killed = sleep(Math.floor(Math.random() * 10)).then(() => server.kill());
          }
          const response = await sent;
          if (response.status !== 200) {
            if (killed) return;
            throw new Error(`a bulk write answered ${response.status}: ${await response.text()}`);
          }
          batch.acknowledged = true;
          acks++;
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: size.writers }, (_, w) => writer(w)));
    await killed;
  }
  const server = await startLedgerlink(target);
  const finalExitCode = await server.stop();

  const db = await target.open();
  const companyId = (tenant as { companyId: string }).companyId;
  let records: { external_id: string; version: number }[];
  let jobs: { key: string | null; payload: unknown }[];
  try {
    records = await db.kysely
      .selectFrom("records")
      .select(["external_id", "version"])
      .where("company_id", "=", companyId)
      .where("collection", "=", "customers")
      .execute();
    jobs = await db.kysely
      .selectFrom("jobs")
      .select(["key", "payload"])
      .where("company_id", "=", companyId)
      .where("type", "=", RECORD_CHANGED)
      .execute();
  } finally {
    await db.close();
  }
  const present = new Map(records.map((r) => [r.external_id, r.version]));
  const lostAcknowledged: string[] = [];
  const partialBatches: string[] = [];
  let acknowledged = 0;
  for (const [tag, batch] of batches) {
    const found = batch.ids.filter((id) => present.has(id)).length;
    if (batch.acknowledged) {
      acknowledged++;
      if (found !== batch.ids.length) lostAcknowledged.push(`${tag}: ${batch.ids.length - found} missing`);
    } else if (found !== 0 && found !== batch.ids.length) {
      partialBatches.push(`${tag}: ${found} of ${batch.ids.length}`);
    }
  }
  const jobsByKey = new Map<string | null, unknown[]>();
  for (const job of jobs) jobsByKey.set(job.key, [...(jobsByKey.get(job.key) ?? []), job.payload]);
  const jobMismatches: string[] = [];
  for (const [id, version] of present) {
    const found = jobsByKey.get(recordJobKey(companyId, "customers", id)) ?? [];
    const versions = found.map((p) => (p as { version?: number }).version);
    if (found.length !== 1 || versions[0] !== version)
      jobMismatches.push(`${id}: jobs for versions ${versions}`);
  }
  if (jobs.length !== present.size) jobMismatches.push(`${jobs.length} jobs for ${present.size} records`);
  const unacknowledged = batches.size - acknowledged;
  const problems = [
    ...lostAcknowledged.map((b) => `acknowledged batch lost: ${b}`),
    ...partialBatches.map((b) => `batch half-written: ${b}`),
    ...jobMismatches.map((m) => `not one job per change: ${m}`),
  ];
  check(problems, unacknowledged > 0, "no kill landed while writes were in flight");
  check(problems, finalExitCode === 0, `the clean stop after the kills exited with ${finalExitCode}`);
  return {
    problems,
    acknowledged,
    unacknowledged,
    lostAcknowledged,
    partialBatches,
    jobMismatches,
    finalExitCode,
    lines: [
      `SIGKILL during bulk writes [${target.kind}]: ${size.trials} kills, ${acknowledged} batches acknowledged, ` +
        `${unacknowledged} in flight; ${lostAcknowledged.length} acknowledged lost, ${partialBatches.length} half-written, ` +
        `${jobMismatches.length} records without exactly one job (${present.size} records)`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Restart with a backlog of waiting jobs

export interface BacklogSize {
  jobs: number;
  /** How long health and record writes are probed after the restart. */
  probeMs: number;
  /** A probe not answered within this long counts as unanswered. */
  answerWithinMs: number;
}

export interface BacklogReport extends Report {
  /** Share of the backlog not yet finished when /api/health first answered after the restart. */
  waitingAtFirstHealth: number;
  health: ReturnType<typeof summarise>;
  put: ReturnType<typeof summarise>;
  /** Exit code of SIGTERM while the workers drain (0: stopped cleanly). */
  exitCode: number | null;
}

export async function restartWithBacklog(target: Target, size: BacklogSize): Promise<BacklogReport> {
  // Fill the queue with the workers off, as after a long outage of the push.
  const idle = await startLedgerlink(target, { workers: false });
  const tenant = await createTenant(idle.url, "Backlog Ltd");
  for (let start = 0; start < size.jobs; start += 1000) {
    const ids = Array.from({ length: Math.min(1000, size.jobs - start) }, (_, i) => `B-${start + i}`);
    const response = await api(idle.url, tenant, "/api/v1/customers/bulk", {
      method: "POST",
      json: { records: ids.map((id) => ({ externalId: id, data: { name: `Backlog ${id}` } })) },
    });
    if (response.status !== 200) throw new Error(`filling the backlog answered ${response.status}`);
  }
  await idle.stop();

  const server = await startLedgerlink(target);
  const health: number[] = [];
  const puts: number[] = [];
  let firstHealthAt: number | undefined;
  const until = Date.now() + size.probeMs;
  let n = 0;
  let unanswered = 0;
  /** Milliseconds to an answer, or undefined when none came within answerWithinMs. */
  const timed = async (request: (signal: AbortSignal) => Promise<Response>) => {
    const started = performance.now();
    try {
      await (await request(AbortSignal.timeout(size.answerWithinMs))).arrayBuffer();
      return performance.now() - started;
    } catch {
      unanswered++;
      return undefined;
    }
  };
  while (Date.now() < until) {
    const h = await timed((signal) => fetch(`${server.url}/api/health`, { signal }));
    if (h !== undefined) {
      health.push(h);
      firstHealthAt ??= Date.now();
    }
    const p = await timed((signal) =>
      api(server.url, tenant, `/api/v1/customers/P-${n++}`, {
        method: "PUT",
        json: { name: "Written during the drain" },
        signal,
      }),
    );
    if (p !== undefined) puts.push(p);
    await sleep(50);
  }
  firstHealthAt ??= Date.now();
  const exitCode = await server.stop();

  const db = await target.open();
  let unfinished = 0;
  try {
    const row = await db.kysely
      .selectFrom("jobs")
      .select(sql<number>`count(*)`.as("n"))
      .where("company_id", "=", tenant.companyId)
      .where("key", "like", `%:customers:B-%`)
      .where((eb) =>
        eb.or([eb("finished_at", "is", null), eb("finished_at", ">", new Date(firstHealthAt as number))]),
      )
      .executeTakeFirstOrThrow();
    unfinished = Number(row.n);
  } finally {
    await db.close();
  }
  const waitingAtFirstHealth = unfinished / size.jobs;
  const h = summarise(health);
  const p = summarise(puts);
  const problems: string[] = [];
  check(
    problems,
    waitingAtFirstHealth >= 0.5,
    `health first answered when only ${(waitingAtFirstHealth * 100).toFixed(0)}% of the backlog still waited`,
  );
  check(problems, exitCode === 0, `SIGTERM during the drain exited with ${exitCode}`);
  check(problems, unanswered === 0, `${unanswered} probes got no answer within ${size.answerWithinMs} ms`);
  return {
    problems,
    waitingAtFirstHealth,
    health: h,
    put: p,
    exitCode,
    lines: [
      `restart with ${size.jobs.toLocaleString("en-US")} waiting jobs [${target.kind}]: ` +
        `${(waitingAtFirstHealth * 100).toFixed(0)}% still waiting at the first health answer; ` +
        `health p50 ${formatMs(h.p50)} p99 ${formatMs(h.p99)}, record PUT p50 ${formatMs(p.p50)} p99 ${formatMs(p.p99)}` +
        ` (${h.count} answered, ${unanswered} not within ${formatMs(size.answerWithinMs)}); SIGTERM exit code ${exitCode}`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Concurrent bulks over the same records in different orders

export interface OverlapSize {
  requests: number;
  records: number;
}

export interface OverlapReport extends Report {
  statuses: Record<number, number>;
  serverErrors: number;
}

export async function overlappingBulks(server: Served, size: OverlapSize): Promise<OverlapReport> {
  const tenant = await createTenant(server.url, "Overlap Ltd");
  const ids = Array.from({ length: size.records }, (_, i) => `O-${i}`);
  const statuses: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: size.requests }, async (_, r) => {
      const order = [...ids].sort(() => Math.random() - 0.5);
      const response = await api(server.url, tenant, "/api/v1/customers/bulk", {
        method: "POST",
        json: { records: order.map((id) => ({ externalId: id, data: { name: `Overlap ${id} ${r}` } })) },
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }),
  );
  const serverErrors = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  const problems: string[] = [];
  check(problems, serverErrors === 0, `${serverErrors} of ${size.requests} bulks answered 5xx`);
  check(problems, statuses[200] === size.requests, `answers ${JSON.stringify(statuses)}, not all 200`);
  return {
    problems,
    statuses,
    serverErrors,
    lines: [
      `${size.requests} concurrent bulks over the same ${size.records} records in random orders [${server.kind}]: ` +
        `answers ${JSON.stringify(statuses)}`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// A client that sends its body slower than the body timeout

export interface SlowBodyReport extends Report {
  status: number;
  code: string | undefined;
  cutOffEarly: boolean;
  recordWritten: boolean;
  healthDuring: number;
}

/** Runs against a process started with `bodyTimeoutEnv(bodyTimeoutMs)`. */
export async function slowBodyClient(
  server: Served,
  options: { bodyTimeoutMs: number },
): Promise<SlowBodyReport> {
  const tenant = await createTenant(server.url, "Slow Client Ltd");
  const exchange = sendSlowly(server.url, {
    method: "PUT",
    path: "/api/v1/customers/SLOW-1",
    headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "A client on a very slow line" }),
    gapMs: options.bodyTimeoutMs * 2,
  });
  const healthDuring = (await fetch(`${server.url}/api/health`)).status;
  const result = await exchange;
  const recordWritten = (await api(server.url, tenant, "/api/v1/customers/SLOW-1")).status !== 404;
  let code: string | undefined;
  try {
    code = (JSON.parse(result.body) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  const problems: string[] = [];
  check(
    problems,
    result.status === 408 && code === "request_timeout",
    `answered ${result.status} ${code}, not 408`,
  );
  check(problems, result.bytesSent < result.bodyLength, "the server waited for the whole body");
  check(problems, !recordWritten, "the record was written");
  check(problems, healthDuring === 200, `health answered ${healthDuring} meanwhile`);
  return {
    problems,
    status: result.status,
    code,
    cutOffEarly: result.bytesSent < result.bodyLength,
    recordWritten,
    healthDuring,
    lines: [
      `slow body (1 byte per ${options.bodyTimeoutMs * 2} ms, timeout ${options.bodyTimeoutMs} ms) [${server.kind}]: ` +
        `answered ${result.status} ${code ?? ""} after ${result.bytesSent} of ${result.bodyLength} bytes`,
    ],
  };
}

export function bodyTimeoutEnv(bodyTimeoutMs: number): Record<string, string> {
  return { LEDGERLINK_BODY_TIMEOUT_MS: String(bodyTimeoutMs) };
}

// ---------------------------------------------------------------------------------------------------
// A burst of wrong passwords for the admin

export interface LoginBurstReport extends Report {
  /** Attempts whose password was checked (401): at most the throttle's limit. */
  evaluated: number;
  throttled: number;
  other: Record<number, number>;
}

/** Locks the admin out of this process for the throttle's window: run it last. */
export async function loginBurst(server: Served, options: { attempts: number }): Promise<LoginBurstReport> {
  const statuses: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: options.attempts }, async (_, i) => {
      const response = await fetch(`${server.url}/api/admin/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: `wrong guess ${i}` }),
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }),
  );
  const { 401: evaluated = 0, 429: throttled = 0, ...other } = statuses;
  const problems: string[] = [];
  check(problems, evaluated <= 10, `${evaluated} wrong passwords were checked (the limit is 10)`);
  check(problems, Object.keys(other).length === 0, `other answers: ${JSON.stringify(other)}`);
  return {
    problems,
    evaluated,
    throttled,
    other,
    lines: [
      `${options.attempts} simultaneous wrong passwords for admin [${server.kind}]: ${evaluated} checked (401), ` +
        `${throttled} throttled (429)${Object.keys(other).length ? `, other ${JSON.stringify(other)}` : ""}`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Sustained mixed load

export interface MixedLoadSize {
  seconds: number;
  clients: number;
  /** Records present before the load starts. */
  seed: number;
}

export interface MixedLoadReport extends Report {
  requests: number;
  serverErrors: number;
  overall: ReturnType<typeof summarise>;
  maxRss: number | undefined;
}

const operations = ["put", "get", "list", "bulk", "health", "admin"] as const;

export async function mixedLoad(server: Served, size: MixedLoadSize): Promise<MixedLoadReport> {
  const tenant = await createTenant(server.url, "Mixed Load Ltd");
  const session = await signIn(server.url, ADMIN_PASSWORD);
  for (let start = 0; start < size.seed; start += 500) {
    const ids = Array.from({ length: Math.min(500, size.seed - start) }, (_, i) => `M-${start + i}`);
    const seeded = await api(server.url, tenant, "/api/v1/customers/bulk", {
      method: "POST",
      json: { records: ids.map((id) => ({ externalId: id, data: { name: `Seed ${id}` } })) },
    });
    if (seeded.status !== 200) throw new Error(`seeding answered ${seeded.status}`);
  }
  const latencies = new Map<string, number[]>(operations.map((op) => [op, []]));
  let serverErrors = 0;
  let maxRss = server.rss();
  const sampler = setInterval(() => {
    const rss = server.rss();
    if (rss !== undefined && (maxRss === undefined || rss > maxRss)) maxRss = rss;
  }, 250);
  const deadline = Date.now() + size.seconds * 1000;
  const client = async (c: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const op = operations[Math.floor(Math.random() * operations.length)] ?? "health";
      const id = `M-${Math.floor(Math.random() * size.seed)}`;
      const started = performance.now();
      let response: Response;
      switch (op) {
        case "put":
          response = await api(server.url, tenant, `/api/v1/customers/${id}`, {
            method: "PUT",
            json: { name: `Edited by ${c} (${n})` },
          });
          break;
        case "get":
          response = await api(server.url, tenant, `/api/v1/customers/${id}`);
          break;
        case "list":
          response = await api(server.url, tenant, "/api/v1/customers?limit=100");
          break;
        case "bulk":
          response = await api(server.url, tenant, "/api/v1/customers/bulk", {
            method: "POST",
            json: {
              records: Array.from({ length: 50 }, (_, i) => ({
                externalId: `L-${c}-${n}-${i}`,
                data: { name: `Load ${c} ${n} ${i}` },
              })),
            },
          });
          break;
        case "admin":
          response = await fetch(`${server.url}/api/admin/jobs?limit=50`, {
            headers: { cookie: session?.cookie ?? "" },
          });
          break;
        default:
          response = await fetch(`${server.url}/api/health`);
      }
      await response.arrayBuffer();
      latencies.get(op)?.push(performance.now() - started);
      if (response.status >= 500) serverErrors++;
    }
  };
  await Promise.all(Array.from({ length: size.clients }, (_, c) => client(c)));
  clearInterval(sampler);
  const all = [...latencies.values()].flat();
  const overall = summarise(all);
  const perOp = operations.map((op) => {
    const s = summarise(latencies.get(op) ?? []);
    return `${op} p50 ${formatMs(s.p50)} p99 ${formatMs(s.p99)}`;
  });
  const problems: string[] = [];
  check(problems, all.length > 0, "no request was answered");
  check(problems, serverErrors === 0, `${serverErrors} requests answered 5xx`);
  return {
    problems,
    requests: all.length,
    serverErrors,
    overall,
    maxRss,
    lines: [
      `${size.seconds} s of mixed load, ${size.clients} clients [${server.kind}]: ${all.length} requests ` +
        `(${(all.length / size.seconds).toFixed(0)}/s), ${serverErrors} answered 5xx; ` +
        `p50 ${formatMs(overall.p50)} p99 ${formatMs(overall.p99)} max ${formatMs(overall.max)}; ` +
        `peak RSS ${formatBytes(maxRss)}`,
      `  ${perOp.join("; ")}`,
    ],
  };
}
