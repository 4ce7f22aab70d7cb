// Runs `ledgerlink` commands inside the test process: the same commander program and command modules
// as bin/ledgerlink.js, with stdout and stderr captured. Far cheaper than a process per command (no
// node start, no TypeScript loading); suites that need a real process (a server, a worker) spawn one.
import { readdirSync } from "node:fs";
import { Command } from "commander";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const commandsDir = new URL("../../src/cli/commands/", import.meta.url);

async function program(): Promise<Command> {
  const p = new Command("ledgerlink").exitOverride();
  p.configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  const names = readdirSync(commandsDir)
    .filter((n) => /\.tsx?$/.test(n) && !n.includes(".test."))
    .sort();
  for (const name of names) {
    const mod = (await import(new URL(name, commandsDir).href)) as { register?: (c: Command) => void };
    mod.register?.(p);
  }
  return p;
}

let running = false;

/** One command line, e.g. runCli(["company", "create", "Acme", "--data", dir]). Not reentrant. */
export async function runCli(args: string[]): Promise<CliResult> {
  if (running) throw new Error("runCli is already running a command");
  running = true;
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const previousCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let code = 0;
  try {
    await (await program()).parseAsync(["node", "ledgerlink", ...args]);
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // commander's exitOverride: a usage error, already printed to the captured stderr.
    code = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = previousCode;
    running = false;
  }
  return { code, stdout: out.join(""), stderr: err.join("") };
}
