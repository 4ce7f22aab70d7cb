// Secrets at rest (QuickBooks client secret, OAuth tokens) are sealed with AES-256-GCM.
// Format: "v1.<key id>.<base64url(iv ‖ tag ‖ ciphertext)>". The key id (first bytes of the key's
// sha256) tells a wrong key from tampering; associated data binds a value to its owner and name, so
// a sealed token copied to another company's row does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretError extends Error {
  constructor(
    message: string,
    readonly code: "wrong_key" | "corrupt" | "unsupported",
  ) {
    super(message);
    this.name = "SecretError";
  }
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error("The secret key must be 32 bytes (AES-256)");
}

export function encryptSecret(key: Buffer, plaintext: string, associatedData = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}.${keyId(key)}.${Buffer.concat([iv, tag, ciphertext]).toString("base64url")}`;
}

export function decryptSecret(key: Buffer, sealed: string, associatedData = ""): string {
  checkKey(key);
  const [version, id, body, ...rest] = sealed.split(".");
  if (version !== VERSION || id === undefined || body === undefined || rest.length > 0) {
    throw new SecretError("This sealed secret is not in a format this Ledgerlink reads", "unsupported");
  }
  if (id !== keyId(key)) {
    throw new SecretError(
      `This secret was sealed with another key (id ${id}; the current key's id is ${keyId(key)}). ` +
        "Set LEDGERLINK_SECRET_KEY to the key it was sealed with.",
      "wrong_key",
    );
  }
  const bytes = Buffer.from(body, "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretError("The sealed secret is truncated", "corrupt");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretError("The sealed secret was altered or belongs to another record", "corrupt");
  }
}
