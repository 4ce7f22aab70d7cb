// QuickBooks emulator throughput and memory.
// - Simple reads (GET /customer/{id}) and creates (POST /customer) per second over HTTP, with limits
//   relaxed, the emulator in its own process and 16 requests in flight; the baseline is a bare
//   node:http server, also in its own process, answering a fixed JSON body to the same client in the
//   same run. The servers' own CPU time per request is printed too: on a shared machine it says more
//   about the emulator's cost than the rates, which the load generator and other jobs also bound.
// - Memory per stored object at two company sizes, measured in this process after a full GC; equal
//   per-object figures at both sizes mean memory grows linearly.
// Targets (issue 3): at least 2,000 reads/s and 500 creates/s on a 2-core machine.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { specByName } from "../src/emulator/entities/registry.ts";
import { save } from "../src/emulator/operations.ts";
import { EmulatorState } from "../src/emulator/state.ts";

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

const CHILD = `
import { createEmulator } from "./src/emulator/index.ts";
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

async function main() {
  console.log(
    `QuickBooks emulator benchmark — ${availableParallelism()} cores, ${IN_FLIGHT} requests in flight`,
  );
  const READS = 10000;
  const CREATES = 3000;

  const bare = await startProcess(BASELINE_CHILD);
  let base: { rate: number; cpuUs: number | undefined };
  try {
    await drive(3000, () => http("GET", `${bare.url}/`));
    base = await measured(bare.pid, READS, () => http("GET", `${bare.url}/`));
  } finally {
    bare.stop();
  }
  const emu = await startProcess(CHILD);
  try {
    const headers = { authorization: `Bearer ${emu.token}`, accept: "application/json" };
    const api = `${emu.url}/v3/company/${emu.realmId}`;
    const created = await fetch(`${api}/customer`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ DisplayName: "Bench Reader" }),
    });
    const id = ((await created.json()) as { Customer: { Id: string } }).Customer.Id;
    // Warm up both paths before measuring.
    await drive(3000, () => http("GET", `${api}/customer/${id}?minorversion=75`, headers));
    const reads = await measured(emu.pid, READS, () =>
      http("GET", `${api}/customer/${id}?minorversion=75`, headers),
    );
    const creates = await measured(emu.pid, CREATES, (i) =>
      http(
        "POST",
        `${api}/customer?minorversion=75`,
        { ...headers, "content-type": "application/json" },
        JSON.stringify({
          DisplayName: `Bench Customer ${i}`,
          PrimaryEmailAddr: { Address: `b${i}@example.com` },
        }),
      ),
    );
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    const baseCpu = base.cpuUs === undefined ? "" : `; server CPU ${Math.round(base.cpuUs)} µs/request`;
    console.log(`baseline (bare node:http, fixed JSON): ${fmt(base.rate)} req/s${baseCpu}`);
    const line = (label: string, r: { rate: number; cpuUs: number | undefined }, target: number) => {
      const cpu =
        r.cpuUs === undefined
          ? ""
          : `; emulator CPU ${Math.round(r.cpuUs)} µs/request = ${fmt(1e6 / r.cpuUs)} req/s per core`;
      console.log(
        `${label} ${fmt(r.rate)} req/s  (${(r.rate / base.rate).toFixed(2)}× baseline; target ≥ ${fmt(target)}: ${r.rate >= target ? "met" : "MISSED"}${cpu})`,
      );
    };
    line("reads   GET /customer/{id}:", reads, 2000);
    line("creates POST /customer:    ", creates, 500);
  } finally {
    emu.stop();
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
