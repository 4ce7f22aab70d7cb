// The chaos run: documents with their customers, vendors and items pushed to the QuickBooks emulator
// by `ledgerlink worker` processes on the PostgreSQL server while the emulator drops answers after
// committing, fails with 5xx and throttles, and a worker is killed (SIGKILL) at random and started
// again. Afterwards the emulator's books must equal the host's records exactly: each document once,
// with the right amounts and lines, nothing missing. Shared by the CI test (test/chaos.test.ts) and
// `npm run chaos` (test/chaos/cli.ts, full size).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createCompany } from "#admin/companies.ts";
import { createEmulator, type Emulator } from "#emulator/index.ts";
import { putRecord } from "#host/records.ts";
import type { Database } from "#store/database.ts";
import { migrate } from "#store/migrate.ts";
import { ACTIVE_PROVIDER, setSwitch, updatePushSettings } from "#sync/settings.ts";
import { connectToEmulator, emulatorControl as control } from "../helpers/emulator.ts";
import { createTarget } from "../reliability/harness.ts";

const root = new URL("../../", import.meta.url).pathname;

export interface ChaosOptions {
  /** Invoices and bills together. */
  documents: number;
  workers: number;
  /** A worker is killed and started again this often. */
  killEveryMs: number;
  faults: { dropResponseAfterCommit: number; serverError: number; throttle: number };
  /** Give up waiting for the queue to empty after this long. */
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  lines: string[];
  problems: string[];
}

interface Expected {
  number: string;
  kind: "Invoice" | "Bill";
  total: number;
  lines: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const lines: string[] = [];
  const problems: string[] = [];
  const started = Date.now();
  const qbo = await createEmulator({ seed: "demo" });
  const target = await createTarget("server");
  const db = await target.open();
  await migrate(db);
  const secretKey = randomBytes(32);
  const workers: ChildProcess[] = [];
  let kills = 0;
  try {
    const companyId = await connectCompany(db, qbo, secretKey);
    const expected = await loadHost(db, companyId, options.documents);
    lines.push(
      `host: ${options.documents} documents (${expected.filter((e) => e.kind === "Invoice").length} invoices, ${expected.filter((e) => e.kind === "Bill").length} bills)`,
    );
    await control(qbo, "DELETE", "/usage");
    await control(qbo, "POST", "/faults", options.faults);

    const start = () => {
      const child = spawn(process.execPath, ["bin/ledgerlink.js", "worker", "--concurrency", "4"], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: target.databaseUrl,
          LEDGERLINK_SECRET_KEY: secretKey.toString("base64"),
          LEDGERLINK_JOB_LEASE_MS: "4000",
          LOG_LEVEL: "error",
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      return child;
    };
    for (let i = 0; i < options.workers; i++) workers.push(start());
    const killer = setInterval(() => {
      const i = Math.floor(Math.random() * workers.length);
      workers[i]?.kill("SIGKILL");
      workers[i] = start();
      kills++;
      log(`killed worker ${i} (${kills} so far)`);
    }, options.killEveryMs);
    try {
      await waitForQueue(db, options.timeoutMs, log);
    } finally {
      clearInterval(killer);
    }
    for (const w of workers) w.kill("SIGTERM");
    await control(qbo, "DELETE", "/faults");
    lines.push(
      `workers: ${options.workers}, killed with SIGKILL ${kills} times; faults ${JSON.stringify(options.faults)}`,
    );

    const usage = (await control(qbo, "GET", "/usage")) as Array<{
      realmId: string;
      requests: number;
      throttled: number;
      peakInFlight: number;
      peakPerMinute: number;
    }>;
    const mine = usage.find((u) => u.realmId === qbo.realmId);
    lines.push(
      `requests: ${mine?.requests ?? 0} (${mine?.throttled ?? 0} throttled), at most ${mine?.peakInFlight ?? 0} at once and ${mine?.peakPerMinute ?? 0} in a minute`,
    );
    if (mine && mine.peakInFlight > 10) problems.push(`${mine.peakInFlight} requests at once (limit 10)`);
    if (mine && mine.peakPerMinute > 500)
      problems.push(`${mine.peakPerMinute} requests in a minute (limit 500)`);

    const books = await readBooks(qbo);
    let once = 0;
    for (const e of expected) {
      const found = books.get(`${e.kind}:${e.number}`) ?? [];
      if (found.length === 0) problems.push(`${e.kind} ${e.number} is missing from the books`);
      else if (found.length > 1) problems.push(`${e.kind} ${e.number} is in the books ${found.length} times`);
      else {
        const doc = found[0] as { TotalAmt: number; lines: number };
        if (Math.round(doc.TotalAmt * 100) !== Math.round(e.total * 100)) {
          problems.push(`${e.kind} ${e.number} totals ${doc.TotalAmt}, the host says ${e.total}`);
        } else if (doc.lines !== e.lines) {
          problems.push(`${e.kind} ${e.number} has ${doc.lines} lines, the host ${e.lines}`);
        } else once++;
      }
    }
    const extra = [...books.entries()].filter(
      ([key]) => key.includes(":CH-") && !expected.some((e) => key === `${e.kind}:${e.number}`),
    );
    for (const [key] of extra) problems.push(`${key} is in the books but not in the host`);
    const names = await duplicateNames(qbo);
    for (const n of names) problems.push(`the name ${n} is in the books more than once`);
    const statuses = await db.kysely
      .selectFrom("records")
      .select(["sync_status"])
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("company_id", "=", companyId)
      .groupBy("sync_status")
      .execute();
    lines.push(`host statuses: ${statuses.map((s) => `${s.sync_status} ${s.n}`).join(", ")}`);
    for (const s of statuses)
      if (s.sync_status !== "synced") problems.push(`${s.n} records are ${s.sync_status}`);
    lines.push(
      `books: ${once} of ${expected.length} documents exactly once with the host's amounts and lines; ${problems.length} problems; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return { lines, problems };
  } finally {
    for (const w of workers) w.kill("SIGKILL");
    await db.close();
    await target.cleanup();
    await qbo.close();
  }
}

async function connectCompany(db: Database, qbo: Emulator, secretKey: Buffer): Promise<string> {
  const company = await createCompany(db, { name: "Chaos Manufacturing" });
  if (!company.ok) throw new Error(company.error.message);
  const companyId = company.value.id;
  await connectToEmulator({ db, secretKey }, companyId, qbo);
  const accounts = (await query(qbo, "select * from Account")) as Array<{
    Id: string;
    AccountSubType: string;
  }>;
  const bySubType = (s: string) => accounts.find((a) => a.AccountSubType === s)?.Id;
  const k = db.kysely;
  for (const object of ["invoices", "bills"]) {
    const on = await setSwitch(k, companyId, ACTIVE_PROVIDER, object, true);
    if (!on.ok) throw new Error(on.error.message);
  }
  const settings = await updatePushSettings(k, companyId, ACTIVE_PROVIDER, {
    goLiveDate: "2026-01-01",
    defaultAccounts: {
      income: bySubType("SalesOfProductIncome"),
      expense: bySubType("SuppliesMaterialsCogs"),
    },
  });
  if (!settings.ok) throw new Error(settings.error.message);
  return companyId;
}

/** The host's records: a customer, vendor and item for every ten documents; invoices and bills half each. */
async function loadHost(db: Database, companyId: string, documents: number): Promise<Expected[]> {
  const put = async (collection: string, externalId: string, body: unknown) => {
    const r = await putRecord(db, { companyId, collection, externalId, body });
    if (!r.ok) throw new Error(`${collection}/${externalId}: ${r.error.message}`);
  };
  const names = Math.max(2, Math.ceil(documents / 10));
  await put("accounts", "6100", {
    number: "6100",
    name: "Chaos Shop Supplies",
    type: "expense",
    subType: "SuppliesMaterials",
  });
  for (let i = 0; i < names; i++) {
    await put("customers", `C-${i}`, { name: `Chaos Customer ${i}` });
    await put("vendors", `V-${i}`, { name: `Chaos Vendor ${i}` });
    await put("items", `P-${i}`, {
      name: `Chaos Part ${i}`,
      type: "service",
      unitPrice: `${10 + i}.00`,
      unitCost: `${4 + i}.00`,
    });
  }
  const expected: Expected[] = [];
  for (let d = 0; d < documents; d++) {
    const n = d % names;
    const lineCount = 1 + (d % 3);
    const qty = (l: number) => 1 + ((d + l) % 5);
    if (d % 2 === 0) {
      const lines = Array.from({ length: lineCount }, (_, l) => ({
        itemExternalId: `P-${(n + l) % names}`,
        quantity: String(qty(l)),
        unitPrice: `${10 + ((n + l) % names)}.00`,
      }));
      const total = lines.reduce((sum, l) => sum + Number(l.quantity) * Number(l.unitPrice), 0);
      await put("invoices", `INV-${d}`, {
        number: `CH-I${d}`,
        date: "2026-11-02",
        customerExternalId: `C-${n}`,
        lines,
      });
      expected.push({ number: `CH-I${d}`, kind: "Invoice", total, lines: lineCount });
    } else {
      const lines = Array.from({ length: lineCount }, (_, l) =>
        l === 0
          ? { accountExternalId: "6100", amount: `${qty(l)}.25`, description: "Shop supplies" }
          : {
              itemExternalId: `P-${(n + l) % names}`,
              quantity: String(qty(l)),
              unitCost: `${4 + ((n + l) % names)}.00`,
            },
      );
      const total = lines.reduce(
        (sum, l) => sum + ("amount" in l ? Number(l.amount) : Number(l.quantity) * Number(l.unitCost)),
        0,
      );
      await put("bills", `B-${d}`, {
        number: `CH-B${d}`,
        date: "2026-11-03",
        vendorExternalId: `V-${n}`,
        lines,
      });
      expected.push({ number: `CH-B${d}`, kind: "Bill", total, lines: lineCount });
    }
  }
  return expected;
}

async function waitForQueue(db: Database, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const rows = await db.kysely
      .selectFrom("jobs")
      .select(["state"])
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("state", "in", ["queued", "running"])
      .groupBy("state")
      .execute();
    const open = rows.reduce((sum, r) => sum + Number(r.n), 0);
    const line = rows.map((r) => `${r.state} ${r.n}`).join(", ");
    if (line !== last) {
      log(`queue: ${line || "empty"}`);
      last = line;
    }
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`the queue did not empty within ${timeoutMs} ms (${line})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function query(qbo: Emulator, statement: string): Promise<unknown[]> {
  const token = (
    (await control(qbo, "POST", "/tokens", { realmId: qbo.realmId })) as { access_token: string }
  ).access_token;
  const all: unknown[] = [];
  for (let start = 1; ; start += 1000) {
    const q = `${statement} startposition ${start} maxresults 1000`;
    const res = await fetch(`${qbo.url}/v3/company/${qbo.realmId}/query?query=${encodeURIComponent(q)}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    const body = (await res.json()) as { QueryResponse?: Record<string, unknown> };
    const rows = Object.values(body.QueryResponse ?? {}).find(Array.isArray) as unknown[] | undefined;
    all.push(...(rows ?? []));
    if (!rows || rows.length < 1000) return all;
  }
}

/** Every invoice and bill in the books by DocNumber, with its total and number of detail lines. */
async function readBooks(qbo: Emulator): Promise<Map<string, Array<{ TotalAmt: number; lines: number }>>> {
  const books = new Map<string, Array<{ TotalAmt: number; lines: number }>>();
  for (const kind of ["Invoice", "Bill"]) {
    const docs = (await query(qbo, `select * from ${kind}`)) as Array<{
      DocNumber: string;
      TotalAmt: number;
      Line: Array<{ DetailType: string }>;
    }>;
    for (const d of docs) {
      const key = `${kind}:${d.DocNumber}`;
      const list = books.get(key) ?? [];
      list.push({
        TotalAmt: d.TotalAmt,
        lines: d.Line.filter((l) => l.DetailType !== "SubTotalLineDetail").length,
      });
      books.set(key, list);
    }
  }
  return books;
}

async function duplicateNames(qbo: Emulator): Promise<string[]> {
  const seen = new Map<string, number>();
  for (const [entity, field] of [
    ["Customer", "DisplayName"],
    ["Vendor", "DisplayName"],
    ["Item", "Name"],
  ] as const) {
    for (const row of (await query(qbo, `select * from ${entity}`)) as Array<Record<string, string>>) {
      const name = String(row[field]);
      if (!name.startsWith("Chaos ")) continue;
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([name]) => name);
}
