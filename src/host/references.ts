// Warnings for references to records that are missing or deleted. Records are never refused for them
// (a host sends in any order); each reference is looked up when a record is written or read, so a
// warning clears as soon as the named record arrives, and appears once it is deleted. All the records
// of a request are checked together, in one query.

import type { Kysely } from "kysely";
import type { CollectionName } from "#domain/collections.ts";
import { collections } from "#domain/collections.ts";
import { referencesIn } from "#domain/references.ts";
import { referenceStates } from "#store/records.ts";
import type { Tables } from "#store/tables.ts";

export interface RecordWarning {
  /** JSON pointer to the reference in the record's data: "/lines/0/itemExternalId". */
  path: string;
  code: "missing_reference" | "deleted_reference";
  message: string;
  collection: CollectionName;
  externalId: string;
}

/** The warnings of each record, in the order given. */
export async function referenceWarnings(
  db: Kysely<Tables>,
  companyId: string,
  records: ReadonlyArray<{ collection: CollectionName; data: unknown }>,
): Promise<RecordWarning[][]> {
  const refs = records.map((r) => referencesIn(r.collection, r.data));
  const wanted = new Map<CollectionName, Set<string>>();
  for (const ref of refs.flat()) {
    const ids = wanted.get(ref.collection) ?? new Set<string>();
    ids.add(ref.externalId);
    wanted.set(ref.collection, ids);
  }
  const states = new Map<string, boolean>();
  for (const s of await referenceStates(db, companyId, wanted)) {
    states.set(`${s.collection}\u0000${s.externalId}`, s.deleted);
  }
  return refs.map((list) =>
    list.flatMap((ref): RecordWarning[] => {
      const deleted = states.get(`${ref.collection}\u0000${ref.externalId}`);
      if (deleted === false) return [];
      const what = `${collections[ref.collection].singular} "${ref.externalId}"`;
      return [
        deleted === undefined
          ? {
              path: ref.path,
              code: "missing_reference",
              message: `names ${what}, which has not been sent yet; send it and this warning clears`,
              collection: ref.collection,
              externalId: ref.externalId,
            }
          : {
              path: ref.path,
              code: "deleted_reference",
              message: `names ${what}, which has been deleted`,
              collection: ref.collection,
              externalId: ref.externalId,
            },
      ];
    }),
  );
}
