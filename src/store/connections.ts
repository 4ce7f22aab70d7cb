// A company's connection to its books: settings, state, token expiry and the refresh lock. The
// secrets themselves (client secret, tokens) are sealed in `secrets` by src/secrets.
import { type Kysely, sql } from "kysely";
import type {
  ConnectionEnvironment,
  ConnectionRow,
  ConnectionStatus,
  ConnectionsTable,
  OAuthStatesTable,
  Tables,
} from "./tables.ts";

type Db = Kysely<Tables>;

export interface ConnectionEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
}

export interface ConnectionRecord extends ConnectionEndpoints {
  companyId: string;
  provider: string;
  environment: ConnectionEnvironment;
  clientId: string;
  status: ConnectionStatus;
  statusReason: string | null;
  statusChangedAt: Date;
  realmId: string | null;
  companyName: string | null;
  connectedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
}

function toConnection(row: ConnectionRow): ConnectionRecord {
  return {
    companyId: row.company_id,
    provider: row.provider,
    environment: row.environment,
    clientId: row.client_id,
    authorizeUrl: row.authorize_url,
    tokenUrl: row.token_url,
    revokeUrl: row.revoke_url,
    apiBaseUrl: row.api_base_url,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at,
    realmId: row.realm_id,
    companyName: row.company_name,
    connectedAt: row.connected_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    accessTokenExpiresAt: row.access_token_expires_at,
    refreshTokenExpiresAt: row.refresh_token_expires_at,
  };
}

export async function findConnection(db: Db, companyId: string): Promise<ConnectionRecord | undefined> {
  const row = await db
    .selectFrom("connections")
    .selectAll()
    .where("company_id", "=", companyId)
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

/** Creates the connection or changes its settings; its state and tokens are left as they are. */
export async function saveConnectionSettings(
  db: Db,
  companyId: string,
  settings: { environment: ConnectionEnvironment; clientId: string } & ConnectionEndpoints,
): Promise<ConnectionRecord> {
  const values = {
    environment: settings.environment,
    client_id: settings.clientId,
    authorize_url: settings.authorizeUrl,
    token_url: settings.tokenUrl,
    revoke_url: settings.revokeUrl,
    api_base_url: settings.apiBaseUrl,
  };
  const row = await db
    .insertInto("connections")
    .values({ company_id: companyId, ...values })
    .onConflict((oc) => oc.column("company_id").doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toConnection(row);
}

export type ConnectionStateChange = Partial<{
  status: ConnectionStatus;
  statusReason: string | null;
  realmId: string | null;
  companyName: string | null;
  connectedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
}>;

const columnOf: Record<keyof ConnectionStateChange, keyof ConnectionsTable> = {
  status: "status",
  statusReason: "status_reason",
  realmId: "realm_id",
  companyName: "company_name",
  connectedAt: "connected_at",
  lastError: "last_error",
  lastErrorAt: "last_error_at",
  accessTokenExpiresAt: "access_token_expires_at",
  refreshTokenExpiresAt: "refresh_token_expires_at",
};

/** Changes the connection's state; a change of status also stamps when it changed. */
export async function updateConnectionState(
  db: Db,
  companyId: string,
  change: ConnectionStateChange,
): Promise<ConnectionRecord | undefined> {
  const set: Record<string, unknown> = { updated_at: sql`now()` };
  for (const [key, value] of Object.entries(change)) {
    if (value !== undefined) set[columnOf[key as keyof ConnectionStateChange]] = value;
  }
  if (change.status !== undefined) set.status_changed_at = sql`now()`;
  const row = await db
    .updateTable("connections")
    .set(set as never)
    .where("company_id", "=", companyId)
    .returningAll()
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

/**
 * Takes the token refresh lock for `holder` when no one holds it (or its holder's lease ran out).
 * A row lock would hold a transaction open across the call to the token endpoint, which on the
 * embedded database's single session would stall every other query meanwhile; a lease column does not.
 */
export async function tryLockRefresh(
  db: Db,
  companyId: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable("connections")
    .set({
      refresh_locked_by: holder,
      refresh_locked_until: sql<Date>`clock_timestamp() + ${`${leaseMs} milliseconds`}::interval`,
    })
    .where("company_id", "=", companyId)
    .where((eb) =>
      eb.or([
        eb("refresh_locked_until", "is", null),
        eb("refresh_locked_until", "<", sql<Date>`clock_timestamp()`),
        eb("refresh_locked_by", "=", holder),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function unlockRefresh(db: Db, companyId: string, holder: string): Promise<void> {
  await db
    .updateTable("connections")
    .set({ refresh_locked_by: null, refresh_locked_until: null })
    .where("company_id", "=", companyId)
    .where("refresh_locked_by", "=", holder)
    .execute();
}

export type OAuthStateRow = Pick<OAuthStatesTable, "nonce" | "company_id" | "redirect_uri" | "return_to">;

export async function createOAuthState(
  db: Db,
  input: { nonce: string; companyId: string; redirectUri: string; returnTo: string | null; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("oauth_states")
    .values({
      nonce: input.nonce,
      company_id: input.companyId,
      redirect_uri: input.redirectUri,
      return_to: input.returnTo,
      expires_at: input.expiresAt,
    })
    .execute();
  // States nobody came back for: gone a day after they expired.
  await db.deleteFrom("oauth_states").where("expires_at", "<", sql<Date>`now() - interval '1 day'`).execute();
}

/** Marks the state used and returns it, once: a second callback with the same state finds nothing. */
export async function consumeOAuthState(
  db: Db,
  nonce: string,
): Promise<{ companyId: string; redirectUri: string; returnTo: string | null } | undefined> {
  const row = await db
    .updateTable("oauth_states")
    .set({ used_at: sql<Date>`now()` })
    .where("nonce", "=", nonce)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(["company_id", "redirect_uri", "return_to"])
    .executeTakeFirst();
  return row
    ? { companyId: row.company_id, redirectUri: row.redirect_uri, returnTo: row.return_to }
    : undefined;
}
