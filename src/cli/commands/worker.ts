// `ledgerlink worker`: only the job workers, to scale out on a PostgreSQL server.
import type { Command } from "commander";
import { startWorkerProcess, stopOnSignals } from "#app/run.ts";
import { readServerLock } from "#app/server-lock.ts";
import { action, cliLogger, configFrom, fail, withDataOption } from "../cli.ts";

export function register(program: Command) {
  withDataOption(
    program
      .command("worker")
      .description("run only the job workers (several can share a PostgreSQL server given by DATABASE_URL)")
      .option("--concurrency <n>", "jobs run at once", "4"),
  ).action(
    action(async (flags: { data?: string; concurrency: string }) => {
      const config = configFrom(flags);
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        fail("--concurrency must be a whole number from 1 to 64");
      }
      const lock = config.databaseUrl ? undefined : readServerLock(config.dataDir);
      if (lock) {
        fail(
          `The server at ${lock.url} already runs the workers for ${config.dataDir}. Extra workers need a ` +
            "PostgreSQL server: set DATABASE_URL for the server and the workers.",
        );
      }
      const logger = cliLogger(config);
      const workers = await startWorkerProcess({ config, logger, concurrency });
      stopOnSignals(workers, logger);
    }),
  );
}
