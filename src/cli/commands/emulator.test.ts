import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";

// Runs the command module on its own (not through main.ts), as `ledgerlink emulator` would.
const script = `
import { Command } from "commander";
import { register } from "./src/cli/commands/emulator.ts";
const program = new Command("ledgerlink");
register(program);
await program.parseAsync(["node", "ledgerlink", "emulator", "--port", "0", "--seed", "empty"]);
`;

test("ledgerlink emulator prints its URL and realm, serves, and stops on SIGINT", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: new URL("../../../", import.meta.url).pathname,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
      child.on("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
    const m = /^QuickBooks emulator on (http:\/\/127\.0\.0\.1:\d+) \(realm (\d+)\)$/.exec(line);
    assert.ok(m, line);
    const res = await fetch(`${m[1]}/__emulator/companies`);
    assert.equal(res.status, 200);
    const companies = (await res.json()) as { realmId: string }[];
    assert.equal(companies[0]?.realmId, m[2]);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
