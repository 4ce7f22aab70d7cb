// Access tokens of a connection, refreshed ahead of expiry by exactly one process at a time.
//
// Intuit rotates the refresh token: each refresh answers a new one, and the one used stops working 24
// hours later. Two processes refreshing at once would each get a different new token, and the one
// stored last might be the one Intuit has already superseded. So a refresh happens only under the
// connection's refresh lock (a lease in the database, shared by every process); a process that finds
// it taken waits, then reads the token the holder stored. After taking the lock the connection is read
// again, because the process that held it before may have refreshed already. The new refresh token is
// stored, sealed, in the same transaction as the new access token, before either is used; should a
// process die between Intuit's answer and that commit, the old refresh token still works for 24 hours
// and Intuit answers it with the newest token of the chain.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { setCondition } from "#jobs/conditions.ts";
import { type AccessTokenSource, OAuthGrantError, refreshTokens } from "#quickbooks/index.ts";
import { readSecret, saveSecret } from "#secrets/index.ts";
import { findConnection, tryLockRefresh, unlockRefresh, updateConnectionState } from "#store/connections.ts";
import type { Tables } from "#store/tables.ts";
import {
  type ConnectionDeps,
  ConnectionUnavailableError,
  connectionCondition,
  oauthAppOf,
  SECRET,
} from "./connection-app.ts";

/** Refresh when the access token has less than this left (Intuit's last one hour). */
export const REFRESH_AHEAD_MS = 5 * 60 * 1000;
const LOCK_LEASE_MS = 60_000;
const WAIT_STEP_MS = 50;
const WAIT_LIMIT_MS = 65_000;

/**
 * The company's access tokens for one client. The token it last gave is given again without reading
 * the database until shortly before it expires, or until QuickBooks refuses it (revoked at a
 * disconnect, for instance): then the stored one is read, or a new one fetched.
 */
export function connectionTokenSource(deps: ConnectionDeps, companyId: string): AccessTokenSource {
  let lastGiven: { token: string; expiresAt: number } | undefined;
  return {
    async accessToken(options) {
      if (!options?.forceRefresh && lastGiven && lastGiven.expiresAt - Date.now() > REFRESH_AHEAD_MS) {
        return lastGiven.token;
      }
      const refused = options?.forceRefresh ? lastGiven?.token : undefined;
      lastGiven = undefined;
      lastGiven = await validAccessToken(deps, companyId, refused);
      return lastGiven.token;
    },
  };
}

/**
 * A valid access token. With `refused`, the token QuickBooks just refused: a new one is fetched unless
 * another process already replaced it.
 */
export async function currentAccessToken(
  deps: ConnectionDeps,
  companyId: string,
  refused?: string,
): Promise<string> {
  return (await validAccessToken(deps, companyId, refused)).token;
}

type TokenAndExpiry = { token: string; expiresAt: number };

async function validAccessToken(
  deps: ConnectionDeps,
  companyId: string,
  refused?: string,
): Promise<TokenAndExpiry> {
  const fresh = await usableToken(deps, companyId, refused);
  if (fresh) return fresh;
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (await tryLockRefresh(deps.db.kysely, companyId, holder, LOCK_LEASE_MS)) {
      try {
        // Another process may have refreshed while this one waited for the lock.
        const now = await usableToken(deps, companyId, refused);
        if (now) return now;
        return await refresh(deps, companyId);
      } finally {
        await unlockRefresh(deps.db.kysely, companyId, holder);
      }
    }
    if (Date.now() > deadline) {
      throw new ConnectionUnavailableError(
        "refresh_busy",
        "Another process has held the token refresh for over a minute",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    const refreshed = await usableToken(deps, companyId, refused);
    if (refreshed) return refreshed;
  }
}

async function usableToken(
  deps: ConnectionDeps,
  companyId: string,
  refused?: string,
): Promise<TokenAndExpiry | undefined> {
  const connection = await findConnection(deps.db.kysely, companyId);
  if (connection?.status !== "connected") {
    throw new ConnectionUnavailableError(
      connection?.status === "needs_reauthorization" ? "needs_reauthorization" : "not_connected",
      connection?.status === "needs_reauthorization"
        ? `QuickBooks needs to be connected again: ${connection.statusReason ?? "the authorisation was refused"}`
        : "This company is not connected to QuickBooks",
    );
  }
  const expiresAt = connection.accessTokenExpiresAt?.getTime() ?? 0;
  if (expiresAt - Date.now() <= REFRESH_AHEAD_MS) return undefined;
  const token = await readSecret(deps.db.kysely, deps.secretKey, { companyId, name: SECRET.accessToken });
  if (!token || token === refused) return undefined;
  return { token, expiresAt };
}

async function refresh(deps: ConnectionDeps, companyId: string): Promise<TokenAndExpiry> {
  const refreshToken = await readSecret(deps.db.kysely, deps.secretKey, {
    companyId,
    name: SECRET.refreshToken,
  });
  const app = await oauthAppOf(deps, companyId);
  if (!refreshToken || !app) {
    await needsReauthorization(deps, companyId, "No refresh token is stored; connect again");
    throw new ConnectionUnavailableError("needs_reauthorization", "No refresh token is stored");
  }
  let tokens: Awaited<ReturnType<typeof refreshTokens>>;
  try {
    tokens = await refreshTokens(app, refreshToken);
  } catch (error) {
    if (
      error instanceof OAuthGrantError &&
      (error.error === "invalid_grant" || error.error === "invalid_client")
    ) {
      const reason =
        error.error === "invalid_grant"
          ? "QuickBooks refused the stored authorisation (invalid_grant): it was revoked, expired, or replaced. Reconnect to QuickBooks."
          : "QuickBooks refused the app's client id or secret (invalid_client). Check them in the connection settings, then reconnect.";
      await needsReauthorization(deps, companyId, reason);
      throw new ConnectionUnavailableError("needs_reauthorization", reason, { cause: error });
    }
    throw error;
  }
  await deps.db.transaction(async (trx) => {
    await saveSecret(trx, deps.secretKey, {
      companyId,
      name: SECRET.refreshToken,
      value: tokens.refreshToken,
    });
    await saveSecret(trx, deps.secretKey, { companyId, name: SECRET.accessToken, value: tokens.accessToken });
    await updateConnectionState(trx, companyId, {
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    });
  });
  deps.logger?.info({ companyId }, "QuickBooks access token refreshed");
  return { token: tokens.accessToken, expiresAt: tokens.accessTokenExpiresAt.getTime() };
}

async function needsReauthorization(deps: ConnectionDeps, companyId: string, reason: string): Promise<void> {
  await holdForConnection(deps.db.kysely, companyId, reason);
  deps.logger?.warn({ companyId }, "QuickBooks connection needs to be authorised again");
}

/**
 * QuickBooks refused the connection (a refused refresh, a 403, a revoked grant): a live connection
 * becomes `needs_reauthorization` with the reason and time, and the company's work waits on its
 * condition (without spending attempts) until someone connects again, which clears it.
 */
export async function holdForConnection(
  db: Kysely<Tables>,
  companyId: string,
  reason: string,
): Promise<void> {
  const connection = await findConnection(db, companyId);
  if (connection?.status === "connected") {
    await updateConnectionState(db, companyId, {
      status: "needs_reauthorization",
      statusReason: reason,
      lastError: reason,
      lastErrorAt: new Date(),
    });
  }
  await setCondition(db, connectionCondition(companyId), { reason });
}
