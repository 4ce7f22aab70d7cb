// The records each record names, kept beside its data so a list can filter by reference problems and
// a deletion can find the records that name the deleted one. `refs` holds
// [{"collection": "customers", "externalId": "C-1001"}, …], written with the data on every write;
// whether each named record exists is not stored (it changes when that record arrives or is deleted)
// but looked up when a list is read, so a filter by problems is always exact.
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { isCollection } from "#domain/collections.ts";
import { referenceKeys } from "#domain/references.ts";
import type { Migration } from "../migrate.ts";

export const recordReferences: Migration = {
  version: 10,
  name: "record references",
  statements: [
    "alter table records add column refs jsonb not null default '[]'",
    // jsonb_path_ops: `refs @> '[{"collection": …, "externalId": …}]'` finds the records naming one.
    "create index records_refs on records using gin (refs jsonb_path_ops)",
  ],
  backfill: fillReferences,
};

const BATCH = 500;

/** Computes `refs` for the records already stored, a batch at a time in id order. */
async function fillReferences(db: Kysely<unknown>): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: string | number; collection: string; data: unknown }>`
      select id, collection, data from records where id > ${after} order by id limit ${BATCH}`.execute(db);
    const last = rows.at(-1);
    if (!last) return;
    after = Number(last.id);
    const values = rows.flatMap((row) => {
      if (!isCollection(row.collection)) return [];
      const refs = referenceKeys(row.collection, row.data);
      return refs.length > 0 ? [sql`(${Number(row.id)}::bigint, ${JSON.stringify(refs)}::jsonb)`] : [];
    });
    if (values.length === 0) continue;
    await sql`update records set refs = v.refs from (values ${sql.join(values)}) as v(id, refs)
      where records.id = v.id`.execute(db);
  }
}
