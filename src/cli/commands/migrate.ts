// `ledgerlink migrate`: applies the database migrations and says what it did.
import type { Command } from "commander";
import { action, configFrom, print, withDataOption } from "../../app/cli.ts";
import { migrate, openDatabase } from "../../store/index.ts";

export function register(program: Command) {
  withDataOption(
    program.command("migrate").description("apply database migrations (start does this too)"),
  ).action(
    action(async (flags: { data?: string }) => {
      const config = configFrom(flags);
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const result = await migrate(db);
        for (const m of result.applied) print(`applied ${m.version} ${m.name}\n`);
        print(`${db.location} is at schema version ${result.current}\n`);
      } finally {
        await db.close();
      }
    }),
  );
}
