// OAuth 2.0 with Intuit: the authorization-code grant, refresh and revocation, through oauth4webapi.
// Every call takes the connection's own endpoints (production, sandbox, or an emulator's), which is
// why the library was chosen: intuit-oauth keeps its endpoints in class-wide statics, so two
// connections in one process would overwrite each other's.
import * as oauth from "oauth4webapi";
import { ACCOUNTING_SCOPE, type QuickBooksEndpoints } from "./environments.ts";

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  endpoints: QuickBooksEndpoints;
  /** For tests that count requests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  /** Intuit's `x_refresh_token_expires_in` (101 days from the last rotation); null when not sent. */
  refreshTokenExpiresAt: Date | null;
}

/**
 * The token endpoint refused the grant. `invalid_grant` (a revoked, expired or superseded refresh
 * token, a used code) means the connection must be authorised again; `invalid_client` that the app's
 * credentials are wrong.
 */
export class OAuthGrantError extends Error {
  constructor(
    readonly error: string,
    readonly description: string | undefined,
    readonly status: number,
  ) {
    super(`QuickBooks refused the authorisation (${error}${description ? `: ${description}` : ""})`);
    this.name = "OAuthGrantError";
  }
}

/** Intuit's issuer identifier; the emulator keeps it too (it is a name, not a URL that is called). */
const ISSUER = "https://oauth.platform.intuit.com/op/v1";

function server(endpoints: QuickBooksEndpoints): oauth.AuthorizationServer {
  return {
    issuer: ISSUER,
    authorization_endpoint: endpoints.authorizeUrl,
    token_endpoint: endpoints.tokenUrl,
    revocation_endpoint: endpoints.revokeUrl,
  };
}

function requestOptions(app: OAuthApp): oauth.TokenEndpointRequestOptions {
  // Plain http only where the connection names an http endpoint: the emulator on the loopback.
  const insecure = new URL(app.endpoints.tokenUrl).protocol === "http:";
  return {
    ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(app.fetch ? { [oauth.customFetch]: app.fetch } : {}),
  };
}

/** The consent page's address, which the browser is sent to. */
export function authorizationUrl(
  app: Pick<OAuthApp, "clientId" | "endpoints">,
  input: { redirectUri: string; state: string },
): string {
  const url = new URL(app.endpoints.authorizeUrl);
  url.searchParams.set("client_id", app.clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", ACCOUNTING_SCOPE);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  return url.toString();
}

function toTokenSet(response: oauth.TokenEndpointResponse, now: number): TokenSet {
  if (!response.refresh_token)
    throw new OAuthGrantError("invalid_response", "no refresh_token in the answer", 200);
  const refreshIn = Number(response.x_refresh_token_expires_in);
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    accessTokenExpiresAt: new Date(now + (response.expires_in ?? 3600) * 1000),
    refreshTokenExpiresAt:
      Number.isFinite(refreshIn) && refreshIn > 0 ? new Date(now + refreshIn * 1000) : null,
  };
}

async function grant<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      throw new OAuthGrantError(error.error, error.error_description, error.status);
    }
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new OAuthGrantError(error.error, error.error_description, 400);
    }
    throw error;
  }
}

/** Exchanges the code the callback brought for tokens. `params` are the callback's query parameters. */
export async function exchangeCode(
  app: OAuthApp,
  input: { params: URLSearchParams; redirectUri: string; state: string },
): Promise<TokenSet> {
  const as = server(app.endpoints);
  const client: oauth.Client = { client_id: app.clientId };
  const now = Date.now();
  return grant(async () => {
    const params = oauth.validateAuthResponse(as, client, input.params, input.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(app.clientSecret),
      params,
      input.redirectUri,
      oauth.nopkce,
      requestOptions(app),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client, response), now);
  });
}

/** A new access token (and, at Intuit, a rotated refresh token) for the refresh token given. */
export async function refreshTokens(app: OAuthApp, refreshToken: string): Promise<TokenSet> {
  const as = server(app.endpoints);
  const client: oauth.Client = { client_id: app.clientId };
  const now = Date.now();
  return grant(async () => {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(app.clientSecret),
      refreshToken,
      requestOptions(app),
    );
    return toTokenSet(await oauth.processRefreshTokenResponse(as, client, response), now);
  });
}

/** Revokes the token and with it the app's access to the company (Intuit revokes the whole grant). */
export async function revokeToken(app: OAuthApp, token: string): Promise<void> {
  const as = server(app.endpoints);
  const client: oauth.Client = { client_id: app.clientId };
  await grant(async () => {
    const response = await oauth.revocationRequest(
      as,
      client,
      oauth.ClientSecretBasic(app.clientSecret),
      token,
      requestOptions(app),
    );
    await oauth.processRevocationResponse(response);
  });
}
