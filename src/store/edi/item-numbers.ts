// The items a partner's order lines may mean: every live item of the company whose SKU, UPC or any
// partner number equals one of the ids the lines carry. One query per order, whatever its size.
import { type Kysely, sql } from "kysely";
import type { Tables } from "../tables.ts";

export interface ItemCandidate {
  externalId: string;
  data: Record<string, unknown>;
}

export async function findItemsByNumbers(
  db: Kysely<Tables>,
  companyId: string,
  ids: readonly string[],
): Promise<ItemCandidate[]> {
  if (ids.length === 0) return [];
  const wanted = sql`${sql.val([...new Set(ids)])}::text[]`;
  const rows = await db
    .selectFrom("records")
    .select(["external_id", "data"])
    .where("company_id", "=", companyId)
    .where("collection", "=", "items")
    .where("deleted_at", "is", null)
    .where(
      sql<boolean>`(data->>'sku' = any(${wanted}) or data->>'upc' = any(${wanted}) or exists (
        select 1 from jsonb_array_elements(coalesce(data->'partnerNumbers', '[]'::jsonb)) n
        where n->>'buyerPartNumber' = any(${wanted}) or n->>'vendorPartNumber' = any(${wanted})
          or n->>'upc' = any(${wanted})))`,
    )
    .orderBy("external_id")
    .execute();
  return rows.map((r) => ({ externalId: r.external_id, data: r.data }));
}
