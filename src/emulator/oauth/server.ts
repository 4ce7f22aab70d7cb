// OAuth 2.0 as Intuit runs it, on the emulator's own origin. The paths repeat Intuit's, so a client
// points at the emulator by changing only the scheme, host and port of each endpoint URL:
//   authorization  https://appcenter.intuit.com/connect/oauth2
//   token          https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer
//   revocation     https://developer.api.intuit.com/v2/oauth2/tokens/revoke
//   userinfo       https://accounts.platform.intuit.com/v1/openid_connect/userinfo
//   jwks           https://oauth.platform.intuit.com/op/v1/jwks
//   discovery      https://developer.api.intuit.com/.well-known/openid_configuration
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppRegistry, RegisteredApp } from "../apps.ts";
import { consentHtml, errorHtml } from "./consent.ts";
import { IdTokenSigner, type SignerState } from "./id-token.ts";
import { ACCESS_TOKEN_TTL_S, ACCOUNTING_SCOPE, type Issued, type TokenState, TokenStore } from "./tokens.ts";
import type { CompanyDirectory, OAuthServerOptions, TokenResponse, VerifyResult } from "./types.ts";

export const OAUTH_PATHS = {
  discovery: "/.well-known/openid_configuration",
  discoverySandbox: "/.well-known/openid_sandbox_configuration",
  authorize: "/connect/oauth2",
  token: "/oauth2/v1/tokens/bearer",
  revoke: "/v2/oauth2/tokens/revoke",
  userinfo: "/v1/openid_connect/userinfo",
  jwks: "/op/v1/jwks",
} as const;

/**
 * Intuit's issuer identifier. It names the token's author rather than a URL anyone fetches, and
 * intuit-oauth's validateIdToken() refuses any other, so the emulator keeps it.
 */
export const INTUIT_ISSUER = "https://oauth.platform.intuit.com/op/v1";

/** Scopes Intuit's authorization server knows (discovery document and intuit-oauth 4.2 `scopes`). */
const KNOWN_SCOPES = new Set([
  ACCOUNTING_SCOPE,
  "com.intuit.quickbooks.payment",
  "com.intuit.quickbooks.payroll",
  "com.intuit.quickbooks.payroll.timetracking",
  "com.intuit.quickbooks.payroll.benefits",
  "payroll.compensation.read",
  "project-management.project",
  "app-foundations.custom-dimensions.read",
  "app-foundations.custom-field-definitions",
  "time-tracking.time-entry",
  "indirect-tax.tax-calculation.quickbooks",
  "openid",
  "profile",
  "email",
  "phone",
  "address",
]);

export interface OAuthState {
  version: 1;
  tokens: TokenState;
  signer?: SignerState;
}

type Form = Record<string, string>;

export class OAuthServer {
  readonly tokens: TokenStore;
  readonly #apps: AppRegistry;
  readonly #companies: CompanyDirectory | undefined;
  readonly #baseUrl: string | undefined;
  readonly #now: () => number;
  readonly #signer = new IdTokenSigner();

  constructor(opts: OAuthServerOptions) {
    this.#now = opts.now;
    this.#apps = opts.apps;
    this.#companies = opts.companies;
    this.#baseUrl = opts.baseUrl?.replace(/\/+$/, "");
    this.tokens = new TokenStore(opts.now, opts.rotation, opts.codeTtlMs);
  }

  registerRoutes(app: FastifyInstance): void {
    // An encapsulated plugin: the form parser below applies to these routes only.
    app.register(async (scope) => {
      const form = "application/x-www-form-urlencoded";
      if (!scope.hasContentTypeParser(form)) {
        scope.addContentTypeParser(form, { parseAs: "string" }, (_req, body, done) => done(null, body));
      }
      for (const path of [OAUTH_PATHS.discovery, OAUTH_PATHS.discoverySandbox]) {
        scope.get(path, async (req) => this.discovery(this.#origin(req)));
      }
      scope.get(OAUTH_PATHS.jwks, async () => ({ keys: [this.#signer.publicJwk()] }));
      scope.get(OAUTH_PATHS.authorize, (req, reply) => this.#authorizePage(req, reply));
      scope.post(OAUTH_PATHS.authorize, (req, reply) => this.#authorizeDecision(req, reply));
      scope.post(OAUTH_PATHS.token, (req, reply) => this.#token(req, reply));
      scope.post(OAUTH_PATHS.revoke, (req, reply) => this.#revoke(req, reply));
      scope.get(OAUTH_PATHS.userinfo, (req, reply) => this.#userinfo(req, reply));
    });
  }

  /** The discovery document, shaped as Intuit's, with every URL on the emulator. */
  discovery(origin: string): Record<string, unknown> {
    return {
      issuer: INTUIT_ISSUER,
      authorization_endpoint: origin + OAUTH_PATHS.authorize,
      token_endpoint: origin + OAUTH_PATHS.token,
      userinfo_endpoint: origin + OAUTH_PATHS.userinfo,
      revocation_endpoint: origin + OAUTH_PATHS.revoke,
      jwks_uri: origin + OAUTH_PATHS.jwks,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile", "address", "phone"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      claims_supported: ["aud", "exp", "iat", "iss", "realmid", "sub"],
    };
  }

  /**
   * Checks the `Authorization` header of a data API request. A failure maps to Intuit's 401
   * AuthenticationFailed fault (code 3200), which the caller renders.
   */
  verifyAccessToken(authorizationHeader: string | undefined, realmId: string): VerifyResult {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? "");
    if (!match?.[1])
      return { ok: false, failure: "missing", reason: "no bearer token in the Authorization header" };
    const found = this.tokens.lookupAccess(match[1]);
    if (!found)
      return { ok: false, failure: "unknown", reason: "the access token was not issued by this server" };
    const { access, grant } = found;
    if (grant.revoked) return { ok: false, failure: "revoked", reason: "the access token has been revoked" };
    if (this.#now() >= access.expiresAt) {
      return { ok: false, failure: "expired", reason: "the access token expired (they live one hour)" };
    }
    if (grant.realmId !== realmId) {
      return {
        ok: false,
        failure: "wrong_realm",
        reason: `the access token is for company ${grant.realmId}`,
      };
    }
    if (!grant.scope.split(" ").includes(ACCOUNTING_SCOPE)) {
      return { ok: false, failure: "scope", reason: `the access token lacks the ${ACCOUNTING_SCOPE} scope` };
    }
    return { ok: true, clientId: grant.clientId };
  }

  /** Connects an app to a company without the consent page (control API, tests). */
  grantDirectly(clientId: string, realmId: string, scope: string = ACCOUNTING_SCOPE): TokenResponse {
    return this.#tokenResponse(this.tokens.grantDirectly(clientId, realmId, scope), false);
  }

  /** Whether an app is connected to a company: the webhook dispatcher's `isConnected`. */
  isConnected(clientId: string, realmId: string): boolean {
    return this.tokens.isConnected(clientId, realmId);
  }

  revokeRealm(realmId: string): number {
    return this.tokens.revokeRealm(realmId);
  }

  toJSON(): OAuthState {
    const signer = this.#signer.toJSON();
    return { version: 1, tokens: this.tokens.toJSON(), ...(signer ? { signer } : {}) };
  }

  load(state: OAuthState): void {
    if (state.version !== 1) throw new Error(`unsupported OAuth state version ${String(state.version)}`);
    this.tokens.load(state.tokens);
    if (state.signer) this.#signer.load(state.signer);
  }

  #origin(req: FastifyRequest): string {
    return this.#baseUrl ?? `${req.protocol}://${req.headers.host ?? "127.0.0.1"}`;
  }

  /** Checks the parts of an authorization request that decide whether redirecting is safe at all. */
  #checkClient(query: Form): { app: RegisteredApp; redirectUri: string } | { html: string } {
    const clientId = query.client_id ?? "";
    const app = clientId ? this.#apps.get(clientId) : undefined;
    if (!app) return { html: `The client_id "${clientId}" does not belong to a registered app.` };
    const redirectUri = query.redirect_uri ?? "";
    if (!redirectUri || !this.#apps.isRedirectUriAllowed(clientId, redirectUri)) {
      return { html: `The redirect_uri "${redirectUri}" is not registered for ${app.name}.` };
    }
    return { app, redirectUri };
  }

  /** Errors RFC 6749 §4.1.2.1 says to send back to the client by redirect. */
  #requestError(query: Form): { error: string; description: string } | undefined {
    if (query.response_type !== "code") {
      return { error: "unsupported_response_type", description: "response_type must be code" };
    }
    const scopes = (query.scope ?? "").split(" ").filter(Boolean);
    if (scopes.length === 0) return { error: "invalid_scope", description: "scope is required" };
    const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s));
    if (unknown) return { error: "invalid_scope", description: `unknown scope ${unknown}` };
    return undefined;
  }

  #authorizePage(req: FastifyRequest, reply: FastifyReply) {
    const query = req.query as Form;
    const client = this.#checkClient(query);
    if ("html" in client)
      return reply.code(400).type("text/html; charset=utf-8").send(errorHtml(client.html));
    const problem = this.#requestError(query);
    if (problem) return redirect(reply, client.redirectUri, { ...problem, state: query.state });
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        consentHtml({
          appName: client.app.name,
          scopes: (query.scope ?? "").split(" ").filter(Boolean),
          companies: this.#companies?.list() ?? [],
        }),
      );
  }

  #authorizeDecision(req: FastifyRequest, reply: FastifyReply) {
    const query = req.query as Form;
    const client = this.#checkClient(query);
    if ("html" in client)
      return reply.code(400).type("text/html; charset=utf-8").send(errorHtml(client.html));
    const problem = this.#requestError(query);
    if (problem) return redirect(reply, client.redirectUri, { ...problem, state: query.state });
    const form = parseForm(req.body);
    if (form.action === "cancel") {
      return redirect(reply, client.redirectUri, {
        error: "access_denied",
        description: "the user declined",
        state: query.state,
      });
    }
    const companies = this.#companies?.list() ?? [];
    const realmId = form.realmId ?? (companies.length === 1 ? companies[0]?.realmId : undefined);
    if (!realmId || !companies.some((c) => c.realmId === realmId)) {
      return reply
        .code(400)
        .type("text/html; charset=utf-8")
        .send(errorHtml(realmId ? `There is no company ${realmId}.` : "Choose a company to connect."));
    }
    const code = this.tokens.createCode({
      clientId: client.app.clientId,
      redirectUri: client.redirectUri,
      realmId,
      scope: query.scope ?? "",
    });
    const target = new URL(client.redirectUri);
    target.searchParams.set("code", code.code);
    if (query.state !== undefined) target.searchParams.set("state", query.state);
    target.searchParams.set("realmId", realmId);
    return reply.redirect(target.toString(), 302);
  }

  #token(req: FastifyRequest, reply: FastifyReply) {
    reply.header("cache-control", "no-store").header("pragma", "no-cache");
    const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const form = parseForm(req.body);
    const app = this.#authenticate(req, form);
    if (!app) return oauthError(reply, 401, "invalid_client");
    if (!isForm) {
      return oauthError(reply, 400, "invalid_request", "the body must be application/x-www-form-urlencoded");
    }
    let issued: Issued | { error: "invalid_grant"; description: string };
    let withIdToken = false;
    switch (form.grant_type) {
      case "authorization_code":
        if (!form.code) return oauthError(reply, 400, "invalid_request", "code is required");
        issued = this.tokens.exchangeCode(form.code, app.clientId, form.redirect_uri);
        withIdToken = true;
        break;
      case "refresh_token":
        if (!form.refresh_token)
          return oauthError(reply, 400, "invalid_request", "refresh_token is required");
        issued = this.tokens.refresh(form.refresh_token, app.clientId);
        break;
      case undefined:
      case "":
        return oauthError(reply, 400, "invalid_request", "grant_type is required");
      default:
        return oauthError(reply, 400, "unsupported_grant_type");
    }
    if ("error" in issued) return oauthError(reply, 400, issued.error, issued.description);
    const hard = String(req.headers["x-include-refresh-token-hard-expires-in"]).toLowerCase() === "true";
    return reply.send(this.#tokenResponse(issued, withIdToken, hard));
  }

  #tokenResponse(issued: Issued, withIdToken: boolean, hard = false): TokenResponse {
    const { grant, accessToken } = issued;
    const now = this.#now();
    const refreshLeft = Math.min(grant.refreshExpiresAt, grant.hardExpiresAt) - now;
    const body: TokenResponse = {
      token_type: "bearer",
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_token: grant.refreshToken,
      x_refresh_token_expires_in: Math.floor(refreshLeft / 1000),
      access_token: accessToken.token,
    };
    if (hard) body.x_refresh_token_hard_expires_in = Math.floor((grant.hardExpiresAt - now) / 1000);
    if (withIdToken && grant.scope.split(" ").includes("openid")) {
      body.id_token = this.#signer.sign({
        iss: INTUIT_ISSUER,
        sub: subjectOf(grant.clientId, grant.realmId),
        aud: [grant.clientId],
        realmid: grant.realmId,
        auth_time: Math.floor(now / 1000),
        iat: Math.floor(now / 1000),
        exp: Math.floor(now / 1000) + ACCESS_TOKEN_TTL_S,
      });
    }
    return body;
  }

  /** client_secret_basic first, then client_secret_post, as the discovery document offers both. */
  #authenticate(req: FastifyRequest, form: Form): RegisteredApp | undefined {
    const header = req.headers.authorization ?? "";
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return undefined;
      const id = decodeFormComponent(decoded.slice(0, colon));
      const secret = decodeFormComponent(decoded.slice(colon + 1));
      return this.#apps.authenticate(id, secret);
    }
    if (form.client_id && form.client_secret)
      return this.#apps.authenticate(form.client_id, form.client_secret);
    return undefined;
  }

  #revoke(req: FastifyRequest, reply: FastifyReply) {
    reply.header("cache-control", "no-store");
    const form = parseForm(req.body);
    const app = this.#authenticate(req, form);
    if (!app) return oauthError(reply, 401, "invalid_client");
    if (!form.token) return oauthError(reply, 400, "invalid_request", "token is required");
    // RFC 7009 §2.2: an unknown token is not an error, the client's goal is already met.
    this.tokens.revoke(form.token, app.clientId);
    return reply.code(200).send();
  }

  #userinfo(req: FastifyRequest, reply: FastifyReply) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const found = match?.[1] ? this.tokens.lookupAccess(match[1]) : undefined;
    if (!found || found.grant.revoked || this.#now() >= found.access.expiresAt) {
      return reply.code(401).header("www-authenticate", 'Bearer error="invalid_token"').send();
    }
    const scopes = found.grant.scope.split(" ");
    if (!scopes.includes("openid"))
      return reply.code(403).header("www-authenticate", 'Bearer error="insufficient_scope"').send();
    const info: Record<string, unknown> = { sub: subjectOf(found.grant.clientId, found.grant.realmId) };
    if (scopes.includes("profile")) Object.assign(info, { givenName: "Emulator", familyName: "User" });
    if (scopes.includes("email"))
      Object.assign(info, { email: "emulator.user@example.com", emailVerified: true });
    if (scopes.includes("phone"))
      Object.assign(info, { phoneNumber: "+1 555-0100", phoneNumberVerified: false });
    return reply.send(info);
  }
}

/** Stable and opaque per company: the emulator has a single user. */
function subjectOf(clientId: string, realmId: string): string {
  return createHash("sha256").update(`${clientId}:${realmId}`).digest("hex").slice(0, 32);
}

/** Accepts what any parser left: a raw form string, a parsed object (JSON, as intuit-oauth revokes). */
function parseForm(body: unknown): Form {
  if (typeof body === "string") return Object.fromEntries(new URLSearchParams(body));
  if (body && typeof body === "object") {
    const out: Form = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
    return out;
  }
  return {};
}

/** RFC 6749 §2.3.1: the Basic credentials are form-encoded before base64. */
function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

function oauthError(reply: FastifyReply, status: number, error: string, description?: string) {
  if (status === 401) reply.header("www-authenticate", 'Basic realm="oauth"');
  return reply.code(status).send(description ? { error, error_description: description } : { error });
}

function redirect(
  reply: FastifyReply,
  redirectUri: string,
  params: { error: string; description: string; state: string | undefined },
) {
  const target = new URL(redirectUri);
  target.searchParams.set("error", params.error);
  target.searchParams.set("error_description", params.description);
  if (params.state !== undefined) target.searchParams.set("state", params.state);
  return reply.redirect(target.toString(), 302);
}
