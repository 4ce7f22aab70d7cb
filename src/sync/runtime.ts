// The push's runtime for connected companies: a QuickBooks Online provider per company, built from its
// connection (tokens refreshed under the database lock), the request budget every process shares,
// and the company's push settings. What the provider reads of the remote company (tax model, currency,
// close date, tax codes) is kept for a few minutes, so a record costs only its own requests; a refusal
// for closed books reads it again at once, so the next documents are held without asking QuickBooks.
import type { AccessTokenSource, RequestBudget } from "#quickbooks/index.ts";
import { type CompanyFacts, QuickBooksProvider } from "#quickbooks/index.ts";
import { type ConnectionDeps, connectedClient } from "./connection.ts";
import type { SyncProvider } from "./provider.ts";
import type { PushRuntime } from "./run.ts";
import { ACTIVE_PROVIDER, loadPushSettings, type PushSettingsDocument } from "./settings.ts";
import { connectionTokenSource } from "./tokens.ts";

/** How long the remote company's facts are trusted before they are read again. */
const FACTS_TTL_MS = 5 * 60 * 1000;

export class ConnectedPushRuntime implements PushRuntime {
  private readonly facts = new Map<string, { facts: CompanyFacts; until: number }>();
  /** Reads of the facts under way, per company. */
  private readonly reading = new Map<string, Promise<CompanyFacts>>();
  /** One token source per company, so a push reads the access token only when it changes. */
  private readonly tokens = new Map<string, AccessTokenSource>();

  constructor(
    private readonly deps: ConnectionDeps,
    private readonly budget?: RequestBudget,
    private readonly now: () => number = Date.now,
  ) {}

  async providerFor(companyId: string, settings?: PushSettingsDocument): Promise<SyncProvider | undefined> {
    let tokens = this.tokens.get(companyId);
    if (!tokens) {
      tokens = connectionTokenSource(this.deps, companyId);
      this.tokens.set(companyId, tokens);
    }
    const client = await connectedClient(this.deps, companyId, this.budget, tokens);
    if (!client) return undefined;
    const doc = settings ?? (await loadPushSettings(this.deps.db.kysely, companyId, ACTIVE_PROVIDER));
    const cached = this.facts.get(companyId);
    const provider = new QuickBooksProvider(
      client,
      {
        defaults: doc.defaultAccounts,
        taxCodes: doc.taxCodes,
        invoicesAs: doc.invoicesAs,
        billsAs: doc.billsAs,
        ...(doc.deliveryFeeItemId ? { deliveryFeeItemId: doc.deliveryFeeItemId } : {}),
        ...(doc.defaultSalesItemId ? { defaultSalesItemId: doc.defaultSalesItemId } : {}),
        goLiveDate: doc.goLiveDate ?? new Date(this.now()).toISOString().slice(0, 10),
      },
      cached && cached.until > this.now() ? cached.facts : undefined,
    );
    return {
      name: provider.name,
      handles: (c) => provider.handles(c),
      isName: (c) => provider.isName(c),
      prepare: async (fresh) => {
        if (!fresh && cached && cached.until > this.now()) return provider.prepare();
        // Pushes that start together share one read of the facts (fresh reads go on their own).
        const shared = fresh ? undefined : this.reading.get(companyId);
        if (shared) {
          const facts = await shared;
          provider.adoptFacts(facts);
          return facts;
        }
        const reading = provider.prepare(fresh).then((facts) => {
          this.facts.set(companyId, { facts, until: this.now() + FACTS_TTL_MS });
          return facts;
        });
        if (!fresh) {
          this.reading.set(companyId, reading);
          const forget = () => {
            if (this.reading.get(companyId) === reading) this.reading.delete(companyId);
          };
          reading.then(forget, forget);
        }
        return reading;
      },
      plan: (c, data, lookups) => provider.plan(c, data, lookups),
      create: (t, body, write) => provider.create(t, body, write),
      update: (ref, body, write) => provider.update(ref, body, write),
      remove: (c, ref, write) => provider.remove(c, ref, write),
      nameChanges: (since) => provider.nameChanges(since),
      sameNameKey: (t, body, parentName) => provider.sameNameKey(t, body, parentName),
      parentOf: (t, body) => provider.parentOf(t, body),
    };
  }
}
