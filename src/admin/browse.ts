// The web app's records browser: pages of rows with a title, a subtitle and the sync status, newest
// change first, each collection's record count, and one record with the names it refers to and how
// each of its fields reads.
import { type CollectionName, collections } from "#domain/collections.ts";
import type { AdminErrorCode } from "#domain/errors.ts";
import {
  Money,
  NonNegativeMoney,
  NonNegativeQuantity,
  Percent,
  PositiveMoney,
  PositiveQuantity,
  Quantity,
  UnitPrice,
} from "#domain/money.ts";
import { type ProblemFilter, referenceTarget } from "#domain/references.ts";
import { err, ok, type Result } from "#domain/result.ts";
import type { SyncStatus } from "#domain/sync-status.ts";
import {
  checkCollection,
  getRecord,
  parseReferenceParam,
  type RecordView,
  type ReferencedBy,
  referencedBy,
  toRecordView,
} from "#host/records.ts";
import { referenceWarnings } from "#host/references.ts";
import { browsePage, type ValueSource } from "#store/browse.ts";
import { companyExists, getCompany as getStoredCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { countByCollection, recordTitles } from "#store/records.ts";
import { goesToQuickBooks } from "#sync/destinations.ts";
import { isPushObject } from "#sync/switches.ts";
import { type DocumentTotals, documentTotals } from "./document-totals.ts";
import { defaultSort, type ListColumnView, listColumns, titleLabel } from "./list-columns.ts";

interface Target {
  companyId: string;
  collection: string;
}

export interface BrowseItem {
  externalId: string;
  title: string;
  subtitle: string | null;
  version: number;
  updatedAt: string;
  deleted: boolean;
  sync: RecordView["sync"];
  /** The list's column values by key (see `columns`): dates as written, money as decimal text. */
  values: Record<string, string | null>;
  /** For reference columns, the external id the name stands for (the web app links to it). */
  refs: Record<string, string | null>;
  /** References to records missing or deleted (the record view lists them). */
  warnings: { missing: number; deleted: number };
}

export interface BrowsePage {
  items: BrowseItem[];
  /** Matching records on every page. */
  total: number;
  /** 1-based; past the last page the items are empty. */
  page: number;
  pageCount: number;
  /** What the title column is called: "Number" for documents, "Name" for names. */
  titleLabel: "Number" | "Name";
  columns: ListColumnView[];
  sort: { by: string; direction: "asc" | "desc" };
  /** Whether this collection's records go to QuickBooks (and so can be retried). */
  goesToQuickBooks: boolean;
  /** Whether its records can be exported on purpose (a kind with a push switch). */
  exportable: boolean;
}

function display(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export async function browseRecords(
  db: Database,
  input: Target & {
    search?: string | undefined;
    status?: SyncStatus | undefined;
    /** Tombstones too, marked deleted. */
    includeDeleted?: boolean | undefined;
    /** Only records naming records that are missing, deleted, or either. */
    problems?: ProblemFilter | undefined;
    /** Only records naming this one: "customers/C-1001". */
    references?: string | undefined;
    /** One of sortKeys(collection); default defaultSort(collection). */
    sort?: string | undefined;
    direction?: "asc" | "desc" | undefined;
    page?: number | undefined;
    limit: number;
  },
): Promise<Result<BrowsePage, AdminErrorCode>> {
  const collection = checkCollection(input.collection);
  if (!collection.ok) return collection;
  const references = input.references ? parseReferenceParam(input.references) : undefined;
  if (references && !references.ok) return references;
  if (!(await companyExists(db.kysely, input.companyId))) return err("company_not_found", "No such company.");
  const name = collection.value;
  const def = collections[name];
  const columns = listColumns(name);
  const values: Record<string, ValueSource> = {};
  for (const c of columns) {
    values[c.key] = c.source;
    // A reference column also carries the id its name stands for, to link to it.
    if (c.source.kind === "name") values[`${c.key}:ref`] = { kind: "text", field: c.source.field };
  }
  const fallback = defaultSort(name);
  const sort = {
    by: input.sort ?? fallback.by,
    direction: input.direction ?? (input.sort === undefined ? fallback.direction : "asc"),
  };
  const page = Math.max(1, input.page ?? 1);
  const { rows, total } = await browsePage(db.kysely, {
    filter: {
      companyId: input.companyId,
      collection: name,
      status: input.status,
      search: input.search,
      searchFields: def.searchFields,
      deleted: input.includeDeleted ? "include" : "exclude",
      problems: input.problems,
      references: references?.value,
    },
    titleField: def.titleField,
    values,
    sort,
    offset: (page - 1) * input.limit,
    limit: input.limit,
  });
  const subtitleField = columns.length === 0 && "subtitleField" in def ? def.subtitleField : undefined;
  const names = await referencedNames(
    db,
    input.companyId,
    subtitleField,
    rows.map((r) => r.record),
  );
  const warnings = await referenceWarnings(
    db.kysely,
    input.companyId,
    rows.map((r) => ({ collection: name, data: r.record.data })),
  );
  return ok({
    items: rows.map(({ record: r, values: v }, i) => {
      const title = display(r.data[def.titleField]) ?? r.externalId;
      return {
        externalId: r.externalId,
        title,
        // A document's own columns say who and how much; its external id is worth a line when it differs.
        subtitle: subtitleField
          ? subtitleOf(display(r.data[subtitleField]), names)
          : columns.length > 0 && r.externalId !== title
            ? r.externalId
            : null,
        version: r.version,
        updatedAt: r.updatedAt.toISOString(),
        deleted: r.deletedAt !== null,
        sync: toRecordView(r).sync,
        values: Object.fromEntries(columns.map((c) => [c.key, v[c.key] ?? null])),
        refs: Object.fromEntries(
          columns.filter((c) => c.look === "reference").map((c) => [c.key, v[`${c.key}:ref`] ?? null]),
        ),
        warnings: {
          missing: warnings[i]?.filter((w) => w.code === "missing_reference").length ?? 0,
          deleted: warnings[i]?.filter((w) => w.code === "deleted_reference").length ?? 0,
        },
      };
    }),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / input.limit)),
    titleLabel: titleLabel(name),
    columns: columns.map(({ source: _, ...view }) => view),
    sort,
    goesToQuickBooks: goesToQuickBooks(name),
    exportable: isPushObject(name),
  });
}

/** Reference fields shown as a subtitle, and the collection each points into. */
const referenceTargets: Record<string, CollectionName> = {
  customerExternalId: "customers",
  vendorExternalId: "vendors",
};

/** A referenced record is shown by its name; one that does not exist (yet) by its external id. */
function subtitleOf(value: string | null, names: Map<string, string>): string | null {
  return value === null ? null : (names.get(value) ?? value);
}

/** The names of the records a page refers to in its subtitle field, in one query. */
async function referencedNames(
  db: Database,
  companyId: string,
  field: string | undefined,
  items: readonly { data: Record<string, unknown> }[],
): Promise<Map<string, string>> {
  const target = field ? referenceTargets[field] : undefined;
  if (!field || !target) return new Map();
  const ids = [...new Set(items.map((r) => r.data[field]).filter((v): v is string => typeof v === "string"))];
  if (ids.length === 0) return new Map();
  const rows = await recordTitles(db.kysely, companyId, new Map([[target, new Set(ids)]]));
  return new Map(rows.map((r) => [r.externalId, r.title]));
}

export async function collectionSummaries(
  db: Database,
  companyId: string,
): Promise<Result<{ name: CollectionName; label: string; count: number }[], AdminErrorCode>> {
  if (!(await companyExists(db.kysely, companyId))) return err("company_not_found", "No such company.");
  const counts = await countByCollection(db.kysely, companyId);
  return ok(
    (Object.keys(collections) as CollectionName[]).map((name) => ({
      name,
      label: collections[name].label,
      count: counts[name] ?? 0,
    })),
  );
}

/** How the web app shows a field: an amount of money, a quantity, or a link to another record. */
export type FieldLook = { format: "money" | "quantity" | "percent" } | { references: CollectionName };

/** A record as its detail page shows it: the record, how each field reads, and the names it refers to. */
export interface RecordDetailView extends RecordView {
  /** Keyed by field path without list positions: `total`, `lines.amount`, `customerExternalId`. */
  fields: Record<string, FieldLook>;
  /** Names of the records this one refers to, by collection then external id, within the same company. */
  names: Partial<Record<CollectionName, Record<string, string>>>;
  /** The money summary under a document's lines; null for names such as customers. */
  totals: DocumentTotals | null;
  /** The currency the amounts are in: the document's own, else the company's home currency, if known. */
  currency: string | null;
  /** Whether records of this collection go to QuickBooks at all (the QuickBooks panel shows only then). */
  goesToQuickBooks: boolean;
  /** The live records that name this one, by collection. */
  referencedBy: ReferencedBy[];
}

export async function recordDetail(
  db: Database,
  input: Target & { externalId: string },
): Promise<Result<RecordDetailView, AdminErrorCode>> {
  const found = await getRecord(db, input);
  if (!found.ok) return found;
  const collection = input.collection as CollectionName;
  const fields = fieldLooks(collection);
  const record = found.value;
  const wanted = new Map<CollectionName, Set<string>>();
  for (const [path, value] of leafValues(record.data)) {
    const look = fields[path];
    if (look && "references" in look && typeof value === "string") {
      const ids = wanted.get(look.references) ?? new Set<string>();
      ids.add(value);
      wanted.set(look.references, ids);
    }
  }
  const own = typeof record.data.currency === "string" ? record.data.currency : null;
  const company = own ? undefined : await getStoredCompany(db.kysely, input.companyId);
  return ok({
    ...record,
    fields,
    names: await namesOf(db, input.companyId, wanted),
    totals: documentTotals(collection, record.data),
    currency: own ?? company?.homeCurrency ?? null,
    goesToQuickBooks: goesToQuickBooks(collection),
    referencedBy: await referencedBy(db, input.companyId, { collection, externalId: record.externalId }),
  });
}

/** Every scalar in a record with its path, list positions left out (`lines.itemExternalId`). */
function* leafValues(value: unknown, path = ""): Generator<[string, unknown]> {
  if (Array.isArray(value)) {
    for (const item of value) yield* leafValues(item, path);
  } else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) yield* leafValues(v, path ? `${path}.${key}` : key);
  } else {
    yield [path, value];
  }
}

/** The names of every referenced record, in one query whatever the number of collections. */
async function namesOf(
  db: Database,
  companyId: string,
  wanted: Map<CollectionName, Set<string>>,
): Promise<RecordDetailView["names"]> {
  const names: RecordDetailView["names"] = {};
  for (const row of await recordTitles(db.kysely, companyId, wanted)) {
    const byId = names[row.collection] ?? {};
    byId[row.externalId] = row.title;
    names[row.collection] = byId;
  }
  return names;
}

// The domain's decimal types, recognised by identity: a field's meaning comes from its declared type,
// never from what its value happens to look like (account "6900" is a code, not an amount).
const decimalLooks = new Map<unknown, FieldLook>([
  [Money._zod.def, { format: "money" }],
  [NonNegativeMoney._zod.def, { format: "money" }],
  [PositiveMoney._zod.def, { format: "money" }],
  // Up to 7 decimals, shown with at least the cents: "17.95", "0.0425".
  [UnitPrice._zod.def, { format: "money" }],
  [Quantity._zod.def, { format: "quantity" }],
  [NonNegativeQuantity._zod.def, { format: "quantity" }],
  [PositiveQuantity._zod.def, { format: "quantity" }],
  [Percent._zod.def, { format: "percent" }],
  [UnitPrice._zod.def, { format: "money" }],
]);

type AnyDef = { type: string; [key: string]: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: AnyDef } })._zod.def;

/** How each field of a collection's schema reads, walked from the schema itself. */
export function fieldLooks(collection: CollectionName): Record<string, FieldLook> {
  const looks: Record<string, FieldLook> = {};
  const walk = (node: unknown, path: string, field: string, depth: number): void => {
    if (depth > 20) return;
    const def = defOf(node);
    const decimal = decimalLooks.get(def);
    if (decimal) {
      looks[path] = decimal;
      return;
    }
    switch (def.type) {
      case "object":
        for (const [key, child] of Object.entries(def.shape as Record<string, unknown>))
          walk(child, path ? `${path}.${key}` : key, key, depth + 1);
        return;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        walk(def.innerType, path, field, depth + 1);
        return;
      case "pipe":
        walk(def.in, path, field, depth + 1);
        return;
      case "array":
        walk(def.element, path, field, depth + 1);
        return;
      case "union":
        for (const option of def.options as unknown[]) walk(option, path, field, depth + 1);
        return;
      case "lazy":
        return;
      case "string": {
        const target = referenceTarget(field, collection);
        if (target) looks[path] = { references: target };
        return;
      }
    }
  };
  walk(collections[collection].schema, "", "", 0);
  return looks;
}
