// References between a company's records: a field named `…<Kind>ExternalId` names a record of that
// kind by the host's id (`customerExternalId`, `lines.itemExternalId`, `parentExternalId`). A host may
// send records in any order, so a reference to a record not yet sent is stored, never refused; it is
// reported as a warning until the record arrives.
import { type CollectionName, collections } from "./collections.ts";
import { toJsonPointer } from "./validate.ts";

// A reference field `…<Kind>ExternalId` points at a record of that kind; longer kinds are tried first.
const referenceKinds: [string, CollectionName][] = [
  ["purchaseorder", "purchase-orders"],
  ["salesorder", "sales-orders"],
  ["journalentry", "journal-entries"],
  ["taxcode", "tax-codes"],
  ["customer", "customers"],
  ["vendor", "vendors"],
  ["item", "items"],
  ["account", "accounts"],
  ["terms", "terms"],
  ["term", "terms"],
  ["invoice", "invoices"],
  ["bill", "bills"],
  ["payment", "payments"],
  ["shipment", "shipments"],
];

/**
 * The collection a reference field such as `preferredVendorExternalId` points into, if any. A parent
 * is a record of the same collection (a sub-customer's customer, a sub-account's account).
 */
export function referenceTarget(field: string, own: CollectionName): CollectionName | undefined {
  const lower = field.toLowerCase();
  if (!lower.endsWith("externalid") || lower === "externalid") return undefined;
  const kind = lower.slice(0, -"externalid".length);
  if (kind === "parent") return own;
  const target = referenceKinds.find(([suffix]) => kind.endsWith(suffix))?.[1];
  return target && target in collections ? target : undefined;
}

/** A reference found in a record's data. */
export interface Reference {
  /** JSON pointer to the field: "/lines/2/itemExternalId". */
  path: string;
  collection: CollectionName;
  externalId: string;
}

/** Every reference in a record's data, by where it is. */
export function referencesIn(own: CollectionName, data: unknown): Reference[] {
  const found: Reference[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i]);
    } else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        const target = typeof v === "string" ? referenceTarget(key, own) : undefined;
        if (target && typeof v === "string") {
          found.push({ path: toJsonPointer([...path, key]), collection: target, externalId: v });
        } else walk(v, [...path, key]);
      }
    }
  };
  walk(data, []);
  return found;
}

/** A record named by a reference: what the `refs` column of a stored record lists. */
export interface ReferenceKey {
  collection: CollectionName;
  externalId: string;
}

/** The distinct records a record's data names, in a stable order (the stored `refs` of a record). */
export function referenceKeys(own: CollectionName, data: unknown): ReferenceKey[] {
  const seen = new Map<string, ReferenceKey>();
  for (const { collection, externalId } of referencesIn(own, data))
    seen.set(`${collection}\u0000${externalId}`, { collection, externalId });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}

/** The reference problems a record can have, and the `problems` list filter's words for them. */
export const referenceProblems = ["missing_reference", "deleted_reference"] as const;
export type ReferenceProblem = (typeof referenceProblems)[number];
/** `any`: at least one reference to a record that is missing or deleted. */
export const problemFilters = [...referenceProblems, "any"] as const;
export type ProblemFilter = (typeof problemFilters)[number];
