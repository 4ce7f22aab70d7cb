// One Ledgerlink process: the database (migrated), the admin user, the HTTP server and the workers,
// started in that order and stopped in reverse. `ledgerlink start` and `ledgerlink demo` run all of it;
// `ledgerlink worker` runs the same database and worker steps without the server.
import { createServer } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { ensureAdminUser } from "#admin/users.ts";
import { buildServer } from "#api/server.ts";
import type { Config } from "#config/index.ts";
import { inboundJobHandlers } from "#edi/inbound/jobs.ts";
import { outboundJobHandlers } from "#edi/outbound/jobs.ts";
import { type JobHandler, startWorkers, type Workers } from "#jobs/index.ts";
import { loadSecretKey } from "#secrets/key.ts";
import { type Database, migrate, openDatabase } from "#store/index.ts";
import { webhookJobHandlers } from "#sync/webhooks.ts";
import { jobHandlers, pushRuntime } from "./handlers.ts";
import { newInternalToken, readServerLock, removeServerLock, writeServerLock } from "./server-lock.ts";

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Run the job workers in this process (default true). */
  workers?: boolean;
  /** Folder of the built web app; defaults to dist/web. */
  webRoot?: string;
  /**
   * Announce the server in `<dataDir>/server.json` for CLI commands (default true). Never with
   * DATABASE_URL: the file exists so that commands do not open an embedded database a second time,
   * and a server database is opened by any number of processes.
   */
  announce?: boolean;
  /** Called after migrations, before the server listens (the demo seeds its data here). */
  prepare?: (db: Database) => Promise<void>;
}

export interface RunningApp {
  url: string;
  db: Database;
  server: FastifyInstance;
  admin: { username: string; generatedPassword?: string };
  stop(): Promise<void>;
}

export async function startApp(options: StartOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const running = config.databaseUrl ? undefined : readServerLock(config.dataDir);
  if (running) {
    throw new Error(
      `A Ledgerlink server is already running on ${config.dataDir} at ${running.url} (pid ${running.pid}). ` +
        "Stop it first, or give this one another folder with --data.",
    );
  }
  // Before the database opens and migrates, so a busy port is reported at once.
  await assertPortFree(config.host, config.port);
  const db = await openMigrated(config, logger);
  const cleanups: (() => Promise<void> | void)[] = [() => db.close()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ err: error }, "error while stopping");
      }
    }
  };
  try {
    const admin = await ensureAdminUser(db, config.adminPassword);
    await options.prepare?.(db);

    const internalToken = newInternalToken();
    const server = await buildServer({
      db,
      config,
      logger,
      internalToken,
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    });
    cleanups.push(() => server.close());
    try {
      await server.listen({ port: config.port, host: config.host });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw portInUse(config.host, config.port);
      throw error;
    }
    const address = server.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
    const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`;

    if (options.workers ?? true) {
      const workers = runWorkers(db, config, logger, 2);
      cleanups.push(() => workers.stop());
    }
    if ((options.announce ?? true) && !config.databaseUrl) {
      writeServerLock(config.dataDir, {
        url,
        pid: process.pid,
        token: internalToken,
        database: db.kind,
        startedAt: new Date().toISOString(),
      });
      cleanups.push(() => removeServerLock(config.dataDir));
    }
    logger.info({ url, database: db.kind, location: db.location }, "Ledgerlink is running");
    return { url, db, server, admin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RunningWorkers {
  db: Database;
  stop(): Promise<void>;
}

/** The job workers alone, on the migrated database: what `ledgerlink worker` runs to scale out. */
export async function startWorkerProcess(options: {
  config: Config;
  logger: Logger;
  concurrency: number;
}): Promise<RunningWorkers> {
  const { config, logger, concurrency } = options;
  const db = await openMigrated(config, logger);
  const workers = runWorkers(db, config, logger, concurrency);
  logger.info({ concurrency, database: db.kind }, "workers running");
  return {
    db,
    stop: async () => {
      try {
        await workers.stop();
      } finally {
        await db.close();
      }
    },
  };
}

/** Opens the configured database and applies any migrations it lacks; closes it again if they fail. */
async function openMigrated(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrated = await migrate(db);
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied }, "database migrated");
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Workers for every job type the product handles; each finished job is logged at debug level. */
function runWorkers(db: Database, config: Config, logger: Logger, concurrency: number): Workers {
  let key: Buffer | undefined;
  const secretKey = () => {
    key ??= loadSecretKey(config);
    return key;
  };
  const handlers = Object.fromEntries(
    Object.entries({
      ...jobHandlers(pushRuntime(db, config, logger)),
      ...inboundJobHandlers(secretKey),
      ...outboundJobHandlers(secretKey),
      ...webhookJobHandlers({
        get secretKey() {
          return secretKey();
        },
      }),
    }).map(([type, handler]): [string, JobHandler] => [
      type,
      async (job, ctx) => {
        const result = await handler(job, ctx);
        logger.debug({ job: job.id, type, attempt: job.attempt }, "job handled");
        return result;
      },
    ]),
  );
  return startWorkers(db, {
    handlers,
    concurrency,
    leaseMs: config.jobLeaseMs,
    ...(config.jobRetryForMs !== undefined ? { retryForMs: config.jobRetryForMs } : {}),
    onError: (error) => logger.error({ err: error }, "job queue failure"),
  });
}

/** Stops the app on Ctrl-C or a termination signal, once. */
export function stopOnSignals(app: { stop(): Promise<void> }, logger: Logger): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}

function portInUse(host: string, port: number): Error {
  return new Error(
    `Port ${port} is already in use on ${host} (another Ledgerlink or another program); ` +
      "choose another with --port or PORT, or stop the program using it.",
  );
}

/** Fails with portInUse when something listens on host:port already. Port 0 picks a free one later. */
async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? portInUse(host, port) : error),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
