// What every entity definition provides, the per-request context rules run in, and the helpers the
// rules share (references, enumerations, required fields, preferences).
import { fault } from "../faults.ts";
import type { Company, QboObject } from "../store/company.ts";

export type Operation = "Create" | "Update" | "Delete" | "Void" | "Merge";

export interface Change {
  entity: string;
  id: string;
  operation: Operation;
  lastUpdated: string;
}

export interface Ctx {
  company: Company;
  /** Epoch ms of the request, from the emulator clock. */
  now: number;
  /** The `include` query parameter, split on commas and lower-cased (allowduplicatedocnum, void). */
  include: ReadonlySet<string>;
  /** "Entity:Id" of objects created earlier in the same batch, which later items cannot see. */
  hidden?: ReadonlySet<string>;
  /** Committed changes, for webhooks and CDC, in commit order. */
  changes: Change[];
}

export type Kind = "name" | "list" | "transaction" | "singleton" | "readonly";

export interface EntitySpec {
  /** The entity as QuickBooks names it: "Customer", "JournalEntry". */
  name: string;
  kind: Kind;
  /** Id sequence; every transaction shares "txn". */
  sequence: string;
  /** Whether CDC reports this entity (TaxCode and TaxRate are not). */
  cdc: boolean;
  deletable: boolean;
  voidable: boolean;
  /** Accounts ignore `sparse: true` and treat every update as a full one. */
  sparseIgnored?: boolean;
  /** Input fields QuickBooks computes or owns; a client's values are dropped. */
  readOnly: readonly string[];
  /** Validates a draft and fills in what QuickBooks computes. Mutates the draft; throws QboFault. */
  normalize(ctx: Ctx, draft: Record<string, unknown>, prev: QboObject | undefined): void;
  /** Unique keys for the company index (names, document numbers). */
  keys?(obj: QboObject): string[];
  /** Side effects of a committed change on other objects. `next` is undefined on delete. */
  effects?(ctx: Ctx, next: QboObject | undefined, prev: QboObject | undefined): void;
  /** Checks before a delete or void; throws QboFault to refuse. */
  beforeRemove?(ctx: Ctx, prev: QboObject, operation: "Delete" | "Void"): void;
  /** The voided version of a transaction (amounts zeroed). */
  voided?(ctx: Ctx, prev: QboObject): Record<string, unknown>;
}

export type Draft = Record<string, unknown>;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

export function nonEmpty(v: unknown): string | undefined {
  const s = str(v)?.trim();
  return s ? s : undefined;
}

/** A reference's id, or undefined when the reference is absent or empty. */
export function refId(ref: unknown): string | undefined {
  if (!isObject(ref)) return undefined;
  return nonEmpty(ref.value);
}

export function requireField(draft: Draft, field: string, element = field): unknown {
  const v = draft[field];
  if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
    throw fault.requiredParam(field, element);
  }
  return v;
}

export function checkEnum(value: unknown, allowed: readonly string[], element: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = str(value);
  if (s === undefined || !allowed.includes(s)) throw fault.invalidEnumeration(String(value), element);
  return s;
}

export function checkBoolean(draft: Draft, field: string): void {
  const v = draft[field];
  if (v !== undefined && v !== null && typeof v !== "boolean") {
    throw fault.invalidProperty(`${field} must be true or false`, field);
  }
}

export function numberField(draft: Record<string, unknown>, field: string): number | undefined {
  const v = draft[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw fault.invalidProperty(`${field} must be a number`, field);
  draft[field] = n;
  return n;
}

export interface RefOptions {
  required?: boolean;
  element?: string;
  /** Referring to an inactive name is refused with 610 (default true). */
  mustBeActive?: boolean;
}

/**
 * Resolves a reference field against one or more entities, fills in its `name`, and returns the
 * referenced object. A missing id is 2500, an inactive one 610, as QuickBooks answers.
 */
export function resolveRef(
  ctx: Ctx,
  holder: Record<string, unknown>,
  field: string,
  entities: readonly string[],
  opts: RefOptions = {},
): QboObject | undefined {
  const element = opts.element ?? field;
  const ref = holder[field];
  if (ref === undefined || ref === null) {
    if (opts.required) throw fault.requiredParam(field, element);
    return undefined;
  }
  const id = refId(ref);
  if (!id || !isObject(ref)) {
    if (opts.required) throw fault.requiredParam(field, element);
    throw fault.invalidReference(element);
  }
  for (const entity of entities) {
    const target = ctx.company.get(entity, id);
    if (!target || ctx.hidden?.has(`${entity}:${id}`)) continue;
    if (opts.mustBeActive !== false && target.Active === false) throw fault.objectNotFound(element);
    const name = refName(entity, target);
    holder[field] = name === undefined ? { value: id } : { value: id, name };
    return target;
  }
  const table = REFERENCE_TABLES[entities[0] ?? ""];
  if (table && entities.every((e) => REFERENCE_TABLES[e] === table)) throw fault.referenceNotFound(table, id);
  throw fault.invalidReference(element);
}

/** The tables QuickBooks names in a 2500 detail, where its wording has been seen. */
const REFERENCE_TABLES: Record<string, string> = {
  Customer: "Names",
  Vendor: "Names",
  Employee: "Names",
  Account: "Accounts",
  Class: "Klasses",
};

const DISPLAY_NAMED = new Set(["Customer", "Vendor", "Employee", "TaxAgency"]);

/** The text QuickBooks puts in a reference's `name`. */
export function refName(entity: string, obj: QboObject): string | undefined {
  if (DISPLAY_NAMED.has(entity)) return str(obj.DisplayName);
  return str(obj.Name);
}

/** One address: something before the @, a dot after it, no spaces (Intuit: "must contain @ and ."). */
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/**
 * Checks an e-mail object's `Address`. `list` allows several comma-separated addresses, as the
 * invoice's To, Cc and Bcc fields do; a name's primary address is one address.
 */
export function checkEmail(holder: Record<string, unknown>, field: string, list = false): void {
  const value = holder[field];
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw fault.invalidProperty(`${field} must be an object with Address`, field);
  const address = value.Address;
  if (address === undefined || address === null) return;
  const text = str(address);
  if (text === undefined) throw fault.invalidEmail(String(address), field);
  const parts = list ? text.split(",").map((p) => p.trim()) : [text.trim()];
  for (const part of parts) if (!EMAIL.test(part)) throw fault.invalidEmail(text, field);
}

/** A `CompanyInfo.NameValue` flag ("ItemCategoriesFeature"), read as QuickBooks writes it. */
export function companyFlag(ctx: Ctx, name: string): boolean {
  const info = ctx.company.get("CompanyInfo", "1");
  const pairs = Array.isArray(info?.NameValue) ? info.NameValue : [];
  return pairs.some((p) => isObject(p) && p.Name === name && String(p.Value).toLowerCase() === "true");
}

/** The company's country (`CompanyInfo.Country`), "US" when unset. */
export function companyCountry(ctx: Ctx): string {
  return str(ctx.company.get("CompanyInfo", "1")?.Country) ?? "US";
}

const DELETED_SUFFIX = / \(deleted(?:-\d+)?\)$/;

/**
 * QuickBooks shows an inactive name as `Name (deleted)` and frees the original for reuse (DETAILS.md
 * §11, medium confidence: QuickBooks' screens and public client code; no Intuit page says so). A name
 * made inactive gets the suffix; one made active again keeps it until the client renames it. When
 * `Name (deleted)` is itself taken (a second inactive namesake), the emulator numbers it
 * `Name (deleted-2)`, `-3`… **(emulator choice)**.
 */
export function markInactiveName(draft: Draft, field: string, taken: (candidate: string) => boolean): void {
  const name = str(draft[field]);
  if (draft.Active !== false || name === undefined || DELETED_SUFFIX.test(name)) return;
  let candidate = `${name} (deleted)`;
  for (let n = 2; taken(candidate); n++) candidate = `${name} (deleted-${n})`;
  draft[field] = candidate;
}

const CURRENCY_NAMES: Record<string, string> = {
  USD: "United States Dollar",
  CAD: "Canadian Dollar",
  GBP: "British Pound Sterling",
  AUD: "Australian Dollar",
};

/** Fills an absent `CurrencyRef` with the company's home currency (`Preferences.CurrencyPrefs`). */
export function defaultCurrency(ctx: Ctx, draft: Draft): void {
  if (isObject(draft.CurrencyRef)) return;
  const home = pref(ctx, "CurrencyPrefs", "HomeCurrency");
  const code = (isObject(home) ? str(home.value) : undefined) ?? "USD";
  draft.CurrencyRef = { value: code, name: CURRENCY_NAMES[code] ?? code };
}

export function preferences(ctx: Ctx): QboObject | undefined {
  return ctx.company.get("Preferences", "1");
}

export function pref(ctx: Ctx, group: string, key: string): unknown {
  const p = preferences(ctx);
  const g = p?.[group];
  return isObject(g) ? g[key] : undefined;
}

/** The company's book close date (YYYY-MM-DD), if one is set. */
export function bookCloseDate(company: Company): string | undefined {
  const g = company.get("Preferences", "1")?.AccountingInfoPrefs;
  return isObject(g) ? nonEmpty(g.BookCloseDate) : undefined;
}

/** Deletes keys whose value is undefined, so the stored shape has only properties with values. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}

export function lowerKey(prefix: string, name: unknown): string | undefined {
  const s = nonEmpty(name);
  return s === undefined ? undefined : `${prefix}:${s.toLowerCase()}`;
}
