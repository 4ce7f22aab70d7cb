import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DEFAULT_HTTP_LIMITS, DEFAULT_JOB_LEASE_MS } from "#config/index.ts";
import { createServerSchema, serverUnavailableReason } from "../../test/helpers/db.ts";
import { createLogger } from "./logger.ts";
import { startApp } from "./run.ts";

const dir = mkdtempSync(join(tmpdir(), "ll-run-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const skip = await serverUnavailableReason();
if (skip) console.log(`# skipping the DATABASE_URL start: ${skip}`);

test("with DATABASE_URL, start writes no server.json (nor any data folder)", { skip }, async () => {
  const schema = await createServerSchema();
  const dataDir = join(dir, "data");
  try {
    const app = await startApp({
      config: {
        databaseUrl: schema.url,
        dataDir,
        port: 0,
        host: "127.0.0.1",
        logLevel: "silent",
        http: DEFAULT_HTTP_LIMITS,
        jobLeaseMs: DEFAULT_JOB_LEASE_MS,
      },
      logger: createLogger({ level: "silent" }),
      workers: false,
    });
    try {
      assert.equal((await fetch(`${app.url}/api/health`)).status, 200);
      assert.equal(existsSync(dataDir), false, "the admin token is not left in the working directory");
    } finally {
      await app.stop();
    }
  } finally {
    await schema.drop();
  }
});
