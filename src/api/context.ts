// What every route needs from the process that serves it.
import type { Logger } from "pino";
import type { Config } from "#config/index.ts";
import type { Database } from "#store/index.ts";

export interface ApiContext {
  db: Database;
  config: Config;
  logger: Logger;
  /** Accepted by the admin API as a stand-in for a session; the CLI reads it from `server.json`. */
  internalToken?: string;
  /** Folder holding the built web app (index.html and assets). */
  webRoot: string;
  /** The key secrets are sealed with; loaded from the configuration when absent. */
  secretKey?: Buffer;
  /** Replaces the global fetch for calls to QuickBooks (tests). */
  fetch?: typeof fetch;
}
