// QuickBooks Online as the sync engine's provider: host records planned through the mapping, written
// through the client (with its request ids, retries and 5010 re-read), names found before they are
// created, deletions as QuickBooks allows them (names made inactive, sales voided, the rest deleted),
// and QuickBooks' faults told to the engine as retryable, needing a person, or needing a new sign-in.
import type { NameChanges, RemoteName } from "#domain/remote-names.ts";
import { QuickBooksError } from "./client.ts";
import {
  type DocumentChoices,
  isPushedCollection,
  type MappingContext,
  mapRecord,
  type QboEntity,
} from "./mapping/index.ts";
import type { DefaultAccounts, TaxModel } from "./mapping/types.ts";

export const PROVIDER_NAME = "quickbooks_online";

type Json = Record<string, unknown>;

/** What the provider needs of the QuickBooks client (src/quickbooks/client.ts). */
export interface QboApi {
  read(entity: string, id: string): Promise<Json>;
  query(statement: string): Promise<Json[]>;
  queryAnswer(statement: string): Promise<{ rows: Json[]; time: string | undefined }>;
  changedSince(
    entities: readonly string[],
    changedSince: string,
  ): Promise<{ changed: Record<string, Json[]>; truncated: string[]; time: string | undefined }>;
  create(entity: string, object: Json, write: { record: string; generation: number }): Promise<Json>;
  update(entity: string, object: Json, write: { record: string; generation: number }): Promise<Json>;
  delete(
    entity: string,
    ref: { Id: string; SyncToken: string },
    write: { record: string; generation: number },
  ): Promise<Json>;
  void(
    entity: string,
    ref: { Id: string; SyncToken: string },
    write: { record: string; generation: number },
  ): Promise<Json>;
}

/** The company's choices for the push, from its connection settings. */
export interface QboPushSettings extends DocumentChoices {
  defaults: DefaultAccounts;
  /** Host tax code external id → QuickBooks tax code Id, where the user chose one; else matched by name. */
  taxCodes?: Record<string, string>;
  deliveryFeeItemId?: string;
  defaultSalesItemId?: string;
  /** Inventory items count their opening quantity from this date when the host gives none. */
  goLiveDate: string;
}

/** What Ledgerlink reads of the company once per run: its country's tax model, currency, close date, tax codes. */
export interface CompanyFacts {
  taxModel: TaxModel;
  homeCurrency: string;
  /** The books' closing date (Preferences.AccountingInfoPrefs.BookCloseDate), when set. */
  closeDate?: string;
  /** QuickBooks tax codes by lower-case name. */
  taxCodesByName: Map<string, string>;
  /** Whether shipping is on (the SHIPPING_ITEM_ID pseudo item exists). */
  shipping: boolean;
}

const NAME_ENTITIES: Record<string, "DisplayName" | "Name"> = {
  Customer: "DisplayName",
  Vendor: "DisplayName",
  Employee: "DisplayName",
  Item: "Name",
  Account: "Name",
  Term: "Name",
};
/**
 * QuickBooks' uniqueness rule for names: customers, vendors and employees share one namespace of
 * display names; items, accounts and terms each have their own, items and accounts by their full name
 * ("Parent:Child"). Names are compared trimmed and without regard to case. (An inactive name is shown
 * as "Name (deleted)", which frees the name itself.)
 */
const NAME_NAMESPACES: Record<string, string> = {
  Customer: "display",
  Vendor: "display",
  Employee: "display",
  Item: "item",
  Account: "account",
  Term: "term",
};
/** Lists whose object is named by its full name, parent first. */
const HIERARCHICAL = new Set(["Item", "Account"]);
/** CDC reaches back 30 days (FACTS.md §1.6); a view last brought up to date earlier is read whole. */
const CDC_REACH_MS = 29 * 24 * 3600_000;
const NAME_COLLECTIONS = new Set(["customers", "vendors", "items", "accounts", "terms"]);
/** QuickBooks refused a change data capture because `changedSince` is beyond its 30 days. */
function beyondCdcReach(error: unknown): boolean {
  const fault = error instanceof QuickBooksError ? error.fault : undefined;
  return fault?.errors.some((e) => /older than/i.test(`${e.message} ${e.detail}`)) ?? false;
}
/** Transactions QuickBooks voids (they stay, zeroed); the others are deleted. */
const VOIDABLE = new Set(["Invoice", "SalesReceipt", "Payment", "BillPayment"]);

/** A failure in the words the sync engine reads (kind, code, message, duplicateOf). */
export class ProviderError extends Error {
  constructor(
    readonly kind: "retryable" | "needs_user_action" | "needs_reauthorization" | "defect",
    readonly code: string,
    message: string,
    readonly duplicateOf?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ProviderError";
  }
}

/** Translates the client's classified errors (QuickBooksError) into the engine's kinds. */
export function providerErrorOf(error: unknown): unknown {
  if (error instanceof ProviderError) return error;
  if (typeof error !== "object" || error === null) return error;
  // The connection cannot be used now (src/sync/connection-app.ts ConnectionUnavailableError): a refresh
  // in another process is retried; a connection that needs a person waits for one.
  if (
    "reason" in error &&
    ["not_connected", "needs_reauthorization", "refresh_busy"].includes(String(error.reason))
  ) {
    const reason = String(error.reason);
    const message = error instanceof Error ? error.message : reason;
    return new ProviderError(
      reason === "refresh_busy" ? "retryable" : "needs_reauthorization",
      reason,
      message,
      undefined,
      {
        cause: error,
      },
    );
  }
  if (!("kind" in error)) return error;
  const e = error as {
    kind: string;
    code?: string;
    message?: string;
    classification?: { reason?: string; collidingId?: string };
  };
  const message = e.message ?? String(e.code);
  const reason = e.classification?.reason;
  switch (e.kind) {
    case "retryable":
    case "stale":
      return new ProviderError("retryable", e.code ?? "retryable", message, undefined, { cause: error });
    case "unauthorized":
    case "reauthorize":
      return new ProviderError("needs_reauthorization", e.code ?? "reauthorize", message, undefined, {
        cause: error,
      });
    case "needs_user_action":
      return new ProviderError(
        "needs_user_action",
        reason ?? e.code ?? "validation",
        message,
        reason === "duplicate_name" ? e.classification?.collidingId : undefined,
        { cause: error },
      );
    default:
      return new ProviderError("defect", e.code ?? "defect", message, undefined, { cause: error });
  }
}

export type { NameChanges, RemoteName } from "#domain/remote-names.ts";

/** The key of a name under QuickBooks' uniqueness rule, or undefined for a type that has none. */
export function nameKey(type: string, name: string): string | undefined {
  const namespace = NAME_NAMESPACES[type];
  const trimmed = name.trim();
  if (!namespace || trimmed === "") return undefined;
  return `${namespace}:${trimmed.toLowerCase()}`;
}

function remoteNameOf(type: string, object: Json): RemoteName | undefined {
  const field = NAME_ENTITIES[type];
  if (!field) return undefined;
  const shown = HIERARCHICAL.has(type) ? (object.FullyQualifiedName ?? object[field]) : object[field];
  const name = typeof shown === "string" ? shown : "";
  const key = nameKey(type, name);
  if (key === undefined || object.Id === undefined) return undefined;
  return { type, id: String(object.Id), name, key, active: object.Active !== false };
}

export class QuickBooksProvider {
  readonly name = PROVIDER_NAME;

  constructor(
    private readonly api: QboApi,
    private readonly settings: QboPushSettings,
    /** Facts read earlier for this company (they change rarely); read afresh when absent. */
    private facts?: CompanyFacts,
  ) {}

  handles(collection: string): boolean {
    return isPushedCollection(collection);
  }

  isName(collection: string): boolean {
    return NAME_COLLECTIONS.has(collection);
  }

  /**
   * Reads the company's facts (once): called before planning. `fresh` reads them again, as after a
   * refusal for closed books (the close date may have moved since they were read).
   */
  /** Facts another push of this company has just read: planning uses them without reading again. */
  adoptFacts(facts: CompanyFacts): void {
    this.facts = facts;
  }

  async prepare(fresh = false): Promise<CompanyFacts> {
    if (this.facts && !fresh) return this.facts;
    try {
      const [info, prefs, codes] = await Promise.all([
        this.api.query("select * from CompanyInfo"),
        this.api.query("select * from Preferences"),
        this.api.query("select * from TaxCode maxresults 1000"),
      ]);
      const country = String((info[0] as Json | undefined)?.Country ?? "US");
      const pref = (prefs[0] ?? {}) as Record<string, Json | undefined>;
      const home = (pref.CurrencyPrefs?.HomeCurrency as Json | undefined)?.value;
      const close = pref.AccountingInfoPrefs?.BookCloseDate;
      this.facts = {
        taxModel: country === "US" ? "us" : "per_line",
        homeCurrency: typeof home === "string" ? home : "USD",
        ...(typeof close === "string" && close !== "" ? { closeDate: close } : {}),
        taxCodesByName: new Map(codes.map((c) => [String(c.Name).toLowerCase(), String(c.Id)])),
        shipping: pref.SalesFormsPrefs?.AllowShipping === true,
      };
      return this.facts;
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  plan(collection: string, data: Record<string, unknown>, lookups: PlanLookups) {
    const facts = this.facts;
    if (!facts) throw new Error("QuickBooksProvider.plan before prepare()");
    if (!isPushedCollection(collection)) throw new Error(`${collection} do not go to QuickBooks`);
    const s = this.settings;
    const ctx: MappingContext = {
      idOf: (c, e) => lookups.idOf(c, e),
      accountTypeOf: (id) => lookups.hostRecord("accounts", id)?.type as never,
      taxCodeTaxable: (id) => {
        const code = lookups.hostRecord("tax-codes", id);
        return code === undefined ? undefined : code.taxable !== false;
      },
      taxCodeOf: (id) => {
        const chosen = s.taxCodes?.[id];
        if (chosen) return chosen;
        const name = lookups.hostRecord("tax-codes", id)?.name;
        return typeof name === "string" ? facts.taxCodesByName.get(name.toLowerCase()) : undefined;
      },
      taxModel: facts.taxModel,
      homeCurrency: facts.homeCurrency,
      defaults: s.defaults,
      deliveryFeeItemId: s.deliveryFeeItemId ?? (facts.shipping ? "SHIPPING_ITEM_ID" : undefined),
      defaultSalesItemId: s.defaultSalesItemId,
      inventoryStartDate: s.goLiveDate,
    };
    const mapped = mapRecord(collection, data, ctx, s);
    if (!mapped.ok) return { ok: false as const, problems: mapped.problems };
    return { ok: true as const, remoteType: mapped.entity, body: mapped.body, notes: mapped.notes };
  }

  async create(remoteType: string, body: unknown, write: WriteOf) {
    try {
      const created = await this.api.create(remoteType, body as Json, identity(write));
      return refOf(remoteType, created);
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  async update(ref: RemoteRefLike, body: unknown, write: WriteOf) {
    try {
      const version = ref.version ?? String((await this.api.read(ref.type, ref.id)).SyncToken);
      // Names are updated sparsely: fields the host does not manage stay as the bookkeeper set them.
      // Transactions are sent whole (QuickBooks replaces their lines either way).
      const sparse = NAME_ENTITIES[ref.type] !== undefined;
      const updated = await this.api.update(
        ref.type,
        { ...(body as Json), Id: ref.id, SyncToken: version, ...(sparse ? { sparse: true } : {}) },
        identity(write),
      );
      return refOf(ref.type, updated);
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  async remove(_collection: string, ref: RemoteRefLike, write: WriteOf) {
    try {
      const version = ref.version ?? String((await this.api.read(ref.type, ref.id)).SyncToken);
      if (NAME_ENTITIES[ref.type] !== undefined) {
        // QuickBooks never deletes a name; it is made inactive (and refused while it has a balance).
        const updated = await this.api.update(
          ref.type,
          { Id: ref.id, SyncToken: version, Active: false, sparse: true },
          identity(write),
        );
        return { operation: "inactivate" as const, ref: refOf(ref.type, updated) };
      }
      if (VOIDABLE.has(ref.type)) {
        const voided = await this.api.void(ref.type, { Id: ref.id, SyncToken: version }, identity(write));
        return { operation: "void" as const, ref: refOf(ref.type, voided) };
      }
      await this.api.delete(ref.type, { Id: ref.id, SyncToken: version }, identity(write));
      return { operation: "delete" as const };
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  /**
   * What changed in the name lists since `since` (QuickBooks' time of the last look), through change
   * data capture; the lists whole on the first look, when the last one is beyond CDC's 30 days, or
   * when more changed than one CDC answer carries.
   */
  async nameChanges(since: string | undefined, now: number = Date.now()): Promise<NameChanges> {
    const types = Object.keys(NAME_NAMESPACES);
    try {
      const last = since === undefined ? Number.NaN : Date.parse(since);
      if (!Number.isNaN(last) && now - last < CDC_REACH_MS) {
        const cdc = await this.api.changedSince(types, since as string).catch((error: unknown) => {
          // QuickBooks' clock decides the reach: when it finds the last look too old, read the lists whole.
          if (beyondCdcReach(error)) return undefined;
          throw error;
        });
        if (cdc && cdc.truncated.length === 0 && cdc.time !== undefined) {
          const names: RemoteName[] = [];
          const removed: Array<{ type: string; id: string }> = [];
          for (const [type, objects] of Object.entries(cdc.changed)) {
            for (const object of objects) {
              if (object.status === "Deleted") removed.push({ type, id: String(object.Id) });
              else {
                const name = remoteNameOf(type, object);
                if (name) names.push(name);
              }
            }
          }
          return { names, removed, through: cdc.time, complete: false };
        }
      }
      const names: RemoteName[] = [];
      let through: string | undefined;
      for (const type of types) {
        for (let start = 1; ; start += 1000) {
          const page = await this.api.queryAnswer(
            `select * from ${type} where Active in (true, false) startposition ${start} maxresults 1000`,
          );
          // The first answer's time: whatever changes while the rest is read comes again next time.
          through ??= page.time;
          for (const object of page.rows) {
            const name = remoteNameOf(type, object);
            if (name) names.push(name);
          }
          if (page.rows.length < 1000) break;
        }
      }
      return { names, removed: [], through: through ?? new Date(now).toISOString(), complete: true };
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  /**
   * The key a new name would have under QuickBooks' uniqueness rule. A sub-account's or sub-item's
   * full name starts with its parent's (`parentName`, from the view of the lists).
   */
  sameNameKey(remoteType: string, body: unknown, parentName?: string): string | undefined {
    const field = NAME_ENTITIES[remoteType];
    if (!field) return undefined;
    const name = String((body as Json)[field] ?? "").trim();
    if (name === "") return undefined;
    return nameKey(remoteType, parentName && HIERARCHICAL.has(remoteType) ? `${parentName}:${name}` : name);
  }

  /** The parent a new sub-account or sub-item is named under, if any. */
  parentOf(remoteType: string, body: unknown): { type: string; id: string } | undefined {
    if (!HIERARCHICAL.has(remoteType)) return undefined;
    const parent = (body as Json).ParentRef as { value?: unknown } | undefined;
    return parent?.value === undefined ? undefined : { type: remoteType, id: String(parent.value) };
  }
}

/** What planning may look up (the engine's PlanLookups). */
export interface PlanLookups {
  idOf(collection: string, externalId: string): string | undefined;
  hostRecord(collection: string, externalId: string): Record<string, unknown> | undefined;
}

type WriteOf = { companyId: string; recordId: number; generation: number };
type RemoteRefLike = { type: string; id: string; version?: string | null | undefined };

function identity(write: WriteOf): { record: string; generation: number } {
  return { record: `${write.companyId}:${write.recordId}`, generation: write.generation };
}

function refOf(type: string, object: Json) {
  return {
    type: type as QboEntity | string,
    id: String(object.Id),
    version: object.SyncToken === undefined ? null : String(object.SyncToken),
  };
}

/** A string literal in Intuit's query language: quotes and backslashes escaped with a backslash. */
export function escapeQuery(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
}
