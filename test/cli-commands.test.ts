// The data commands of the CLI, run as a user runs them: on the database directly when no server is
// running, and through the running server's API when one holds the embedded database.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin", "ledgerlink.js");
const dirs: string[] = [];
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ll-cli-"));
  dirs.push(dir);
  return dir;
}

const env = (dataDir: string) => {
  const e: NodeJS.ProcessEnv = { ...process.env, LEDGERLINK_DATA_DIR: dataDir, LEDGERLINK_LOG_LEVEL: "warn" };
  delete e.DATABASE_URL;
  return e;
};

function run(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: env(dataDir) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const csv = [
  "Customer ID,Customer Name,Email",
  "CLI-1,First Customer,first@example.com",
  "CLI-2,,second@example.com",
  "CLI-3,Third Customer,",
].join("\n");

// One data folder for both parts: creating an embedded database is the slowest step, so it is done once.
const data = tempDir();

describe("without a server: straight on the embedded database", () => {
  test("migrate, company create, import with dry run and report, status", async () => {
    const migrated = await run(["migrate"], data);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /applied 1 foundation/);
    assert.match(migrated.stdout, /is at schema version \d+/);

    const company = await run(["company", "create", "Acme Tools", "--json"], data);
    assert.equal(company.code, 0, company.stderr);
    const { id } = JSON.parse(company.stdout) as { id: string };

    const file = join(data, "customers.csv");
    writeFileSync(file, csv);
    const dry = await run(["import", "customers", file, "--dry-run"], data);
    assert.equal(dry.code, 2, "some rows were rejected");
    assert.match(dry.stdout, /3 row\(s\) read: 2 valid, 1 rejected/);
    assert.match(dry.stdout, /line 3, Customer Name: /);
    assert.match(dry.stdout, /Dry run: nothing was written/);

    const real = await run(["import", "customers", file, "--company", id, "--json"], data);
    assert.equal(real.code, 2, real.stderr);
    assert.equal((JSON.parse(real.stdout) as { created: number }).created, 2);

    const status = await run(["status", "--json"], data);
    assert.equal(status.code, 0, status.stderr);
    const body = JSON.parse(status.stdout) as {
      via: string;
      companies: { collections: { name: string; count: number }[] }[];
    };
    assert.equal(body.via, "database");
    assert.equal(body.companies[0]?.collections.find((c) => c.name === "customers")?.count, 2);
  });
});

describe("with a server holding the embedded database", () => {
  test("company, key and import commands go through its API; server.json disappears when it stops", async () => {
    const server = spawn(process.execPath, [bin, "start", "--port", "0"], {
      cwd: root,
      env: { ...env(data), LEDGERLINK_ADMIN_PASSWORD: "cli-test-password" },
    });
    children.push(server);
    let output = "";
    server.stdout.on("data", (d) => {
      output += d;
    });
    server.stderr.on("data", (d) => {
      output += d;
    });
    const lockFile = join(data, "server.json");
    for (let i = 0; i < 600 && !existsSync(lockFile); i++) {
      if (server.exitCode !== null) assert.fail(`server exited: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(existsSync(lockFile), `server.json appears (${output})`);
    const lock = JSON.parse(readFileSync(lockFile, "utf8")) as { url: string; token: string; pid: number };
    assert.equal(lock.pid, server.pid);

    const company = await run(["company", "create", "Through The Server", "--json"], data);
    assert.equal(company.code, 0, company.stderr);
    const { id } = JSON.parse(company.stdout) as { id: string };
    const listed = (await (
      await fetch(`${lock.url}/api/admin/companies`, { headers: { authorization: `Bearer ${lock.token}` } })
    ).json()) as { items: { id: string }[] };
    assert.ok(
      listed.items.some((c) => c.id === id),
      "the running server sees the company at once",
    );

    const key = await run(["key", "create", "--company", id, "--json"], data);
    assert.equal(key.code, 0, key.stderr);
    const created = JSON.parse(key.stdout) as { id: string; key: string };
    assert.match(created.key, /^llk_/);
    const asHost = await fetch(`${lock.url}/api/v1/customers`, {
      headers: { authorization: `Bearer ${created.key}` },
    });
    assert.equal(asHost.status, 200, "the new key works on the server at once");
    const revoked = await run(["key", "revoke", created.id], data);
    assert.equal(revoked.code, 0, revoked.stderr);
    const afterRevoke = await fetch(`${lock.url}/api/v1/customers`, {
      headers: { authorization: `Bearer ${created.key}` },
    });
    assert.equal(afterRevoke.status, 401);

    const file = join(data, "customers.csv");
    writeFileSync(file, csv);
    const imported = await run(["import", "customers", file, "--company", id, "--json"], data);
    assert.equal(imported.code, 2, imported.stderr);
    assert.equal(
      (JSON.parse(imported.stdout) as { created: number }).created,
      2,
      "new records in this company",
    );
    const viaApi = await fetch(`${lock.url}/api/admin/companies/${id}/records/customers/CLI-1`, {
      headers: { authorization: `Bearer ${lock.token}` },
    });
    assert.equal(viaApi.status, 200);

    const status = await run(["status", "--json"], data);
    assert.equal((JSON.parse(status.stdout) as { via: string }).via, "server");

    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
    assert.ok(!existsSync(lockFile), "server.json is removed on exit");
  });
});
