// Signs OpenID Connect id_tokens (RS256 JWTs), issued when the openid scope is granted, and publishes
// the public key at the jwks endpoint so clients such as intuit-oauth can validate them.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";

export interface SignerState {
  kid: string;
  /** The private key as a JWK, so a reloaded emulator keeps validating the tokens it issued. */
  privateJwk: Record<string, unknown>;
}

export class IdTokenSigner {
  #key: { kid: string; privateKey: KeyObject; publicKey: KeyObject } | undefined;

  /** Generated on first use: most runs never ask for an id_token and key generation is not free. */
  #ensure() {
    if (!this.#key) {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      this.#key = { kid: randomBytes(8).toString("hex"), privateKey, publicKey };
    }
    return this.#key;
  }

  publicJwk(): Record<string, unknown> {
    const key = this.#ensure();
    return { ...key.publicKey.export({ format: "jwk" }), kid: key.kid, use: "sig", alg: "RS256" };
  }

  sign(claims: Record<string, unknown>): string {
    const key = this.#ensure();
    const header = b64url(JSON.stringify({ kid: key.kid, alg: "RS256" }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), key.privateKey);
    return `${header}.${payload}.${signature.toString("base64url")}`;
  }

  toJSON(): SignerState | undefined {
    if (!this.#key) return undefined;
    return {
      kid: this.#key.kid,
      privateJwk: this.#key.privateKey.export({ format: "jwk" }) as Record<string, unknown>,
    };
  }

  load(state: SignerState): void {
    const privateKey = createPrivateKey({ key: state.privateJwk as never, format: "jwk" });
    this.#key = { kid: state.kid, privateKey, publicKey: createPublicKey(privateKey) };
  }
}

function b64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}
