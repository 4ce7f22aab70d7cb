// `ledgerlink company create NAME`, `ledgerlink company rename ID NAME` and `ledgerlink company list`.
import type { Command } from "commander";
import { action, configFrom, describeError, fail, print, withDataOption } from "../cli.ts";
import { openOperations } from "../operations.ts";

export function register(program: Command) {
  const company = program
    .command("company")
    .description("manage companies (each has its own records and API keys)");

  withDataOption(company.command("create <name>").description("create a company and print its id"))
    .option("--json", "print the company as JSON")
    .action(
      action(async (name: string, flags: { data?: string; json?: boolean }) => {
        const ops = await openOperations(configFrom(flags));
        try {
          const result = await ops.createCompany(name);
          if (!result.ok) fail(describeError(result.error));
          const c = result.value;
          print(
            flags.json
              ? `${JSON.stringify(c)}\n`
              : `Created company "${c.name}" with id ${c.id}\nNext: ledgerlink key create --company ${c.id}\n`,
          );
        } finally {
          await ops.close();
        }
      }),
    );

  withDataOption(
    company
      .command("rename <id> <name>")
      .description("give a company a new name (no other company may have it)"),
  )
    .option("--json", "print the company as JSON")
    .action(
      action(async (id: string, name: string, flags: { data?: string; json?: boolean }) => {
        const ops = await openOperations(configFrom(flags));
        try {
          const result = await ops.renameCompany(id, name);
          if (!result.ok) fail(describeError(result.error));
          const c = result.value;
          print(flags.json ? `${JSON.stringify(c)}\n` : `Renamed company ${c.id} to "${c.name}"\n`);
        } finally {
          await ops.close();
        }
      }),
    );

  withDataOption(company.command("list").description("list companies"))
    .option("--json", "print JSON")
    .action(
      action(async (flags: { data?: string; json?: boolean }) => {
        const ops = await openOperations(configFrom(flags), { readOnly: true });
        try {
          const items = await ops.listCompanies();
          if (flags.json) print(`${JSON.stringify({ items })}\n`);
          else if (items.length === 0) print("No companies yet: ledgerlink company create NAME\n");
          else for (const c of items) print(`${c.id}  ${c.name}\n`);
        } finally {
          await ops.close();
        }
      }),
    );
}
