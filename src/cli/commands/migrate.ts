// `ledgerlink migrate`: applies the database migrations and says what it did.
import type { Command } from "commander";
import { readServerLock } from "#app/server-lock.ts";
import { migrate, openDatabase } from "#store/index.ts";
import { action, configFrom, fail, print, withDataOption } from "../cli.ts";

export function register(program: Command) {
  withDataOption(
    program.command("migrate").description("apply database migrations (start does this too)"),
  ).action(
    action(async (flags: { data?: string }) => {
      const config = configFrom(flags);
      // The server migrated the embedded database when it started and holds it while it runs, so there
      // is nothing to do; saying so beats the generic "database busy" message.
      const lock = config.databaseUrl ? undefined : readServerLock(config.dataDir);
      if (lock) {
        fail(
          `The server at ${lock.url} (pid ${lock.pid}) holds ${config.dataDir} and applied the migrations ` +
            "when it started. Stop it first to run migrate on its own.",
        );
      }
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
