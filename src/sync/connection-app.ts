// What every part of a connection's life needs: the database and the sealing key, the names its
// secrets are sealed under, and the app (client id, secret, endpoints) it authorises with.
import type { Logger } from "pino";
import type { OAuthApp } from "#quickbooks/index.ts";
import { readSecret } from "#secrets/index.ts";
import { findConnection } from "#store/connections.ts";
import type { Database } from "#store/database.ts";

export interface ConnectionDeps {
  db: Database;
  /** The key secrets are sealed with (src/secrets). */
  secretKey: Buffer;
  logger?: Pick<Logger, "info" | "warn" | "debug">;
  /** Replaces the global fetch for OAuth and the data API (tests count requests with it). */
  fetch?: typeof fetch;
}

/** The secrets of a company's connection, sealed per company. */
export const SECRET = {
  clientSecret: "quickbooks.client_secret",
  accessToken: "quickbooks.access_token",
  refreshToken: "quickbooks.refresh_token",
} as const;

export type ConnectionUnavailableReason = "not_connected" | "needs_reauthorization" | "refresh_busy";

/**
 * The connection cannot be used now: nobody connected it, or it needs a person to connect again.
 * Work that needs it should wait for the connection rather than fail. It carries the client's fault
 * vocabulary (`kind` "reauthorize", or "retryable" while another process holds the refresh), so
 * whoever classifies QuickBooks failures classifies this one too.
 */
export class ConnectionUnavailableError extends Error {
  readonly kind: "reauthorize" | "retryable";
  readonly code: ConnectionUnavailableReason;
  constructor(
    readonly reason: ConnectionUnavailableReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ConnectionUnavailableError";
    this.kind = reason === "refresh_busy" ? "retryable" : "reauthorize";
    this.code = reason;
  }
}

/**
 * The job condition work waits on while the company's connection needs a person (src/jobs
 * conditions): set when QuickBooks refuses the stored authorisation, cleared when it is connected again.
 */
export function connectionCondition(companyId: string): string {
  return `connection:${companyId}`;
}

/** The app a company's connection authorises with; undefined before its settings are saved. */
export async function oauthAppOf(deps: ConnectionDeps, companyId: string): Promise<OAuthApp | undefined> {
  const connection = await findConnection(deps.db.kysely, companyId);
  if (!connection) return undefined;
  const clientSecret = await readSecret(deps.db.kysely, deps.secretKey, {
    companyId,
    name: SECRET.clientSecret,
  });
  if (!clientSecret) return undefined;
  return {
    clientId: connection.clientId,
    clientSecret,
    endpoints: {
      authorizeUrl: connection.authorizeUrl,
      tokenUrl: connection.tokenUrl,
      revokeUrl: connection.revokeUrl,
      apiBaseUrl: connection.apiBaseUrl,
    },
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
}
