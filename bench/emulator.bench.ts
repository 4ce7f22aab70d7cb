// QuickBooks emulator throughput and memory.
// - Simple reads (GET /customer/{id}), a find-by-name query and creates (POST /customer) per second over HTTP, with limits
//   relaxed, the emulator in its own process and 16 requests in flight; the baseline is a bare
//   node:http server, also in its own process, answering a fixed JSON body to the same client. The
//   machine is shared, so the servers take turns in several short rounds and the medians are
//   reported: rates, the ratio to the baseline of the same round, and each server's own CPU time per
//   request, which says more about the emulator's cost than rates the load generator also bounds.
// - `EMULATOR_BENCH_COMPARE=/path/to/src/emulator/index.ts` adds a second emulator build to the same
//   rounds (e.g. an older checkout), for before/after figures measured under the same load.
// - Memory per stored object at two company sizes, measured in this process after a full GC; equal
//   per-object figures at both sizes mean memory grows linearly.
// Targets (issue 3): at least 2,000 reads/s and 500 creates/s on a 2-core machine.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { specByName } from "#emulator/entities/registry.ts";
import { save } from "#emulator/operations.ts";
import { EmulatorState } from "#emulator/state.ts";

const IN_FLIGHT = 16;
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

interface Reply {
  status: number;
  body: string;
}

/** A keep-alive node:http client: lighter than fetch, so the client costs less of the shared CPU. */
function http(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function drive(total: number, send: (i: number) => Promise<Reply>): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) {
        const i = next++;
        const res = await send(i);
        if (res.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (failures > 0) throw new Error(`${failures} of ${total} requests failed`);
  return total / seconds;
}

/** A bare node:http server answering a fixed customer body: what any HTTP server costs here. */
const BASELINE_CHILD = `
import { createServer } from "node:http";
const body = JSON.stringify({ Customer: { Id: "1", DisplayName: "Baseline", SyncToken: "0" }, time: "x" });
const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ url: "http://127.0.0.1:" + server.address().port, realmId: "", token: "" }) + "\\n");
});
process.on("SIGTERM", () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

const emulatorChild = (entry: string) => `
import { createEmulator } from ${JSON.stringify(entry)};
const qbo = await createEmulator({ seed: "empty", limits: "relaxed" });
const res = await fetch(qbo.url + "/__emulator/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ realmId: qbo.realmId }) });
const { access_token } = await res.json();
process.stdout.write(JSON.stringify({ url: qbo.url, realmId: qbo.realmId, token: access_token }) + "\\n");
process.on("SIGTERM", () => qbo.close().then(() => process.exit(0)));
`;

async function startProcess(script: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: new URL("..", import.meta.url).pathname,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<{ url: string; realmId: string; token: string }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0] ?? "{}"));
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { ...info, pid: child.pid ?? 0, stop: () => child.kill("SIGTERM") };
}

/** CPU seconds a process has used (Linux /proc, 100 ticks per second); undefined elsewhere. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Runs a load and also reports the emulator process's CPU time per request. */
async function measured(pid: number, total: number, send: (i: number) => Promise<Reply>) {
  const cpuBefore = cpuSeconds(pid);
  const rate = await drive(total, send);
  const cpuAfter = cpuSeconds(pid);
  const cpuUs =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) / total) * 1e6;
  return { rate, cpuUs };
}

function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

function heapAfter(build: () => unknown): { bytes: number; keep: unknown } {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const keep = build();
  collectGarbage();
  return { bytes: process.memoryUsage().heapUsed - before, keep };
}

function fillCompany(n: number, withInvoices: boolean) {
  const state = new EmulatorState();
  const company = state.createCompany({ seed: "empty" });
  const customer = specByName("Customer");
  const invoice = specByName("Invoice");
  if (!customer || !invoice) throw new Error("missing specs");
  const ctx = state.context(company);
  for (let i = 0; i < n; i++) {
    const c = save(ctx, customer, {
      DisplayName: `Customer ${i}`,
      CompanyName: `Customer ${i} Manufacturing LLC`,
      PrimaryEmailAddr: { Address: `ap${i}@example.com` },
      BillAddr: {
        Line1: `${i} Main Street`,
        City: "Columbus",
        CountrySubDivisionCode: "OH",
        PostalCode: "43215",
      },
    });
    if (withInvoices) {
      save(ctx, invoice, {
        CustomerRef: { value: c.Id },
        Line: [
          { DetailType: "SalesItemLineDetail", Amount: 10, SalesItemLineDetail: { Qty: 2, UnitPrice: 5 } },
          { DetailType: "SalesItemLineDetail", Amount: 7.5, SalesItemLineDetail: { Qty: 1, UnitPrice: 7.5 } },
        ],
      });
    }
    ctx.changes.length = 0;
  }
  return state;
}

interface Contender {
  label: string;
  pid: number;
  read: () => Promise<Reply>;
  /** A query a find-or-create path sends: one customer by DisplayName. */
  query: () => Promise<Reply>;
  create: (i: number) => Promise<Reply>;
  stop: () => void;
}

type Result = { rate: number; cpuUs: number | undefined };

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function startEmulator(label: string, entry: string): Promise<Contender> {
  const emu = await startProcess(emulatorChild(entry));
  const headers = { authorization: `Bearer ${emu.token}`, accept: "application/json" };
  const api = `${emu.url}/v3/company/${emu.realmId}`;
  const created = await fetch(`${api}/customer`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({
      DisplayName: "Bench Reader",
      PrimaryEmailAddr: { Address: "reader@example.com" },
      BillAddr: { Line1: "1 Main Street", City: "Columbus", CountrySubDivisionCode: "OH" },
    }),
  });
  const id = ((await created.json()) as { Customer: { Id: string } }).Customer.Id;
  const findByName = encodeURIComponent("select * from Customer where DisplayName = 'Bench Reader'");
  const json = { ...headers, "content-type": "application/json" };
  let n = 0;
  return {
    label,
    pid: emu.pid,
    stop: emu.stop,
    read: () => http("GET", `${api}/customer/${id}?minorversion=75`, headers),
    query: () => http("GET", `${api}/query?query=${findByName}&minorversion=75`, headers),
    create: () =>
      http(
        "POST",
        `${api}/customer?minorversion=75`,
        json,
        JSON.stringify({
          DisplayName: `Bench Customer ${++n}`,
          PrimaryEmailAddr: { Address: `b${n}@example.com` },
        }),
      ),
  };
}

async function main() {
  console.log(
    `QuickBooks emulator benchmark — ${availableParallelism()} cores, ${IN_FLIGHT} requests in flight`,
  );
  const ROUNDS = 7;
  const READS = 3000;
  const CREATES = 800;
  const QUERIES = 1500;

  const bare = await startProcess(BASELINE_CHILD);
  const contenders: Contender[] = [
    {
      label: "baseline (bare node:http, fixed JSON)",
      pid: bare.pid,
      stop: bare.stop,
      read: () => http("GET", `${bare.url}/`),
      query: () => http("GET", `${bare.url}/`),
      create: () => http("POST", `${bare.url}/`, { "content-type": "application/json" }, "{}"),
    },
  ];
  try {
    contenders.push(await startEmulator("emulator", "./src/emulator/index.ts"));
    const compare = process.env.EMULATOR_BENCH_COMPARE;
    if (compare) contenders.push(await startEmulator(`compare (${compare})`, compare));
    for (const c of contenders) await drive(2000, c.read); // warm up
    const reads = new Map<string, Result[]>(contenders.map((c) => [c.label, []]));
    const queries = new Map<string, Result[]>(contenders.map((c) => [c.label, []]));
    const creates = new Map<string, Result[]>(contenders.map((c) => [c.label, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order, so no server always runs right after the same neighbour.
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const c of order) reads.get(c.label)?.push(await measured(c.pid, READS, c.read));
      for (const c of order) queries.get(c.label)?.push(await measured(c.pid, QUERIES, c.query));
      for (const c of order) creates.get(c.label)?.push(await measured(c.pid, CREATES, c.create));
    }
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    const base = contenders[0]?.label ?? "";
    const report = (what: string, results: Map<string, Result[]>, target?: number) => {
      const baseRuns = results.get(base) ?? [];
      const goal = target === undefined ? "" : `; target ≥ ${fmt(target)}/s`;
      console.log(`${what} (median of ${ROUNDS} rounds${goal})`);
      for (const c of contenders) {
        const runs = results.get(c.label) ?? [];
        const rate = median(runs.map((r) => r.rate));
        const ratio = median(runs.map((r, i) => r.rate / (baseRuns[i]?.rate ?? Number.NaN)));
        const cpus = runs.map((r) => r.cpuUs).filter((x): x is number => x !== undefined);
        const cpuRatio = median(
          runs.map((r, i) => (r.cpuUs ?? Number.NaN) / (baseRuns[i]?.cpuUs ?? Number.NaN)),
        );
        const cpu = cpus.length
          ? `; server CPU ${Math.round(median(cpus))} µs/request (${cpuRatio.toFixed(2)}× baseline's)`
          : "";
        const verdict = c.label === base || target === undefined ? "" : rate >= target ? "  met" : "  MISSED";
        console.log(`  ${c.label}: ${fmt(rate)} req/s, ${ratio.toFixed(2)}× baseline${cpu}${verdict}`);
      }
    };
    report("reads   GET /customer/{id}", reads, 2000);
    report("queries GET /query (DisplayName = …), up to 5,600 customers", queries);
    report("creates POST /customer", creates, 500);
  } finally {
    for (const c of contenders) c.stop();
    agent.destroy();
  }

  for (const [label, withInvoices] of [
    ["customer", false],
    ["customer + 2-line invoice", true],
  ] as const) {
    const small = heapAfter(() => fillCompany(2000, withInvoices));
    const large = heapAfter(() => fillCompany(8000, withInvoices));
    const perSmall = small.bytes / 2000;
    const perLarge = large.bytes / 8000;
    console.log(
      `memory per ${label}: ${Math.round(perSmall)} B at 2,000, ${Math.round(perLarge)} B at 8,000 ` +
        `(ratio ${(perLarge / perSmall).toFixed(2)}; 1.00 = linear)`,
    );
    void small.keep;
    void large.keep;
  }
}

await main();
