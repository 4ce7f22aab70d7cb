// The OAuth `state`: it carries the company being connected through Intuit's consent page and back, and
// it is what authenticates the callback. The callback is a cross-site redirect from Intuit, so the
// SameSite=Strict session cookie is not sent with it and cannot be what proves that this browser
// started this connection. The state is signed (HMAC-SHA256 with a key derived from the secret key,
// so it cannot be forged or pointed at another company), expires after 10 minutes, and is single-use:
// its nonce is a row the callback consumes in one statement, so a replayed callback finds nothing.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export const STATE_LIFETIME_MS = 10 * 60 * 1000;

interface StatePayload {
  /** The nonce: the row in oauth_states. */
  n: string;
  /** The company being connected. */
  c: string;
  /** Expiry, in seconds since the epoch. */
  e: number;
}

function stateKey(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", secretKey, Buffer.alloc(0), "ledgerlink/oauth-state/1", 32));
}

function sign(secretKey: Buffer, body: string): Buffer {
  return createHmac("sha256", stateKey(secretKey)).update(body).digest();
}

export function issueState(
  secretKey: Buffer,
  companyId: string,
  now = Date.now(),
): { state: string; nonce: string; expiresAt: Date } {
  const nonce = randomBytes(18).toString("base64url");
  const expiresAt = new Date(now + STATE_LIFETIME_MS);
  const payload: StatePayload = { n: nonce, c: companyId, e: Math.floor(expiresAt.getTime() / 1000) };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return { state: `${body}.${sign(secretKey, body).toString("base64url")}`, nonce, expiresAt };
}

/** The nonce and company of a state this installation signed and that has not expired; else undefined. */
export function verifyState(
  secretKey: Buffer,
  state: string,
  now = Date.now(),
): { nonce: string; companyId: string } | undefined {
  const [body, signature, ...rest] = state.split(".");
  if (!body || !signature || rest.length > 0) return undefined;
  const expected = sign(secretKey, body);
  const presented = Buffer.from(signature, "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
  let payload: StatePayload;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as StatePayload;
  } catch {
    return undefined;
  }
  if (typeof payload.n !== "string" || typeof payload.c !== "string" || typeof payload.e !== "number")
    return undefined;
  if (payload.e * 1000 <= now) return undefined;
  return { nonce: payload.n, companyId: payload.c };
}
