// Everything one emulator process holds: the clock, registered apps, companies, OAuth grants, webhook
// delivery, limits, injected faults and the request log. The HTTP layer reads and changes it; the
// control API exposes it; persistence saves and restores it.
import { randomInt } from "node:crypto";
import { AppRegistry, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "./apps.ts";
import { Clock } from "./clock.ts";
import { dropIndex } from "./entities/applications.ts";
import { uniqueKeys } from "./entities/registry.ts";
import type { Change, Ctx } from "./entities/spec.ts";
import { INTUIT_LIMITS, Limiter, type Limits } from "./limits.ts";
import { OAuthServer } from "./oauth/index.ts";
import { RequestLog } from "./request-log.ts";
import { applySeed, type CompanyKind, defaultCompanyName, kindOf, type SeedName } from "./seed/index.ts";
import { Company, type CompanySnapshot } from "./store/company.ts";
import { formatTimestamp } from "./time.ts";
import { WebhookDispatcher } from "./webhooks/index.ts";

/** Probabilities (0..1) of faults injected into data API requests, and added latency. */
export interface FaultConfig {
  /** HTTP 500 before anything is stored. */
  serverError?: number;
  /** HTTP 429 throttle fault, whatever the real limits say. */
  throttle?: number;
  /** The request hangs for `timeoutMs` and the connection is then closed without a response. */
  timeout?: number;
  /** The write is stored, then the connection is closed without a response. */
  dropResponseAfterCommit?: number;
  /** Added latency: a fixed number of ms or a [min, max] range. */
  latencyMs?: number | [number, number];
  /** How long an injected timeout hangs before closing the connection; default 5000 ms. */
  timeoutMs?: number;
}

export interface StateOptions {
  clientId?: string;
  clientSecret?: string;
  limits?: Partial<Limits>;
  /** Source of real time; the emulator clock runs ahead of it by the control API's advances. */
  timeSource?: () => number;
  /** Options passed to the webhook dispatcher (tests shorten its windows). */
  webhooks?: { batchWindowMs?: number; retryDelaysMs?: readonly number[]; timeoutMs?: number };
}

export interface NewCompany {
  realmId?: string;
  name?: string;
  seed?: SeedName;
  /** US with manual sales tax (the default), US with automated sales tax, or a CA, UK or AU company. */
  kind?: CompanyKind;
}

/** A random realm id shaped like a sandbox company's (16 digits). */
function newRealmId(): string {
  let id = "9341";
  for (let i = 0; i < 12; i++) id += String(randomInt(10));
  return id;
}

export class EmulatorState {
  readonly clock: Clock;
  readonly apps = new AppRegistry();
  readonly companies = new Map<string, Company>();
  readonly oauth: OAuthServer;
  readonly webhooks: WebhookDispatcher;
  readonly limiter = new Limiter();
  readonly requests = new RequestLog();
  limits: Limits;
  faults: FaultConfig = {};
  readonly #listeners = new Set<() => void>();

  constructor(options: StateOptions = {}) {
    this.clock = new Clock(options.timeSource);
    this.limits = { ...INTUIT_LIMITS, ...options.limits };
    this.apps.register({
      clientId: options.clientId ?? DEFAULT_CLIENT_ID,
      clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
      name: "Ledgerlink (development)",
    });
    const now = () => this.clock.now();
    this.oauth = new OAuthServer({
      now,
      apps: this.apps,
      companies: {
        list: () => [...this.companies.values()].map((c) => ({ realmId: c.realmId, name: c.name })),
      },
    });
    this.webhooks = new WebhookDispatcher({
      apps: this.apps,
      isConnected: (clientId, realmId) => this.oauth.isConnected(clientId, realmId),
      ...options.webhooks,
    });
  }

  now(): number {
    return this.clock.now();
  }

  company(realmId: string): Company | undefined {
    return this.companies.get(realmId);
  }

  createCompany(input: NewCompany = {}): Company {
    const realmId = input.realmId ?? newRealmId();
    if (this.companies.has(realmId)) throw new Error(`company ${realmId} already exists`);
    const seed = input.seed ?? "empty";
    const company = new Company(realmId, input.name ?? defaultCompanyName(seed), uniqueKeys);
    applySeed(company, seed, this.now(), input.name ?? defaultCompanyName(seed), input.kind);
    this.companies.set(realmId, company);
    this.changed();
    return company;
  }

  /** Replaces a company's data with a fresh seed; its realm id and OAuth connections stay. */
  resetCompany(
    realmId: string,
    seed: SeedName = "empty",
    name?: string,
    kind?: CompanyKind,
  ): Company | undefined {
    const old = this.companies.get(realmId);
    if (!old) return undefined;
    dropIndex(old);
    const company = new Company(realmId, name ?? old.name, uniqueKeys);
    applySeed(company, seed, this.now(), name ?? old.name, kind ?? kindOf(old));
    this.companies.set(realmId, company);
    this.changed();
    return company;
  }

  deleteCompany(realmId: string): boolean {
    const company = this.companies.get(realmId);
    if (!company) return false;
    dropIndex(company);
    this.companies.delete(realmId);
    this.oauth.revokeRealm(realmId);
    this.changed();
    return true;
  }

  /** Sets or clears Preferences.AccountingInfoPrefs.BookCloseDate, as the QuickBooks screens do. */
  setBookCloseDate(realmId: string, day: string | null): boolean {
    const company = this.companies.get(realmId);
    const prefs = company?.get("Preferences", "1");
    if (!company || !prefs) return false;
    const accounting = { ...(prefs.AccountingInfoPrefs as Record<string, unknown>) };
    if (day) accounting.BookCloseDate = day;
    else delete accounting.BookCloseDate;
    // Set in QuickBooks' own screens: a new version of Preferences, announced like any other change.
    const now = this.now();
    const stamp = formatTimestamp(now);
    const meta = prefs.MetaData as Record<string, unknown> | undefined;
    company.put(
      "Preferences",
      {
        ...prefs,
        AccountingInfoPrefs: accounting,
        SyncToken: String(Number(prefs.SyncToken) + 1),
        MetaData: { ...meta, LastUpdatedTime: stamp },
      },
      now,
    );
    this.publish(realmId, [{ entity: "Preferences", id: prefs.Id, operation: "Update", lastUpdated: stamp }]);
    return true;
  }

  /** A context for one request against one company. */
  context(company: Company, include: ReadonlySet<string> = new Set()): Ctx {
    return { company, now: this.now(), include, changes: [] };
  }

  /** Announces committed changes: webhooks, and whoever persists the state. */
  publish(realmId: string, changes: readonly Change[]): void {
    for (const change of changes) {
      this.webhooks.notify({
        realmId,
        entity: change.entity,
        id: change.id,
        operation: change.operation,
        lastUpdated: change.lastUpdated,
      });
    }
    if (changes.length > 0) this.changed();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.#listeners) listener();
  }

  snapshot(): PersistedState {
    return {
      version: 1,
      clockOffsetMs: this.clock.offsetMs,
      apps: this.apps.list(),
      companies: [...this.companies.values()].map((c) => c.snapshot()),
      oauth: this.oauth.toJSON(),
    };
  }

  restore(saved: PersistedState): void {
    this.clock.restoreOffset(saved.clockOffsetMs);
    for (const app of saved.apps) this.apps.register(app);
    this.companies.clear();
    for (const snap of saved.companies) this.companies.set(snap.realmId, Company.restore(snap, uniqueKeys));
    if (saved.oauth) this.oauth.load(saved.oauth);
  }
}

export interface PersistedState {
  version: 1;
  clockOffsetMs: number;
  apps: ReturnType<AppRegistry["list"]>;
  companies: CompanySnapshot[];
  oauth?: ReturnType<OAuthServer["toJSON"]>;
}
