// `ledgerlink import COLLECTION FILE.csv`: reference data from a spreadsheet, with a progress bar on a
// terminal and a report of every rejected row. Exit status: 0 all rows valid, 2 some rows rejected
// (the valid ones were imported), 1 nothing could be done.
import { existsSync, statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { collections } from "#domain/collections.ts";
import { importCollections } from "#host/csv/index.ts";
import type { ImportReport } from "#host/import.ts";
import { action, configFrom, describeError, fail, print, terminal, withDataOption } from "../cli.ts";
import { type Operations, openOperations } from "../operations.ts";

export async function resolveCompany(ops: Operations, given: string | undefined): Promise<string> {
  if (given) return given;
  const companies = await ops.listCompanies();
  if (companies.length === 1 && companies[0]) return companies[0].id;
  if (companies.length === 0)
    fail("There is no company yet: create one with `ledgerlink company create NAME`.");
  fail(`Say which company with --company ID:\n${companies.map((c) => `  ${c.id}  ${c.name}`).join("\n")}`);
}

const count = (n: number) => n.toLocaleString("en-US");

/** "Read 3 rows: 2 valid, 1 rejected." or "Read 1 row, valid." */
function rowsSentence(report: ImportReport): string {
  const rows = `Read ${count(report.rows)} ${report.rows === 1 ? "row" : "rows"}`;
  if (report.invalid === 0) return report.rows === 0 ? `${rows}.` : `${rows}, all valid.`;
  return `${rows}: ${count(report.valid)} valid, ${count(report.invalid)} rejected.`;
}

/**
 * What the import did, or would do, in one plain sentence that leaves out what did not happen:
 * "Updated 1 customer.", "Created 1,200 customers, updated 48 and left 3 unchanged."
 */
export function changesSentence(
  report: Pick<ImportReport, "collection" | "dryRun" | "created" | "updated" | "unchanged">,
): string {
  const def = collections[report.collection];
  const noun = (n: number) => (n === 1 ? def.singular : def.label.toLowerCase());
  const would = report.dryRun;
  const parts: { n: number; verb: string; after?: string }[] = [
    { n: report.created, verb: would ? "create" : "created" },
    { n: report.updated, verb: would ? "update" : "updated" },
    { n: report.unchanged, verb: would ? "leave" : "left", after: "unchanged" },
  ].filter((p) => p.n > 0);
  if (parts.length === 0) return would ? "Nothing would change." : "Nothing was imported.";
  const phrases = parts.map((p, i) =>
    [p.verb, count(p.n), i === 0 ? noun(p.n) : "", p.after ?? ""].filter(Boolean).join(" "),
  );
  const list =
    phrases.length === 1
      ? phrases[0]
      : `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]}`;
  const sentence = would ? `Would ${list}` : `${list?.charAt(0).toUpperCase()}${list?.slice(1)}`;
  return `${sentence}.`;
}

export function formatReport(report: ImportReport): string {
  const lines: string[] = [rowsSentence(report), changesSentence(report)];
  if (report.ignoredColumns.length > 0) lines.push(`Ignored columns: ${report.ignoredColumns.join(", ")}`);
  if (report.errors.length > 0) {
    lines.push("", "Errors:");
    for (const e of report.errors)
      lines.push(`  line ${e.line}${e.field ? `, ${e.field}` : ""}: ${e.message}`);
  }
  if (report.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const w of report.warnings)
      lines.push(`  line ${w.line}${w.field ? `, ${w.field}` : ""}: ${w.message}`);
  }
  if (report.truncated)
    lines.push(
      `(${report.errorCount} errors and ${report.warningCount} warnings in all; the first ones are listed)`,
    );
  if (report.dryRun) lines.push("", "Dry run: nothing was written.");
  return `${lines.join("\n")}\n`;
}

export function register(program: Command) {
  withDataOption(
    program
      .command("import <collection> <file>")
      .description(
        `import reference data from CSV (${importCollections.join(", ")}); see docs/import.md for columns`,
      )
      .option("--company <id>", "company to import into (needed when there are several)")
      .option("--dry-run", "check the file and report what would change, without writing")
      .option("--json", "print the report as JSON"),
  ).action(
    action(
      async (
        collection: string,
        file: string,
        flags: { data?: string; company?: string; dryRun?: boolean; json?: boolean },
      ) => {
        if (!(importCollections as readonly string[]).includes(collection)) {
          fail(
            `Ledgerlink imports ${importCollections.join(", ")} from CSV; "${collection}" is not one of them.`,
          );
        }
        if (!existsSync(file))
          fail(`There is no file ${file}. Give the path of a CSV file (columns: see docs/import.md).`);
        if (!statSync(file).isFile()) fail(`${file} is a folder, not a CSV file.`);
        const ops = await openOperations(configFrom(flags), { readOnly: flags.dryRun === true });
        let bar: SingleBar | undefined;
        try {
          const companyId = await resolveCompany(ops, flags.company);
          const size = statSync(file).size;
          // A bar only where someone watches, and only when the wait is noticeable.
          if (terminal.stderr.isTTY && !flags.json && size > 256 * 1024) {
            bar = new SingleBar({
              format: `${collection} |{bar}| {percentage}% | {rows} rows | {errors} errors`,
              stream: terminal.stderr,
              hideCursor: true,
            });
            bar.start(size, 0, { rows: 0, errors: 0 });
          }
          const result = await ops.importCsv({
            companyId,
            collection,
            file,
            dryRun: flags.dryRun === true,
            // Through a server too, the bar follows the rows the server has read, never the bytes sent
            // ahead of them: an upload that is quickly buffered would show 100% and fall back.
            onProgress: (p) => bar?.update(p.bytes, { rows: p.rows, errors: p.errors }),
          });
          bar?.update(size);
          bar?.stop();
          bar = undefined;
          if (!result.ok) fail(describeError(result.error));
          print(flags.json ? `${JSON.stringify(result.value)}\n` : formatReport(result.value));
          if (result.value.invalid > 0 || result.value.errorCount > 0) process.exitCode = 2;
        } finally {
          bar?.stop();
          await ops.close();
        }
      },
    ),
  );
}
