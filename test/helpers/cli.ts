// Runs `ledgerlink` commands inside the test process: the same commander program and command modules
// as bin/ledgerlink.js, with what they print collected (src/cli/cli.ts `terminal`). Far cheaper than a
// process per command (no node start, no TypeScript loading); suites that need a real process (a
// server, a worker) spawn one.
import { readdirSync } from "node:fs";
import { Writable } from "node:stream";
import { Command } from "commander";
import { terminal } from "#cli/cli.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const commandsDir = new URL("../../src/cli/commands/", import.meta.url);

async function program(): Promise<Command> {
  const p = new Command("ledgerlink").exitOverride();
  p.configureOutput({ writeOut: (s) => terminal.stdout.write(s), writeErr: (s) => terminal.stderr.write(s) });
  const names = readdirSync(commandsDir)
    .filter((n) => /\.tsx?$/.test(n) && !n.includes(".test."))
    .sort();
  for (const name of names) {
    const mod = (await import(new URL(name, commandsDir).href)) as { register?: (c: Command) => void };
    mod.register?.(p);
  }
  return p;
}

function collector(into: string[], isTTY: boolean): Writable & { isTTY?: boolean } {
  const stream: Writable & { isTTY?: boolean } = new Writable({
    write(chunk, _encoding, done) {
      into.push(String(chunk));
      done();
    },
  });
  if (isTTY) stream.isTTY = true;
  return stream;
}

let running = false;

/**
 * One command line, e.g. runCli(["company", "create", "Acme", "--data", dir]). Not reentrant.
 * `terminal: true` makes stderr look like a terminal, as when a person runs the command.
 */
export async function runCli(args: string[], options: { terminal?: boolean } = {}): Promise<CliResult> {
  if (running) throw new Error("runCli is already running a command");
  running = true;
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...terminal };
  const previousCode = process.exitCode;
  process.exitCode = undefined;
  terminal.stdout = collector(out, false);
  terminal.stderr = collector(err, options.terminal === true);
  let code = 0;
  try {
    await (await program()).parseAsync(["node", "ledgerlink", ...args]);
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // commander's exitOverride: a usage error, already printed to the collected stderr.
    code = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    Object.assign(terminal, saved);
    process.exitCode = previousCode;
    running = false;
  }
  return { code, stdout: out.join(""), stderr: err.join("") };
}
