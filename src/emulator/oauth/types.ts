// The shapes the OAuth server shares with the rest of the emulator.
import type { AppRegistry } from "../apps.ts";

/** The companies a user may connect to on the consent page (the core's company store). */
export interface CompanyDirectory {
  list(): readonly { realmId: string; name: string }[];
}

/** How refresh tokens rotate. Defaults follow Intuit's documentation; see `DEFAULT_ROTATION`. */
export interface RotationPolicy {
  /**
   * A refresh returns a new refresh token only when the current one is at least this old. Intuit
   * changes the value about every 24 hours; the emulator defaults to 0 (a new value on every refresh),
   * the stricter behaviour, so clients that forget to store the newest token fail in tests.
   */
  rotateAfterMs: number;
  /** How long a superseded refresh token keeps working ("expire 24 hours after you receive a new one"). */
  graceMs: number;
}

export interface OAuthServerOptions {
  /** The emulator clock in epoch milliseconds; every lifetime is measured against it. */
  now: () => number;
  apps: AppRegistry;
  /** Companies offered on the consent page; without it Connect has nothing to connect to. */
  companies?: CompanyDirectory;
  /**
   * The public origin of the emulator (`http://127.0.0.1:4010`), used in the discovery document.
   * When omitted, the origin is taken from each request's Host header.
   */
  baseUrl?: string;
  rotation?: Partial<RotationPolicy>;
  /** Lifetime of an authorization code; default 5 minutes. */
  codeTtlMs?: number;
}

export type VerifyFailure =
  /** No Authorization header, or not `Bearer <token>`. */
  | "missing"
  /** The token was never issued (or was pruned long after it expired). */
  | "unknown"
  | "expired"
  /** Revoked, or its grant was invalidated (code replay, revocation, company reset). */
  | "revoked"
  /** Issued for another company. */
  | "wrong_realm"
  /** Issued without the com.intuit.quickbooks.accounting scope. */
  | "scope";

export type VerifyResult =
  | { ok: true; clientId: string }
  | { ok: false; reason: string; failure: VerifyFailure };

/** The token endpoint's JSON body, in the field order Intuit sends. */
export interface TokenResponse {
  token_type: "bearer";
  expires_in: number;
  refresh_token: string;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
  access_token: string;
  id_token?: string;
}
