import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { KEY_FILE, loadOrCreateKeyFile, loadSecretKey } from "./key.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { decryptSecret, encryptSecret, keyId, type SecretError } from "./seal.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "ledgerlink-secrets-"));
  dirs.push(dir);
  return dir;
}

describe("sealing secrets", () => {
  const key = randomBytes(32);

  test("round-trips, and never shows the plaintext or repeats a ciphertext", () => {
    const token = "AB11-refresh-token-é✓";
    const a = encryptSecret(key, token, "company-1:qbo.refresh");
    const b = encryptSecret(key, token, "company-1:qbo.refresh");
    assert.notEqual(a, b, "a fresh IV each time");
    assert.match(a, new RegExp(`^v1\\.${keyId(key)}\\.[A-Za-z0-9_-]+$`));
    assert.ok(!a.includes("refresh-token"));
    assert.equal(decryptSecret(key, a, "company-1:qbo.refresh"), token);
  });

  test("a wrong key is named as such; tampering and a swapped owner are refused", () => {
    const sealed = encryptSecret(key, "s3cret", "c1:name");
    assert.throws(
      () => decryptSecret(randomBytes(32), sealed, "c1:name"),
      (e: SecretError) => e.code === "wrong_key",
    );
    assert.throws(
      () => decryptSecret(key, sealed, "c2:name"),
      (e: SecretError) => e.code === "corrupt",
    );
    const body = sealed.split(".")[2] as string;
    const flipped = Buffer.from(body, "base64url");
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    assert.throws(
      () => decryptSecret(key, `v1.${keyId(key)}.${flipped.toString("base64url")}`, "c1:name"),
      (e: SecretError) => e.code === "corrupt",
    );
    assert.throws(
      () => decryptSecret(key, "v9.x.y"),
      (e: SecretError) => e.code === "unsupported",
    );
    assert.throws(() => encryptSecret(randomBytes(16), "x"), /32 bytes/);
  });
});

describe("the secret key", () => {
  test("comes from the configuration when set", () => {
    const key = randomBytes(32);
    assert.equal(loadSecretKey({ secretKey: key, dataDir: "/nonexistent" }), key);
  });

  test("on the embedded default, a key file is created once with owner-only permissions", () => {
    const dataDir = tempDir();
    const first = loadSecretKey({ dataDir });
    const path = join(dataDir, KEY_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(first.length, 32);
    assert.deepEqual(loadSecretKey({ dataDir }), first, "the same key on the next start");
  });

  test("a key file readable by others is tightened; a damaged one is reported", () => {
    const dataDir = tempDir();
    const path = join(dataDir, KEY_FILE);
    writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { mode: 0o644 });
    loadOrCreateKeyFile(dataDir);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    writeFileSync(path, "not a key");
    assert.throws(() => loadOrCreateKeyFile(dataDir), /does not hold a 32-byte key/);
    assert.equal(readFileSync(path, "utf8"), "not a key", "a damaged key is never replaced silently");
  });

  test("an in-memory database gets a key held in memory, and no file is written", () => {
    const cwd = process.cwd();
    const dir = tempDir();
    process.chdir(dir);
    try {
      const first = loadSecretKey({ dataDir: "memory://" });
      assert.equal(first.length, 32);
      assert.deepEqual(
        loadSecretKey({ dataDir: "memory://" }),
        first,
        "the same key for the life of the process",
      );
      assert.equal(existsSync(join(dir, "memory:")), false, "no folder named after the URL");
    } finally {
      process.chdir(cwd);
    }
  });

  test("a server database requires LEDGERLINK_SECRET_KEY", () => {
    assert.throws(
      () => loadSecretKey({ dataDir: tempDir(), databaseUrl: "postgres://db/x" }),
      /LEDGERLINK_SECRET_KEY is required with DATABASE_URL/,
    );
  });
});

describe("admin passwords", () => {
  test("are hashed with scrypt and a salt, and verified in constant time", async () => {
    const hash = await hashPassword("correct horse battery staple");
    assert.match(hash, /^scrypt\$16384\$8\$1\$/);
    assert.notEqual(await hashPassword("correct horse battery staple"), hash, "salted");
    assert.equal(await verifyPassword("correct horse battery staple", hash), true);
    assert.equal(await verifyPassword("correct horse battery stapler", hash), false);
    assert.equal(await verifyPassword("x", "md5$abc"), false);
  });
});
