// The web app's records browser: pages of rows with a title, a subtitle and the sync status, newest
// change first, and each collection's record count.
import { sql } from "kysely";
import { type CollectionName, collections } from "../domain/collections.ts";
import type { Database } from "../store/database.ts";
import { countByCollection, countRecords, InvalidCursorError, listRecords } from "../store/records.ts";
import type { SyncStatus } from "../store/tables.ts";
import { checkCollection, companyFound, type RecordView, toRecordView } from "./records.ts";
import { err, ok, type Result } from "./result.ts";

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
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Result<{ items: BrowseItem[]; nextCursor: string | null; total: number }>> {
  const collection = checkCollection(input.collection);
  if (!collection.ok) return collection;
  if (!(await companyFound(db.kysely, input.companyId))) return err("company_not_found", "No such company.");
  const def = collections[collection.value];
  const filter = {
    companyId: input.companyId,
    collection: collection.value,
    status: input.status,
    search: input.search,
    searchFields: def.searchFields,
    deleted: "exclude" as const,
  };
  try {
    // Latest changes first: what a bookkeeper looks for is usually what just happened.
    const [page, total] = await Promise.all([
      listRecords(db.kysely, { ...filter, cursor: input.cursor, limit: input.limit, order: "desc" }),
      countRecords(db.kysely, filter),
    ]);
    const subtitleField = "subtitleField" in def ? def.subtitleField : undefined;
    const names = await referencedNames(db, input.companyId, subtitleField, page.items);
    return ok({
      items: page.items.map((r) => ({
        externalId: r.externalId,
        title: display(r.data[def.titleField]) ?? r.externalId,
        subtitle: subtitleField ? subtitleOf(display(r.data[subtitleField]), names) : null,
        version: r.version,
        updatedAt: r.updatedAt.toISOString(),
        deleted: r.deletedAt !== null,
        sync: toRecordView(r).sync,
      })),
      nextCursor: page.nextCursor ?? null,
      total,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) return err("invalid_cursor", error.message);
    throw error;
  }
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
  const titleField = collections[target].titleField;
  const rows = await db.kysely
    .selectFrom("records")
    .select(["external_id", sql<string | null>`data->>${titleField}`.as("title")])
    .where("company_id", "=", companyId)
    .where("collection", "=", target)
    .where("external_id", "in", ids)
    .execute();
  return new Map(rows.filter((r) => r.title).map((r) => [r.external_id, r.title as string]));
}

export async function collectionSummaries(
  db: Database,
  companyId: string,
): Promise<Result<{ name: CollectionName; label: string; count: number }[]>> {
  if (!(await companyFound(db.kysely, companyId))) return err("company_not_found", "No such company.");
  const counts = await countByCollection(db.kysely, companyId);
  return ok(
    (Object.keys(collections) as CollectionName[]).map((name) => ({
      name,
      label: collections[name].label,
      count: counts[name] ?? 0,
    })),
  );
}
