// The CLI as a user runs it: on the database directly when no server is running, through the running
// server's API when one holds the embedded database, and the worker and start processes themselves.
// Commands run in this process (test/helpers/cli.ts); only the server and the worker are real processes.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { ServerLock } from "#app/server-lock.ts";
import { changesSentence } from "#cli/commands/import.ts";
import { serverOperations } from "#cli/operations.ts";
import type { ImportProgress } from "#host/import.ts";
import { migrations } from "#store/migrations/index.ts";
import { runCli } from "./helpers/cli.ts";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin", "ledgerlink.js");
const dirs: string[] = [];
const children: ChildProcess[] = [];

process.env.LEDGERLINK_LOG_LEVEL = "warn";
delete process.env.DATABASE_URL;
delete process.env.LEDGERLINK_DATA_DIR;

after(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ll-cli-"));
  dirs.push(dir);
  return dir;
}

/** A real `ledgerlink` process, with its output collected and a way to wait for a line of it. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, LEDGERLINK_LOG_LEVEL: "warn", ...env },
  });
  children.push(child);
  let output = "";
  const waiters: (() => void)[] = [];
  const collect = (d: Buffer) => {
    output += d;
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    /** Resolves once the output matches, or fails (with the output) if the process exits first. */
    async waitFor(pattern: RegExp, count = 1): Promise<void> {
      const enough = () => (output.match(new RegExp(pattern, "g")) ?? []).length >= count;
      while (!enough()) {
        if (child.exitCode !== null)
          assert.fail(`exited with ${child.exitCode} before ${pattern}:\n${output}`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), exited]);
      }
    },
  };
}

const csv = [
  "Customer ID,Customer Name,Email",
  "CLI-1,First Customer,first@example.com",
  "CLI-2,,second@example.com",
  "CLI-3,Third Customer,",
].join("\n");

// One data folder for every part: creating an embedded database is the slowest step, so it is done once.
const data = tempDir();
const file = join(data, "customers.csv");
writeFileSync(file, csv);
let companyId = "";

describe("without a server: straight on the embedded database", () => {
  test("read-only commands in a folder without data say so and create nothing", async () => {
    const empty = tempDir();
    const missing = join(empty, "data");
    const csv = join(empty, "customers.csv");
    writeFileSync(csv, "Customer ID,Customer Name\nC-1,Acme\n");
    for (const args of [
      ["status"],
      ["company", "list"],
      ["key", "list", "--company", "x"],
      ["import", "customers", csv, "--dry-run"],
    ]) {
      const r = await runCli([...args, "--data", missing]);
      assert.equal(r.code, 1, args.join(" "));
      assert.equal(
        r.stderr,
        `There is no Ledgerlink data folder at ${missing}: nothing to read. Run the command where the data is, or name its folder with --data (or LEDGERLINK_DATA_DIR).\n`,
      );
      assert.equal(existsSync(missing), false, `${args.join(" ")} created ${missing}`);
    }
    // A folder that exists but holds no database is left as it is, too.
    const other = join(empty, "other");
    mkdirSync(other);
    const r = await runCli(["status", "--data", other]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /other holds no Ledgerlink database: nothing to read\./);
    assert.deepEqual(readdirSync(other), []);
  });

  test("migrate, company create, import with dry run and report, status", async () => {
    const migrated = await runCli(["migrate", "--data", data]);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /applied 1 foundation\napplied 2 change feed/);
    assert.match(migrated.stdout, new RegExp(`is at schema version ${migrations.length}\\b`));

    const company = await runCli(["company", "create", "Acme Tools", "--json", "--data", data]);
    assert.equal(company.code, 0, company.stderr);
    companyId = (JSON.parse(company.stdout) as { id: string }).id;

    const dry = await runCli(["import", "customers", file, "--dry-run", "--data", data]);
    assert.equal(dry.code, 2, "some rows were rejected");
    assert.match(dry.stdout, /^Read 3 rows: 2 valid, 1 rejected\.\nWould create 2 customers\.\n/);
    assert.match(dry.stdout, /line 3, Customer Name: /);
    assert.match(dry.stdout, /Dry run: nothing was written/);

    const real = await runCli([
      "import",
      "customers",
      file,
      "--company",
      companyId,
      "--json",
      "--data",
      data,
    ]);
    assert.equal(real.code, 2, real.stderr);
    assert.equal((JSON.parse(real.stdout) as { created: number }).created, 2);

    // A large file on a terminal shows a progress bar; the report is the same.
    const big = join(data, "many-customers.csv");
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `BIG-${i},Customer number ${i} of a large file,c${i}@example.com`,
    );
    writeFileSync(big, ["Customer ID,Customer Name,Email", ...rows].join("\n"));
    const bar = await runCli(["import", "customers", big, "--dry-run", "--data", data], { terminal: true });
    assert.equal(bar.code, 0, bar.stderr);
    assert.match(bar.stderr, /customers \|.*\| 100% \| 6000 rows \| 0 errors/);
    assert.match(bar.stdout, /^Read 6,000 rows, all valid\.\nWould create 6,000 customers\.\n/);

    const status = await runCli(["status", "--json", "--data", data]);
    assert.equal(status.code, 0, status.stderr);
    const body = JSON.parse(status.stdout) as {
      via: string;
      companies: { collections: { name: string; count: number }[] }[];
      jobs: unknown[];
    };
    assert.equal(body.via, "database");
    assert.equal(body.companies[0]?.collections.find((c) => c.name === "customers")?.count, 2);
    assert.deepEqual(body.jobs, [], "no worker has run the import's jobs yet");
  });

  test("mistakes get a message that says what happened and what to do", async () => {
    const wrongCompany = await runCli(["key", "create", "--company", "no-such-company", "--data", data]);
    assert.equal(wrongCompany.code, 1);
    assert.match(wrongCompany.stderr, /No company with id no-such-company/);
    assert.match(wrongCompany.stderr, /ledgerlink company list/);

    const missing = await runCli(["import", "customers", join(data, "nope.csv"), "--data", data]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no file .*nope\.csv\. Give the path of a CSV file/);

    const collection = await runCli(["import", "widgets", file, "--company", companyId, "--data", data]);
    assert.equal(collection.code, 1);
    assert.match(collection.stderr, /customers, vendors, items, accounts, terms/);

    const port = await runCli(["start", "--port", "70000", "--data", data]);
    assert.equal(port.code, 1);
    assert.match(port.stderr, /--port|PORT/);
    assert.doesNotMatch(port.stderr, /\n\s+at /, "no stack trace");

    const level = await runCli(["status", "--log-level", "loud", "--data", data]);
    assert.equal(level.code, 1);
    assert.match(level.stderr, /--log-level\): must be one of .* \(got "loud"\)/);

    const unknownKey = await runCli([
      "key",
      "revoke",
      "00000000-0000-4000-8000-000000000000",
      "--data",
      data,
    ]);
    assert.equal(unknownKey.code, 1);
    assert.match(unknownKey.stderr, /ledgerlink key list --company/);
  });

  test("user unlock without a running server says there is no lockout to clear", async () => {
    const unlock = await runCli(["user", "unlock", "admin", "--data", data]);
    assert.equal(unlock.code, 0, unlock.stderr);
    assert.match(
      unlock.stdout,
      /^No Ledgerlink server is running on .*: sign-in lockouts live in a running server/,
    );
  });

  test("company names are unique, and a company can be renamed", async () => {
    const twin = await runCli(["company", "create", "acme tools", "--data", data]);
    assert.equal(twin.code, 1, "a second company of the same name is refused");
    assert.match(twin.stderr, /A company named "Acme Tools" already exists .*\(company_name_taken\)/);
    const other = await runCli(["company", "create", "Other Works", "--json", "--data", data]);
    const otherId = (JSON.parse(other.stdout) as { id: string }).id;
    const clash = await runCli(["company", "rename", otherId, "Acme Tools", "--data", data]);
    assert.equal(clash.code, 1);
    const renamed = await runCli(["company", "rename", otherId, "Other Works Inc", "--data", data]);
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.equal(renamed.stdout, `Renamed company ${otherId} to "Other Works Inc"\n`);
  });
});

test("npx ledgerlink --help lists the commands", async () => {
  const help = spawnCli(["--help"]);
  assert.equal(await help.exited, 0, help.output());
  for (const command of ["start", "worker", "migrate", "demo", "company", "key", "user", "import", "status"])
    assert.match(help.output(), new RegExp(`\\n  ${command}\\b`), command);
});

describe("the worker process", () => {
  test("runs the waiting jobs, holds the database meanwhile, and stops cleanly on SIGTERM", async () => {
    const worker = spawnCli(["worker", "--data", data], { LEDGERLINK_LOG_LEVEL: "debug" });
    await worker.waitFor(/"msg":"job handled"/, 2);

    const busy = await runCli(["status", "--data", data]);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, new RegExp(`open in another Ledgerlink process \\(pid ${worker.child.pid}\\)`));
    assert.match(busy.stderr, /Stop that process/);

    worker.child.kill("SIGTERM");
    assert.equal(await worker.exited, 0, worker.output());
    const status = await runCli(["status", "--json", "--data", data]);
    assert.equal(status.code, 0, status.stderr);
    const jobs = (JSON.parse(status.stdout) as { jobs: { type: string; outcome: string; summary: string }[] })
      .jobs;
    // The import's two jobs are one entry, as in the web app's job history.
    assert.deepEqual(jobs.map((j) => [j.type, j.outcome, j.summary]).sort(), [
      ["record.changed", "succeeded", "Import of 2 customers"],
    ]);
    const text = await runCli(["status", "--data", data]);
    assert.match(text.stdout, /Import of 2 customers \(2 succeeded\)/);
  });
});

describe("the import report", () => {
  const report = (created: number, updated: number, unchanged: number, dryRun = false) =>
    changesSentence({ collection: "customers", dryRun, created, updated, unchanged });

  test("says what happened in plain words, leaving out what did not", () => {
    assert.equal(report(0, 1, 0), "Updated 1 customer.");
    assert.equal(report(2, 0, 0), "Created 2 customers.");
    assert.equal(report(1, 1, 0), "Created 1 customer and updated 1.");
    assert.equal(report(1200, 48, 3), "Created 1,200 customers, updated 48 and left 3 unchanged.");
    assert.equal(report(0, 0, 5), "Left 5 customers unchanged.");
    assert.equal(report(0, 0, 0), "Nothing was imported.");
    assert.equal(
      changesSentence({ collection: "terms", dryRun: false, created: 1, updated: 0, unchanged: 0 }),
      "Created 1 payment term.",
    );
  });

  test("a dry run says what would happen", () => {
    assert.equal(report(1200, 48, 0, true), "Would create 1,200 customers and update 48.");
    assert.equal(report(0, 0, 2, true), "Would leave 2 customers unchanged.");
    assert.equal(report(0, 0, 0, true), "Nothing would change.");
  });
});

describe("with a server holding the embedded database", () => {
  const blockers: Server[] = [];
  after(() => {
    for (const b of blockers) b.close();
  });

  test("commands go through its API; a second start, a worker and a busy port are refused", async () => {
    const server = spawnCli(["start", "--port", "0", "--data", data], {
      LEDGERLINK_ADMIN_PASSWORD: "cli-test-password",
    });
    const lockFile = join(data, "server.json");
    await server.waitFor(/Ledgerlink is running at/);
    assert.ok(existsSync(lockFile), "server.json is written before the address is printed");
    const lock = JSON.parse(readFileSync(lockFile, "utf8")) as { url: string; token: string; pid: number };
    assert.equal(lock.pid, server.child.pid);

    const second = await runCli(["start", "--port", "0", "--data", data]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`already running on .* at ${lock.url} \\(pid ${lock.pid}\\)`));
    assert.match(second.stderr, /Stop it first, or give this one another folder with --data/);
    const worker = await runCli(["worker", "--data", data]);
    assert.equal(worker.code, 1);
    assert.match(worker.stderr, /already runs the workers .* set DATABASE_URL/);
    const migrated = await runCli(["migrate", "--data", data]);
    assert.equal(migrated.code, 1);
    assert.match(
      migrated.stderr,
      new RegExp(`server at ${lock.url} \\(pid ${lock.pid}\\) .* applied the migrations`),
    );

    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const busyPort = (blocker.address() as { port: number }).port;
    const portTaken = await runCli(["start", "--port", String(busyPort), "--data", tempDir()]);
    assert.equal(portTaken.code, 1);
    assert.match(
      portTaken.stderr,
      new RegExp(`Port ${busyPort} is already in use .* choose another with --port`),
    );

    const company = await runCli(["company", "create", "Through The Server", "--json", "--data", data]);
    assert.equal(company.code, 0, company.stderr);
    const { id } = JSON.parse(company.stdout) as { id: string };
    // A lockout lives in the server's memory: unlock reaches it through the API.
    for (let i = 0; i < 10; i++) {
      await fetch(`${lock.url}/api/admin/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "not the password" }),
      });
    }
    const unlocked = await runCli(["user", "unlock", "admin", "--data", data]);
    assert.equal(unlocked.code, 0, unlocked.stderr);
    assert.equal(unlocked.stdout, "Unlocked admin: it can sign in again now, from every address.\n");
    const again = await runCli(["user", "unlock", "admin", "--data", data]);
    assert.equal(again.stdout, "admin was not locked out.\n");
    const nobody = await runCli(["user", "unlock", "nobody", "--data", data]);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /No user named "nobody"/);
    const renamed = await runCli(["company", "rename", id, "Through The Server Ltd", "--data", data]);
    assert.equal(renamed.code, 0, renamed.stderr);
    const listed = (await (
      await fetch(`${lock.url}/api/admin/companies`, { headers: { authorization: `Bearer ${lock.token}` } })
    ).json()) as { items: { id: string; name: string }[] };
    assert.ok(
      listed.items.some((c) => c.id === id && c.name === "Through The Server Ltd"),
      "the running server sees the company, and its new name, at once",
    );

    const key = await runCli(["key", "create", "--company", id, "--json", "--data", data]);
    assert.equal(key.code, 0, key.stderr);
    const created = JSON.parse(key.stdout) as { id: string; key: string };
    assert.match(created.key, /^llk_/);
    const asHost = await fetch(`${lock.url}/api/v1/customers`, {
      headers: { authorization: `Bearer ${created.key}` },
    });
    assert.equal(asHost.status, 200, "the new key works on the server at once");
    const revoked = await runCli(["key", "revoke", created.id, "--data", data]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const afterRevoke = await fetch(`${lock.url}/api/v1/customers`, {
      headers: { authorization: `Bearer ${created.key}` },
    });
    assert.equal(afterRevoke.status, 401);

    const wrongCompany = await runCli(["import", "customers", file, "--company", "nope", "--data", data]);
    assert.equal(wrongCompany.code, 1);
    assert.match(wrongCompany.stderr, /No company with id nope.*\n.*ledgerlink company list/);

    const imported = await runCli(["import", "customers", file, "--company", id, "--json", "--data", data]);
    assert.equal(imported.code, 2, imported.stderr);
    assert.equal(
      (JSON.parse(imported.stdout) as { created: number }).created,
      2,
      "new records in this company",
    );
    // A large import through the server shows its rows and errors as they are read, not at the end.
    const big = join(tempDir(), "many.csv");
    const manyRows = Array.from(
      { length: 6000 },
      (_, i) => `MANY-${i},Customer ${i} of a large file,m${i}@example.com`,
    );
    writeFileSync(big, ["Customer ID,Customer Name,Email", ...manyRows, "MANY-X,,bad-email"].join("\n"));
    const seen: ImportProgress[] = [];
    const streamed = await serverOperations(
      JSON.parse(readFileSync(lockFile, "utf8")) as ServerLock,
    ).importCsv({
      companyId: id,
      collection: "customers",
      file: big,
      dryRun: true,
      onProgress: (p) => seen.push(p),
    });
    assert.ok(streamed.ok);
    assert.equal(streamed.value.rows, 6001);
    assert.ok(seen.length >= 3, `${seen.length} progress reports`);
    const rowCounts = seen.map((p) => p.rows);
    assert.deepEqual(
      rowCounts,
      [...rowCounts].sort((a, b) => a - b),
      "rows only grow",
    );
    assert.ok(
      rowCounts.some((n) => n > 0 && n < 6001),
      "progress arrives while the rows are read",
    );
    assert.equal(seen.at(-1)?.errors, 2, "the bad row has two errors");
    const bar = await runCli(["import", "customers", big, "--company", id, "--dry-run", "--data", data], {
      terminal: true,
    });
    assert.equal(bar.code, 2, bar.stderr);
    assert.match(bar.stderr, /customers \|.*\| 100% \| 6001 rows \| 2 errors/);
    // The bar only moves forward, with the rows read: never 100% at the upload, then back.
    const percents = [...bar.stderr.matchAll(/\| (\d+)% \|/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      percents.join(" "),
    );

    const viaApi = await fetch(`${lock.url}/api/admin/companies/${id}/records/customers/CLI-1`, {
      headers: { authorization: `Bearer ${lock.token}` },
    });
    assert.equal(viaApi.status, 200);

    const status = await runCli(["status", "--json", "--data", data]);
    assert.equal((JSON.parse(status.stdout) as { via: string }).via, "server");

    server.child.kill("SIGTERM");
    assert.equal(await server.exited, 0, server.output());
    assert.ok(!existsSync(lockFile), "server.json is removed on exit");
  });
});

describe("ledgerlink emulator", () => {
  test("--realm, --host, --company and --limits off shape the company it serves", async () => {
    const cli = spawnCli([
      "emulator",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--realm",
      "4620816365183827",
      "--seed",
      "empty",
      "--company",
      "uk",
      "--limits",
      "off",
    ]);
    await cli.waitFor(/QuickBooks emulator on (\S+) \(realm 4620816365183827, limits off\)/);
    const url = /QuickBooks emulator on (\S+) /.exec(cli.output())?.[1] ?? "";
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const companies = (await (await fetch(`${url}/__emulator/companies`)).json()) as {
      realmId: string;
      kind: string;
    }[];
    assert.deepEqual(
      companies.map((c) => [c.realmId, c.kind]),
      [["4620816365183827", "uk"]],
    );
    const limits = (await (await fetch(`${url}/__emulator/limits`)).json()) as { enabled: boolean };
    assert.equal(limits.enabled, false);
    cli.child.kill("SIGTERM");
    assert.equal(await cli.exited, 0);
  });

  test("a bad flag value is refused, naming the flag's choices", async () => {
    const cli = spawnCli(["emulator", "--company", "mars"]);
    assert.notEqual(await cli.exited, 0);
    assert.match(cli.output(), /the company kind is one of us-manual-tax, us-automated-tax, ca, uk, au/);
  });
});
