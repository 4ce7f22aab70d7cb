// `ledgerlink key create --company ID`, `ledgerlink key list --company ID`, `ledgerlink key revoke ID`.
import type { Command } from "commander";
import { action, configFrom, describeError, fail, print, withDataOption } from "../cli.ts";
import { openOperations } from "../operations.ts";

export function register(program: Command) {
  const key = program.command("key").description("manage API keys (each belongs to one company)");

  withDataOption(key.command("create").description("create an API key; it is printed once and never again"))
    .requiredOption("--company <id>", "the company the key acts for")
    .option("--json", "print JSON")
    .action(
      action(async (flags: { data?: string; company: string; json?: boolean }) => {
        const ops = await openOperations(configFrom(flags));
        try {
          const result = await ops.createKey(flags.company);
          if (!result.ok) fail(describeError(result.error));
          const { id, key: secret } = result.value;
          print(
            flags.json
              ? `${JSON.stringify(result.value)}\n`
              : `API key ${id}:\n\n  ${secret}\n\nStore it now: Ledgerlink keeps only its hash. Send it as\n  Authorization: Bearer ${secret}\n`,
          );
        } finally {
          await ops.close();
        }
      }),
    );

  withDataOption(key.command("list").description("list a company's keys (prefixes only)"))
    .requiredOption("--company <id>", "the company")
    .option("--json", "print JSON")
    .action(
      action(async (flags: { data?: string; company: string; json?: boolean }) => {
        const ops = await openOperations(configFrom(flags), { readOnly: true });
        try {
          const result = await ops.listKeys(flags.company);
          if (!result.ok) fail(describeError(result.error));
          if (flags.json) print(`${JSON.stringify({ items: result.value })}\n`);
          else {
            for (const k of result.value) {
              const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? "never"}`;
              print(`${k.id}  ${k.prefix}…  created ${k.createdAt}  ${state}\n`);
            }
          }
        } finally {
          await ops.close();
        }
      }),
    );

  withDataOption(
    key.command("revoke <id>").description("revoke an API key; it stops working at once"),
  ).action(
    action(async (id: string, flags: { data?: string }) => {
      const ops = await openOperations(configFrom(flags));
      try {
        const result = await ops.revokeKey(id);
        if (!result.ok) fail(describeError(result.error));
        print(`Revoked API key ${id} (${result.value.prefix}…)\n`);
      } finally {
        await ops.close();
      }
    }),
  );
}
