// A company's connection to QuickBooks Online: its settings, connecting through Intuit's consent page,
// the callback, disconnecting, and the views the host and the web app read.
//
// States: `not_connected` (no tokens), `connecting` (sent to the consent page, callback not back
// yet), `connected`, `needs_reauthorization` (QuickBooks refused the stored authorisation; the reason
// and time are kept). Tokens and the client secret are sealed at rest; no view ever carries them.
import { z } from "zod";
import { type ConnectionErrorCode, err, ok, type Result } from "#domain/index.ts";
import { clearCondition } from "#jobs/conditions.ts";
import {
  type AccessTokenSource,
  authorizationUrl,
  endpointsAtOrigin,
  exchangeCode,
  INTUIT_ENDPOINTS,
  OAuthGrantError,
  QUICKBOOKS_LIMITS,
  QuickBooksClient,
  type QuickBooksEndpoints,
  type RequestBudget,
  revokeToken,
} from "#quickbooks/index.ts";
import { deleteSecret, readSecret, saveSecret } from "#secrets/index.ts";
import { getCompany } from "#store/companies.ts";
import {
  type ConnectionRecord,
  consumeOAuthState,
  createOAuthState,
  findConnection,
  saveConnectionSettings,
  updateConnectionState,
} from "#store/connections.ts";
import type { Database } from "#store/database.ts";
import { DatabaseRequestBudget } from "#store/request-budget.ts";
import { type ConnectionDeps, connectionCondition, oauthAppOf, SECRET } from "./connection-app.ts";
import { issueState, verifyState } from "./oauth-state.ts";
import { connectionTokenSource } from "./tokens.ts";

export { type ConnectionDeps, ConnectionUnavailableError } from "./connection-app.ts";

export const PROVIDER = "quickbooks_online";

/** What the host sees: `GET /api/v1/connection`. */
export interface HostConnectionView {
  provider: string;
  status: ConnectionRecord["status"];
  realmId: string | null;
  companyName: string | null;
  connectedAt: string | null;
  lastError: { message: string; at: string } | null;
}

/** What the web app's settings screen sees. */
export interface ConnectionSettingsView extends HostConnectionView {
  configured: boolean;
  environment: ConnectionRecord["environment"] | null;
  clientId: string | null;
  clientSecretSet: boolean;
  endpoints: QuickBooksEndpoints | null;
  statusReason: string | null;
  statusChangedAt: string | null;
  accessTokenExpiresAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function hostView(connection: ConnectionRecord | undefined): HostConnectionView {
  return {
    provider: connection?.provider ?? PROVIDER,
    status: connection?.status ?? "not_connected",
    realmId: connection?.realmId ?? null,
    companyName: connection?.companyName ?? null,
    connectedAt: iso(connection?.connectedAt ?? null),
    lastError:
      connection?.lastError && connection.lastErrorAt
        ? { message: connection.lastError, at: connection.lastErrorAt.toISOString() }
        : null,
  };
}

export async function getHostConnection(
  deps: ConnectionDeps,
  companyId: string,
): Promise<HostConnectionView> {
  return hostView(await findConnection(deps.db.kysely, companyId));
}

export async function getConnectionSettings(
  deps: ConnectionDeps,
  companyId: string,
): Promise<Result<ConnectionSettingsView, ConnectionErrorCode>> {
  if (!(await getCompany(deps.db.kysely, companyId)))
    return err("company_not_found", `No company ${companyId}.`);
  const connection = await findConnection(deps.db.kysely, companyId);
  const secret = connection
    ? await readSecret(deps.db.kysely, deps.secretKey, { companyId, name: SECRET.clientSecret })
    : undefined;
  return ok(settingsView(connection, secret !== undefined));
}

function settingsView(
  connection: ConnectionRecord | undefined,
  clientSecretSet: boolean,
): ConnectionSettingsView {
  return {
    ...hostView(connection),
    configured: connection !== undefined && clientSecretSet,
    environment: connection?.environment ?? null,
    clientId: connection?.clientId ?? null,
    clientSecretSet,
    endpoints: connection
      ? {
          authorizeUrl: connection.authorizeUrl,
          tokenUrl: connection.tokenUrl,
          revokeUrl: connection.revokeUrl,
          apiBaseUrl: connection.apiBaseUrl,
        }
      : null,
    statusReason: connection?.statusReason ?? null,
    statusChangedAt: iso(connection?.statusChangedAt ?? null),
    accessTokenExpiresAt: iso(connection?.accessTokenExpiresAt ?? null),
  };
}

const url = z
  .string()
  .max(2000)
  .refine(
    (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
    "must be an http:// or https:// URL",
  );

export const connectionSettingsSchema = z
  .strictObject({
    environment: z.enum(["production", "sandbox", "custom"]),
    clientId: z.string().trim().min(1, "is required").max(200),
    /** Leave out to keep the stored one. */
    clientSecret: z.string().trim().min(1, "must not be empty").max(500).optional(),
    /** Required for `custom`: either all four URLs, or the origin of a server with Intuit's paths. */
    endpoints: z
      .strictObject({ authorizeUrl: url, tokenUrl: url, revokeUrl: url, apiBaseUrl: url })
      .optional(),
    origin: url.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.environment === "custom" && !value.endpoints && !value.origin) {
      ctx.addIssue({
        code: "custom",
        path: ["endpoints"],
        message: "is required for a custom environment (or give origin)",
      });
    }
    if (value.environment !== "custom" && (value.endpoints || value.origin)) {
      ctx.addIssue({
        code: "custom",
        path: ["endpoints"],
        message: `is fixed for ${value.environment}; leave it out`,
      });
    }
  });

export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>;

/** Saves the app credentials and environment. Changing the app or environment of a live connection is refused. */
export async function saveSettings(
  deps: ConnectionDeps,
  companyId: string,
  input: z.output<typeof connectionSettingsSchema>,
): Promise<Result<ConnectionSettingsView, ConnectionErrorCode>> {
  if (!(await getCompany(deps.db.kysely, companyId)))
    return err("company_not_found", `No company ${companyId}.`);
  const endpoints: QuickBooksEndpoints =
    input.environment === "custom"
      ? (input.endpoints ?? endpointsAtOrigin(input.origin ?? ""))
      : INTUIT_ENDPOINTS[input.environment];
  const existing = await findConnection(deps.db.kysely, companyId);
  const hasSecret =
    input.clientSecret !== undefined ||
    (existing !== undefined &&
      (await readSecret(deps.db.kysely, deps.secretKey, { companyId, name: SECRET.clientSecret })) !==
        undefined);
  if (!hasSecret) {
    return err("invalid_connection_settings", "The client secret is required.", [
      { path: "/clientSecret", message: "is required" },
    ]);
  }
  if (existing && existing.status !== "not_connected") {
    const changed =
      existing.clientId !== input.clientId ||
      existing.environment !== input.environment ||
      existing.apiBaseUrl !== endpoints.apiBaseUrl ||
      existing.tokenUrl !== endpoints.tokenUrl;
    if (changed) {
      return err(
        "disconnect_first",
        "This company is connected with the current app and environment; disconnect before changing them.",
      );
    }
  }
  const saved = await deps.db.transaction(async (trx) => {
    const row = await saveConnectionSettings(trx, companyId, {
      environment: input.environment,
      clientId: input.clientId,
      ...endpoints,
    });
    if (input.clientSecret !== undefined) {
      await saveSecret(trx, deps.secretKey, {
        companyId,
        name: SECRET.clientSecret,
        value: input.clientSecret,
      });
    }
    return row;
  });
  return ok(settingsView(saved, true));
}

/** Starts connecting (or reconnecting): the consent page's address, with a fresh signed state. */
export async function startConnect(
  deps: ConnectionDeps,
  companyId: string,
  input: { redirectUri: string; returnTo?: string | undefined },
): Promise<Result<{ authorizeUrl: string }, ConnectionErrorCode>> {
  if (!(await getCompany(deps.db.kysely, companyId)))
    return err("company_not_found", `No company ${companyId}.`);
  const app = await oauthAppOf(deps, companyId);
  if (!app) {
    return err("connection_not_configured", "Save the app's client id and secret before connecting.");
  }
  const { state, nonce, expiresAt } = issueState(deps.secretKey, companyId);
  await createOAuthState(deps.db.kysely, {
    nonce,
    companyId,
    redirectUri: input.redirectUri,
    returnTo: safeReturnTo(input.returnTo),
    expiresAt,
  });
  const connection = await findConnection(deps.db.kysely, companyId);
  // A live connection keeps working while its user is on the consent page to reconnect.
  if (connection?.status === "not_connected") {
    await updateConnectionState(deps.db.kysely, companyId, { status: "connecting", statusReason: null });
  }
  return ok({ authorizeUrl: authorizationUrl(app, { redirectUri: input.redirectUri, state }) });
}

/** A path inside the web app, never another site (an open redirect). */
function safeReturnTo(value: string | undefined): string | null {
  if (!value?.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  return value;
}

/** The company a state this installation signed names (expired or not yet, used or not). */
export function companyOfState(deps: ConnectionDeps, state: string): string | undefined {
  return verifyState(deps.secretKey, state, 0)?.companyId;
}

/**
 * The callback from the consent page. The signed, single-use state decides which company it is for;
 * nothing else in the request is trusted until it checks out.
 */
export async function completeConnect(
  deps: ConnectionDeps,
  params: URLSearchParams,
): Promise<Result<{ companyId: string; returnTo: string | null }, ConnectionErrorCode>> {
  const state = params.get("state") ?? "";
  const verified = verifyState(deps.secretKey, state);
  const consumed = verified ? await consumeOAuthState(deps.db.kysely, verified.nonce) : undefined;
  if (!verified || !consumed || consumed.companyId !== verified.companyId) {
    return err(
      "invalid_oauth_state",
      "This connection link is not valid: it expired, was already used, or was not issued here. Start connecting again.",
    );
  }
  const { companyId } = verified;
  const fail = async (code: ConnectionErrorCode, message: string) => {
    const connection = await findConnection(deps.db.kysely, companyId);
    await updateConnectionState(deps.db.kysely, companyId, {
      ...(connection?.status === "connecting" ? { status: "not_connected" as const } : {}),
      lastError: message,
      lastErrorAt: new Date(),
    });
    return err(code, message);
  };
  const denied = params.get("error");
  if (denied) {
    return fail(
      "authorization_refused",
      denied === "access_denied"
        ? "The connection was cancelled on QuickBooks' page."
        : `QuickBooks did not authorise the connection (${denied}).`,
    );
  }
  const realmId = params.get("realmId");
  if (!realmId || !/^\d{1,32}$/.test(realmId)) {
    return fail("authorization_refused", "QuickBooks' answer did not name the company (realmId).");
  }
  const before = await findConnection(deps.db.kysely, companyId);
  if (before?.realmId && before.realmId !== realmId && before.status !== "not_connected") {
    return fail(
      "realm_mismatch",
      `This company is linked to QuickBooks company ${before.companyName ?? before.realmId} (realm ${before.realmId}); reconnect that one, or disconnect first.`,
    );
  }
  const app = await oauthAppOf(deps, companyId);
  if (!app) return fail("connection_not_configured", "The app's credentials were removed meanwhile.");
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    tokens = await exchangeCode(app, { params, redirectUri: consumed.redirectUri, state });
  } catch (error) {
    if (error instanceof OAuthGrantError) {
      return fail("authorization_refused", `QuickBooks refused to issue tokens (${error.error}).`);
    }
    deps.logger?.warn({ companyId, err: (error as Error).message }, "QuickBooks token endpoint unreachable");
    return fail(
      "provider_unavailable",
      `QuickBooks could not be reached to finish connecting: ${(error as Error).message}`,
    );
  }
  const connectedAt = new Date();
  await deps.db.transaction(async (trx) => {
    await saveSecret(trx, deps.secretKey, {
      companyId,
      name: SECRET.refreshToken,
      value: tokens.refreshToken,
    });
    await saveSecret(trx, deps.secretKey, { companyId, name: SECRET.accessToken, value: tokens.accessToken });
    await updateConnectionState(trx, companyId, {
      status: "connected",
      statusReason: null,
      realmId,
      connectedAt,
      lastError: null,
      lastErrorAt: null,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    });
  });
  // The company's name is shown beside the realm; a failure here does not undo the connection.
  try {
    const info = await clientFor(deps, companyId, {
      realmId,
      apiBaseUrl: app.endpoints.apiBaseUrl,
    }).companyInfo();
    const name = typeof info.CompanyName === "string" ? info.CompanyName : null;
    await updateConnectionState(deps.db.kysely, companyId, { companyName: name });
  } catch (error) {
    deps.logger?.warn(
      { companyId, err: (error as Error).message },
      "could not read the QuickBooks company's name",
    );
  }
  // The work that waited for a person to reconnect goes back to the queue.
  await clearCondition(deps.db.kysely, connectionCondition(companyId));
  deps.logger?.info({ companyId, realmId }, "connected to QuickBooks");
  return ok({ companyId, returnTo: consumed.returnTo });
}

/** Revokes the authorisation at QuickBooks and forgets the tokens. */
export async function disconnect(
  deps: ConnectionDeps,
  companyId: string,
): Promise<Result<ConnectionSettingsView, ConnectionErrorCode>> {
  if (!(await getCompany(deps.db.kysely, companyId)))
    return err("company_not_found", `No company ${companyId}.`);
  const connection = await findConnection(deps.db.kysely, companyId);
  if (!connection) return err("connection_not_configured", "This company has no QuickBooks connection.");
  const refreshToken = await readSecret(deps.db.kysely, deps.secretKey, {
    companyId,
    name: SECRET.refreshToken,
  });
  const app = await oauthAppOf(deps, companyId);
  let lastError: string | null = null;
  if (refreshToken && app) {
    try {
      await revokeToken(app, refreshToken);
    } catch (error) {
      // Disconnecting must work even when QuickBooks cannot be reached; the user is told to revoke
      // the app in QuickBooks' own settings then.
      lastError = `The authorisation could not be revoked at QuickBooks (${(error as Error).message}); remove the app in QuickBooks' settings to be sure.`;
    }
  }
  const updated = await deps.db.transaction(async (trx) => {
    await deleteSecret(trx, { companyId, name: SECRET.accessToken });
    await deleteSecret(trx, { companyId, name: SECRET.refreshToken });
    return updateConnectionState(trx, companyId, {
      status: "not_connected",
      statusReason: null,
      realmId: null,
      companyName: null,
      connectedAt: null,
      lastError,
      lastErrorAt: lastError ? new Date() : null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    });
  });
  deps.logger?.info({ companyId }, "disconnected from QuickBooks");
  return ok(settingsView(updated, app !== undefined));
}

const budgets = new WeakMap<Database, RequestBudget>();

/**
 * The request budget every QuickBooks request of this database's processes goes through (Intuit's
 * limits, shared in the database). A request outside it, even one, could take a realm past 500 a minute.
 */
export function quickBooksBudget(db: Database): RequestBudget {
  let budget = budgets.get(db);
  if (!budget) {
    // Renewed while a request is under way: a process that dies frees its slots within 15 s.
    budget = new DatabaseRequestBudget(db, { ...QUICKBOOKS_LIMITS, leaseMs: 15_000 });
    budgets.set(db, budget);
  }
  return budget;
}

/**
 * A client for the company's QuickBooks company, with its tokens (refreshed as needed), within the
 * realm's request budget (the database's shared one unless another is given).
 */
export function clientFor(
  deps: ConnectionDeps,
  companyId: string,
  target: { realmId: string; apiBaseUrl: string },
  budget?: RequestBudget,
  tokens: AccessTokenSource = connectionTokenSource(deps, companyId),
): QuickBooksClient {
  return new QuickBooksClient({
    baseUrl: target.apiBaseUrl,
    realmId: target.realmId,
    tokens,
    budget: budget ?? quickBooksBudget(deps.db),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}

/**
 * The client for a connected company, or undefined. A caller that makes many clients for one company
 * passes the same token source to each, so the token is not read again for every client.
 */
export async function connectedClient(
  deps: ConnectionDeps,
  companyId: string,
  budget?: RequestBudget,
  tokens?: AccessTokenSource,
): Promise<QuickBooksClient | undefined> {
  const connection = await findConnection(deps.db.kysely, companyId);
  if (!connection?.realmId || connection.status !== "connected") return undefined;
  return clientFor(
    deps,
    companyId,
    { realmId: connection.realmId, apiBaseUrl: connection.apiBaseUrl },
    budget,
    tokens,
  );
}
