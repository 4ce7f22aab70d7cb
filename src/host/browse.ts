// The web app's records browser: pages of rows with a title, a subtitle and the sync status, newest
// change first, and each collection's record count.
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
    return ok({
      items: page.items.map((r) => ({
        externalId: r.externalId,
        title: display(r.data[def.titleField]) ?? r.externalId,
        subtitle: subtitleField ? display(r.data[subtitleField]) : null,
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
