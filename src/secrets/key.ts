// Where the sealing key comes from: LEDGERLINK_SECRET_KEY, or on the embedded default a key file
// created on first run, readable by its owner only.

import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Config, parseKey } from "#config/index.ts";
import { ensurePrivateFolder } from "#store/private-files.ts";

export const KEY_FILE = "secret.key";

export function loadSecretKey(config: Pick<Config, "secretKey" | "dataDir" | "databaseUrl">): Buffer {
  if (config.secretKey) return config.secretKey;
  if (config.databaseUrl) {
    // Processes on several machines share a server database; a key file on one of them would make
    // the others unable to open what it sealed.
    throw new Error(
      "LEDGERLINK_SECRET_KEY is required with DATABASE_URL, and must be the same for every Ledgerlink process " +
        "sharing that database (create one with: openssl rand -base64 32)",
    );
  }
  // An in-memory database lives and dies with this process, and so does what it sealed: a key kept
  // in memory serves it, and no file is written into a folder named after the URL.
  if (config.dataDir.startsWith("memory://")) {
    inMemoryKey ??= randomBytes(32);
    return inMemoryKey;
  }
  return loadOrCreateKeyFile(config.dataDir);
}

let inMemoryKey: Buffer | undefined;

export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  ensurePrivateFolder(dataDir);
  try {
    // "wx": only the process that creates the file writes it, even when two start at once.
    writeFileSync(path, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) {
    // Tighten rather than refuse: the key is only safe if no one else can read it.
    chmodSync(path, 0o600);
  }
  const key = parseKey(readFileSync(path, "utf8"));
  if (!key) throw new Error(`${path} does not hold a 32-byte key (base64 or hex); restore it from a backup`);
  return key;
}
