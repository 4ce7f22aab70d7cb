// The reliability harness: a real `ledgerlink start` process on the embedded database or on the
// PostgreSQL server, driven over HTTP the way a host, an operator and an attacker would, then stopped
// (or killed) and its database opened directly to check what it holds. Shared by the reliability
// suite (test/reliability.test.ts, CI sizes) and `npm run soak` (test/reliability/soak.ts, full size).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, type DatabaseKind, openDatabase } from "#store/database.ts";
import { createServerSchema, TEST_SERVER_URL } from "../helpers/db.ts";

const root = new URL("../../", import.meta.url).pathname;
export const ADMIN_PASSWORD = "reliability harness password";

export interface LedgerlinkProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stderr (its logs at warn and above). */
  stderr(): string;
  /** Resident memory in bytes, from /proc (undefined where there is none). */
  rss(): number | undefined;
  /** SIGTERM, and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to clean up, as a crash or the OOM killer. */
  kill(): Promise<void>;
}

/** Where a Ledgerlink under test keeps its data: an embedded folder, or a fresh schema on the server. */
export interface Target {
  kind: DatabaseKind;
  dataDir: string;
  databaseUrl?: string | undefined;
  /** Opens the target's database in this process (only while no Ledgerlink process holds an embedded one). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export async function createTarget(kind: DatabaseKind): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), `ll-reliability-${kind}-`));
  if (kind === "embedded") {
    return {
      kind,
      dataDir,
      open: () => openDatabase({ dataDir }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = await createServerSchema();
  return {
    kind,
    dataDir,
    databaseUrl: schema.url,
    open: () => openDatabase({ url: TEST_SERVER_URL, schema: schema.schema, poolSize: 2 }),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      await schema.drop();
    },
  };
}

const secretKey = randomBytes(32).toString("base64");

/** Starts `ledgerlink start` on the target (port 0) and resolves once it serves. */
export async function startLedgerlink(
  target: Target,
  options: { env?: Record<string, string>; workers?: boolean } = {},
): Promise<LedgerlinkProcess> {
  const args = ["bin/ledgerlink.js", "start", "--port", "0", "--data", target.dataDir];
  if (options.workers === false) args.push("--no-workers");
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      LEDGERLINK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LEDGERLINK_SECRET_KEY: secretKey,
      LOG_LEVEL: "warn",
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /Ledgerlink is running at (\S+)/.exec(stdout);
      if (match?.[1]) {
        child.stdout?.off("data", check);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    exited.then((code) => reject(new Error(`ledgerlink start exited (${code}) before serving:\n${stderr}`)));
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    child,
    stderr: () => stderr,
    rss() {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        return kb ? Number(kb) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export interface Tenant {
  companyId: string;
  key: string;
}

/** Signs in as admin and creates a company with an API key. */
export async function createTenant(url: string, name: string): Promise<Tenant> {
  const session = await signIn(url, ADMIN_PASSWORD);
  if (!session) throw new Error("the admin could not sign in");
  const headers = {
    cookie: session.cookie,
    "x-csrf-token": session.csrfToken,
    "content-type": "application/json",
  };
  const company = await fetch(`${url}/api/admin/companies`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name }),
  });
  if (company.status !== 201) throw new Error(`creating a company answered ${company.status}`);
  const { id } = (await company.json()) as { id: string };
  const key = await fetch(`${url}/api/admin/companies/${id}/keys`, { method: "POST", headers, body: "{}" });
  if (key.status !== 201) throw new Error(`creating a key answered ${key.status}: ${await key.text()}`);
  return { companyId: id, key: ((await key.json()) as { key: string }).key };
}

/** The session cookie and CSRF token, or undefined when the sign-in is refused. */
export async function signIn(
  url: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string } | undefined> {
  const response = await fetch(`${url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  if (response.status !== 200) return undefined;
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { cookie, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

export function api(
  url: string,
  tenant: Tenant,
  path: string,
  init: { method?: string; json?: unknown; signal?: AbortSignal } = {},
) {
  return fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    ...(init.signal ? { signal: init.signal } : {}),
    headers: {
      authorization: `Bearer ${tenant.key}`,
      ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

/** Latencies in milliseconds, summarised. */
export function summarise(samples: number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function formatBytes(bytes: number | undefined): string {
  return bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
