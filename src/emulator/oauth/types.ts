// The shapes the OAuth server needs from the rest of the emulator. They are structural on purpose: the
// core's app registry and company store satisfy them without importing anything from here.

/** A registered app as the OAuth server sees it. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  name: string;
  /**
   * Redirect URIs registered for the app, compared exactly. Loopback URIs (http://localhost,
   * http://127.0.0.1, http://[::1], any port and path) are always accepted, as Ledgerlink's
   * development app needs them.
   */
  redirectUris?: readonly string[];
}

/** Looks up apps by client id (the core's app registry). */
export interface AppLookup {
  get(clientId: string): OAuthApp | undefined;
}

/** The companies a user may connect to on the consent page. */
export interface CompanyDirectory {
  list(): readonly { realmId: string; name: string }[];
}

export interface OAuthServerOptions {
  /** The emulator clock in epoch milliseconds; token and code lifetimes are measured against it. */
  now: () => number;
  apps: AppLookup;
  /** Companies offered on the consent page; without it the page offers none and Connect fails. */
  companies?: CompanyDirectory;
  /**
   * The public origin of the emulator (`http://127.0.0.1:4010`), used in the discovery document.
   * When omitted, the origin is taken from each request's Host header.
   */
  baseUrl?: string;
}

export type VerifyResult = { ok: true; clientId: string } | { ok: false; reason: string };
