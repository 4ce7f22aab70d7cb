// The `ledgerlink` command. Each sub-command lives in its own module under ./commands and exports
// `register(program)`, so a part of the product adds its commands without touching this file.
import { readdirSync } from "node:fs";
import { Command } from "commander";

export interface CommandModule {
  register(program: Command): void;
}

export async function buildProgram(): Promise<Command> {
  const program = new Command("ledgerlink")
    .description(
      "Ledgerlink: connects an operations system to QuickBooks Online and to X12 EDI trading partners",
    )
    .version("0.1.0")
    .showHelpAfterError();
  const dir = new URL("./commands/", import.meta.url);
  const names = readdirSync(dir)
    .filter((n) => /\.tsx?$/.test(n) && !n.includes(".test."))
    .sort();
  for (const name of names) {
    const mod = (await import(new URL(name, dir).href)) as Partial<CommandModule>;
    mod.register?.(program);
  }
  return program;
}

const program = await buildProgram();
await program.parseAsync(process.argv);
