// `ledgerlink worker`: only the job workers, to scale out on a PostgreSQL server.
import type { Command } from "commander";
import { jobHandlers } from "#app/handlers.ts";
import { readServerLock } from "#app/server-lock.ts";
import { type JobHandler, startWorkers } from "#jobs/index.ts";
import { migrate, openDatabase } from "#store/index.ts";
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
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      await migrate(db);
      // Each finished job is logged at debug level, for following a worker's progress.
      const handlers = Object.fromEntries(
        Object.entries(jobHandlers()).map(([type, handler]): [string, JobHandler] => [
          type,
          async (job, ctx) => {
            const result = await handler(job, ctx);
            logger.debug({ job: job.id, type, attempt: job.attempt }, "job handled");
            return result;
          },
        ]),
      );
      const workers = startWorkers(db, {
        handlers,
        concurrency,
        onError: (error) => logger.error({ err: error }, "job queue failure"),
      });
      logger.info({ concurrency, database: db.kind }, "workers running");
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        Promise.resolve(workers.stop())
          .then(() => db.close())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    }),
  );
}
