// Apps registered with the emulator, as apps are registered on Intuit's developer portal: a client
// id and secret, a display name for the consent page, the redirect URIs it may use, and optionally a
// webhook endpoint with its verifier token.
import { timingSafeEqual } from "node:crypto";

export interface WebhookEndpoint {
  url: string;
  /** Key of the `intuit-signature` HMAC-SHA256 over the raw notification body. */
  verifierToken: string;
  /** Notification body: Intuit's CloudEvents array (default) or the legacy eventNotifications shape. */
  format?: "cloudevents" | "legacy";
}

export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Exact redirect URIs allowed. Empty means any loopback URI (localhost, 127.0.0.1, [::1]). */
  redirectUris: string[];
  webhook?: WebhookEndpoint;
}

export interface AppInput {
  clientId: string;
  clientSecret: string;
  name?: string;
  redirectUris?: string[];
  webhook?: WebhookEndpoint;
}

export const DEFAULT_CLIENT_ID = "ledgerlink-dev";
export const DEFAULT_CLIENT_SECRET = "ledgerlink-dev-secret";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export class AppRegistry {
  readonly #apps = new Map<string, RegisteredApp>();

  /** Registers an app, or replaces the one with the same client id. */
  register(input: AppInput): RegisteredApp {
    if (!input.clientId || !input.clientSecret) throw new Error("clientId and clientSecret are required");
    const app: RegisteredApp = {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      name: input.name ?? input.clientId,
      redirectUris: [...(input.redirectUris ?? [])],
      ...(input.webhook ? { webhook: { ...input.webhook } } : {}),
    };
    this.#apps.set(app.clientId, app);
    return app;
  }

  get(clientId: string): RegisteredApp | undefined {
    return this.#apps.get(clientId);
  }

  list(): RegisteredApp[] {
    return [...this.#apps.values()];
  }

  remove(clientId: string): boolean {
    return this.#apps.delete(clientId);
  }

  /** The app whose id and secret both match, compared in constant time; otherwise undefined. */
  authenticate(clientId: string, clientSecret: string): RegisteredApp | undefined {
    const app = this.#apps.get(clientId);
    if (!app) return undefined;
    const a = Buffer.from(app.clientSecret);
    const b = Buffer.from(clientSecret);
    return a.length === b.length && timingSafeEqual(a, b) ? app : undefined;
  }

  isRedirectUriAllowed(clientId: string, redirectUri: string): boolean {
    const app = this.#apps.get(clientId);
    if (!app) return false;
    if (app.redirectUris.length > 0) return app.redirectUris.includes(redirectUri);
    try {
      const url = new URL(redirectUri);
      return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname);
    } catch {
      return false;
    }
  }

  setWebhook(clientId: string, webhook: WebhookEndpoint | undefined): RegisteredApp | undefined {
    const app = this.#apps.get(clientId);
    if (!app) return undefined;
    if (webhook) app.webhook = { ...webhook };
    else delete app.webhook;
    return app;
  }

  /** Apps with a webhook endpoint: the receivers of change notifications. */
  withWebhooks(): (RegisteredApp & { webhook: WebhookEndpoint })[] {
    return this.list().filter(
      (a): a is RegisteredApp & { webhook: WebhookEndpoint } => a.webhook !== undefined,
    );
  }
}

/** A registry holding the default development app, as `ledgerlink emulator` starts with. */
export function defaultAppRegistry(clientId = DEFAULT_CLIENT_ID, clientSecret = DEFAULT_CLIENT_SECRET) {
  const apps = new AppRegistry();
  apps.register({ clientId, clientSecret, name: "Ledgerlink (development)" });
  return apps;
}
