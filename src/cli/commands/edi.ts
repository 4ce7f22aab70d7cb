// `ledgerlink edi …`: tools for onboarding a trading partner — check what a partner sends, and see the
// acknowledgments Ledgerlink would send back.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { type CheckedFile, checkFile, formatCheck, hasErrors } from "#x12/check.ts";
import { parseX12 } from "#x12/reader.ts";
import { acknowledge, transactionSetCheck } from "#x12/sets/index.ts";
import { writeX12 } from "#x12/writer.ts";
import { registerEdiData } from "./edi-data.ts";

interface Output {
  write(text: string): unknown;
}

/** Checks the files and prints the report; returns the exit status (1 when any file has an error). */
export async function runCheck(
  files: readonly string[],
  options: { json?: boolean },
  out: Output,
): Promise<number> {
  const checked: CheckedFile[] = [];
  for (const file of files) checked.push(await checkFile(file, { setChecks: [transactionSetCheck] }));
  out.write(options.json ? `${JSON.stringify({ files: checked }, null, 2)}\n` : formatCheck(checked));
  return hasErrors(checked) ? 1 : 0;
}

/** Prints the 997s (and TA1s where due) that would answer the file; returns the exit status. */
export async function runAck(file: string, out: Output, err: Output): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    err.write(`Cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const acks = acknowledge(parseX12(bytes));
  if (acks.length === 0) err.write(`${file}: nothing to acknowledge.\n`);
  for (const ic of acks) out.write(`${writeX12(ic)}\n`);
  return 0;
}

/** `io` replaces stdout and stderr (for tests). */
export function register(program: Command, io?: { out: Output; err: Output }): void {
  const out = io?.out ?? process.stdout;
  const err = io?.err ?? process.stderr;
  const edi = program
    .command("edi")
    .description(
      "Trade X12 EDI: connections, partners, pickup and messages; check files and preview acknowledgments",
    );
  edi
    .command("check")
    .description("Read X12 files and list their interchanges, groups, transaction sets and every problem")
    .option("--json", "print the result as JSON")
    .argument("<files...>", "X12 files to check")
    .action(async (files: string[], opts: { json?: boolean }) => {
      process.exitCode = await runCheck(files, opts, out);
    });
  edi
    .command("ack")
    .description("Print the 997s (and TA1s where due) that would be sent back for an X12 file")
    .argument("<file>", "the received X12 file")
    .action(async (file: string) => {
      process.exitCode = await runAck(file, out, err);
    });
  registerEdiData(edi);
}
