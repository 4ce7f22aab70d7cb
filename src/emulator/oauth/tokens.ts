// Authorization codes, grants and tokens, kept as plain data so the emulator can persist them.
//
// Lifetimes, all measured on the emulator clock (sources):
// - access token 3600 s: Intuit OAuth FAQ, "Access tokens are valid for 3600 seconds (one hour)".
// - refresh token: rolling 100 days, extended on each use (Intuit blog 2024-06-03 "OAuth token management
//   done the right way"); the token endpoint reports x_refresh_token_expires_in 8726400 s (101 days,
//   intuit-oauth test mock), which is the rolling lifetime used here.
// - hard expiry five years after the grant (Intuit blog 2025-11-12 "Important changes to refresh token
//   policy"); reported as x_refresh_token_hard_expires_in when the client sends
//   `x-include-refresh-token-hard-expires-in: true` (intuit-oauth 4.2.4 CHANGELOG).
// - superseded refresh token: "Your previous refresh tokens expire 24 hours after you receive a new one"
//   (intuit-oauth README, Intuit's OAuth docs of 2018); Intuit changes the value about every 24-26 hours
//   (Intuit staff, oauth-jsclient #74, oauth2-nodejs #2).
// - authorization code: single use; "exchanging it twice invalidates the tokens from that code" (Intuit
//   maintainer, oauth-jsclient #173). Intuit does not publish the code lifetime; 5 minutes here.
import { randomBytes } from "node:crypto";
import type { RotationPolicy } from "./types.ts";

export const ACCESS_TOKEN_TTL_S = 3600;
export const REFRESH_TOKEN_TTL_S = 8_726_400;
export const REFRESH_TOKEN_HARD_TTL_S = 5 * 365 * 24 * 3600;
export const DEFAULT_CODE_TTL_MS = 5 * 60_000;
export const DEFAULT_ROTATION: RotationPolicy = { rotateAfterMs: 0, graceMs: 24 * 3600_000 };
export const ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting";

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  realmId: string;
  scope: string;
  expiresAt: number;
  /** Set once exchanged; a second exchange revokes this grant. */
  grantId?: string;
}

export interface Grant {
  id: string;
  clientId: string;
  realmId: string;
  scope: string;
  createdAt: number;
  refreshToken: string;
  refreshIssuedAt: number;
  /** Rolling expiry of the refresh token chain, extended on each refresh. */
  refreshExpiresAt: number;
  hardExpiresAt: number;
  /** Superseded refresh tokens and the moment each stops working. */
  previous: { token: string; validUntil: number }[];
  revoked: boolean;
}

export interface AccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export interface TokenState {
  version: 1;
  codes: AuthorizationCode[];
  grants: Grant[];
  accessTokens: AccessToken[];
}

export interface Issued {
  grant: Grant;
  accessToken: AccessToken;
}

export type GrantError = { error: "invalid_grant"; description: string };

/** Opaque random strings, as Intuit's are to a client. The prefixes only help a human reading logs. */
function opaque(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString("base64url");
}

export class TokenStore {
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #grants = new Map<string, Grant>();
  readonly #byRefresh = new Map<string, Grant>();
  readonly #access = new Map<string, AccessToken>();
  readonly #now: () => number;
  readonly rotation: RotationPolicy;
  readonly codeTtlMs: number;

  constructor(now: () => number, rotation: Partial<RotationPolicy> = {}, codeTtlMs = DEFAULT_CODE_TTL_MS) {
    this.#now = now;
    this.rotation = { ...DEFAULT_ROTATION, ...rotation };
    this.codeTtlMs = codeTtlMs;
  }

  createCode(input: Omit<AuthorizationCode, "code" | "expiresAt" | "grantId">): AuthorizationCode {
    this.#prune();
    const code: AuthorizationCode = {
      ...input,
      code: opaque("AB", 30),
      expiresAt: this.#now() + this.codeTtlMs,
    };
    this.#codes.set(code.code, code);
    return code;
  }

  /** Exchanges a code; errors follow RFC 6749 §5.2 as Intuit returns them. */
  exchangeCode(code: string, clientId: string, redirectUri: string | undefined): Issued | GrantError {
    const entry = this.#codes.get(code);
    const now = this.#now();
    if (!entry || entry.clientId !== clientId) return invalidGrant("Invalid authorization code");
    if (entry.grantId !== undefined) {
      // A replayed code may be stolen: the tokens already issued from it stop working.
      this.#revokeGrant(entry.grantId);
      return invalidGrant("Authorization code has already been used");
    }
    if (now >= entry.expiresAt) return invalidGrant("Authorization code has expired");
    if (redirectUri !== entry.redirectUri)
      return invalidGrant("Redirect URI does not match the authorization request");
    const grant = this.#newGrant(entry.clientId, entry.realmId, entry.scope);
    entry.grantId = grant.id;
    return { grant, accessToken: this.#newAccessToken(grant) };
  }

  /** A grant without the consent dance, for the control API and tests. */
  grantDirectly(clientId: string, realmId: string, scope = ACCOUNTING_SCOPE): Issued {
    this.#prune();
    const grant = this.#newGrant(clientId, realmId, scope);
    return { grant, accessToken: this.#newAccessToken(grant) };
  }

  refresh(refreshToken: string, clientId: string): Issued | GrantError {
    const grant = this.#byRefresh.get(refreshToken);
    const now = this.#now();
    if (!grant || grant.clientId !== clientId) return invalidGrant("Incorrect or invalid refresh token");
    if (grant.revoked || now >= grant.refreshExpiresAt || now >= grant.hardExpiresAt) {
      return invalidGrant("Token has been expired or revoked.");
    }
    if (refreshToken !== grant.refreshToken) {
      const old = grant.previous.find((p) => p.token === refreshToken);
      if (!old || now >= old.validUntil) return invalidGrant("Token has been expired or revoked.");
    }
    // A new value starts a new 101-day life. While Intuit hands back the same value its remaining
    // lifetime keeps shrinking (x_refresh_token_expires_in 8721385 after 8726400, oauth-jsclient #74).
    if (now - grant.refreshIssuedAt >= this.rotation.rotateAfterMs) {
      this.#rotate(grant, now);
      grant.refreshExpiresAt = now + REFRESH_TOKEN_TTL_S * 1000;
    }
    this.#prune();
    return { grant, accessToken: this.#newAccessToken(grant) };
  }

  /** Revokes the grant a token belongs to, as disconnecting an app does. False when unknown. */
  revoke(token: string, clientId: string): boolean {
    const grant = this.#byRefresh.get(token) ?? this.#grants.get(this.#access.get(token)?.grantId ?? "");
    if (!grant || grant.clientId !== clientId) return false;
    this.#revokeGrant(grant.id);
    return true;
  }

  /** Revokes every grant to a company, e.g. when the control API resets or deletes it. */
  revokeRealm(realmId: string): number {
    let n = 0;
    for (const grant of this.#grants.values()) {
      if (grant.realmId === realmId && !grant.revoked) {
        this.#revokeGrant(grant.id);
        n++;
      }
    }
    return n;
  }

  /** Whether the app holds a usable connection to the company (webhooks go to connected apps only). */
  isConnected(clientId: string, realmId: string): boolean {
    const now = this.#now();
    for (const g of this.#grants.values()) {
      if (
        g.clientId === clientId &&
        g.realmId === realmId &&
        !g.revoked &&
        now < g.refreshExpiresAt &&
        now < g.hardExpiresAt
      ) {
        return true;
      }
    }
    return false;
  }

  lookupAccess(token: string): { access: AccessToken; grant: Grant } | undefined {
    const access = this.#access.get(token);
    const grant = access && this.#grants.get(access.grantId);
    return access && grant ? { access, grant } : undefined;
  }

  toJSON(): TokenState {
    return {
      version: 1,
      codes: [...this.#codes.values()],
      grants: [...this.#grants.values()],
      accessTokens: [...this.#access.values()],
    };
  }

  load(state: TokenState): void {
    if (state.version !== 1) throw new Error(`unsupported OAuth state version ${String(state.version)}`);
    this.#codes.clear();
    this.#grants.clear();
    this.#byRefresh.clear();
    this.#access.clear();
    for (const c of state.codes) this.#codes.set(c.code, { ...c });
    for (const g of state.grants) this.#indexGrant({ ...g, previous: g.previous.map((p) => ({ ...p })) });
    for (const a of state.accessTokens) this.#access.set(a.token, { ...a });
  }

  #newGrant(clientId: string, realmId: string, scope: string): Grant {
    const now = this.#now();
    const grant: Grant = {
      id: opaque("g-", 12),
      clientId,
      realmId,
      scope,
      createdAt: now,
      refreshToken: opaque("RT1-", 36),
      refreshIssuedAt: now,
      refreshExpiresAt: now + REFRESH_TOKEN_TTL_S * 1000,
      hardExpiresAt: now + REFRESH_TOKEN_HARD_TTL_S * 1000,
      previous: [],
      revoked: false,
    };
    this.#indexGrant(grant);
    return grant;
  }

  #indexGrant(grant: Grant): void {
    this.#grants.set(grant.id, grant);
    this.#byRefresh.set(grant.refreshToken, grant);
    for (const p of grant.previous) this.#byRefresh.set(p.token, grant);
  }

  #rotate(grant: Grant, now: number): void {
    grant.previous.push({ token: grant.refreshToken, validUntil: now + this.rotation.graceMs });
    grant.refreshToken = opaque("RT1-", 36);
    grant.refreshIssuedAt = now;
    this.#byRefresh.set(grant.refreshToken, grant);
  }

  #newAccessToken(grant: Grant): AccessToken {
    const access: AccessToken = {
      token: opaque("eyJ", 96),
      grantId: grant.id,
      expiresAt: this.#now() + ACCESS_TOKEN_TTL_S * 1000,
    };
    this.#access.set(access.token, access);
    return access;
  }

  #revokeGrant(grantId: string): void {
    const grant = this.#grants.get(grantId);
    if (!grant) return;
    grant.revoked = true;
    for (const [token, access] of this.#access) if (access.grantId === grantId) this.#access.delete(token);
  }

  /**
   * Forgets what can no longer be used, so state stays proportional to live connections. Expired access
   * tokens are kept an extra day so a request with one answers "expired" rather than "unknown".
   */
  #prune(): void {
    const now = this.#now();
    for (const [code, c] of this.#codes) if (now >= c.expiresAt + this.codeTtlMs) this.#codes.delete(code);
    for (const [token, a] of this.#access) if (now >= a.expiresAt + 24 * 3600_000) this.#access.delete(token);
    for (const grant of this.#grants.values()) {
      const live = grant.previous.filter((p) => now < p.validUntil);
      for (const p of grant.previous) if (now >= p.validUntil) this.#byRefresh.delete(p.token);
      grant.previous = live;
    }
  }
}

function invalidGrant(description: string): GrantError {
  return { error: "invalid_grant", description };
}
