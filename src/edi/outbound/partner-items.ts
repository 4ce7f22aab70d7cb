// How an item is named to a partner in the documents we send: by the ids the partner's own 850 used
// for the line when we have it, else by the partner's numbers on the item record, its barcode and our
// SKU; and which order line a shipped or invoiced quantity belongs to.
import type { ProductId } from "#x12/sets/index.ts";

/** The fields of an item the outbound documents read: its own numbers and those partners order it by. */
export interface ItemNumbers {
  sku?: string | undefined;
  upc?: string | undefined;
  partnerNumbers?:
    | {
        customerExternalId?: string | undefined;
        buyerPartNumber?: string | undefined;
        vendorPartNumber?: string | undefined;
        upc?: string | undefined;
      }[]
    | undefined;
}

/** The order line a shipped or invoiced item belongs to: by the host's line id, or else the first line of that item. */
export function orderLineOf<L extends { lineId?: string | undefined; itemExternalId?: string | undefined }>(
  order: { lines: readonly L[] },
  shipped: { itemExternalId: string; orderLineId?: string | undefined },
): L | undefined {
  if (shipped.orderLineId !== undefined) {
    const byId = order.lines.find((l) => l.lineId === shipped.orderLineId);
    if (byId) return byId;
  }
  return order.lines.find((l) => l.itemExternalId === shipped.itemExternalId);
}

/** LIN ids from the item record: the partner's own numbers first, then the barcode and our SKU. */
export function partnerIds(
  items: ReadonlyMap<string, ItemNumbers>,
  customer: string,
  shipped: { itemExternalId: string; upc?: string | undefined },
  field: string,
  issues: { field: string; message: string }[],
): ProductId[] {
  const item = items.get(shipped.itemExternalId);
  if (!item) {
    issues.push({
      field: `${field}.itemExternalId`,
      message: `item "${shipped.itemExternalId}" does not exist`,
    });
    return [];
  }
  const numbers =
    item.partnerNumbers?.find((n) => n.customerExternalId === customer) ??
    item.partnerNumbers?.find((n) => n.customerExternalId === undefined);
  const ids: ProductId[] = [];
  if (numbers?.buyerPartNumber) ids.push({ qualifier: "BP", id: numbers.buyerPartNumber });
  const upc = shipped.upc ?? numbers?.upc ?? item.upc;
  if (upc) ids.push({ qualifier: barcodeQualifier(upc), id: upc });
  const vendor = numbers?.vendorPartNumber ?? item.sku;
  if (vendor) ids.push({ qualifier: "VN", id: vendor });
  if (ids.length === 0) {
    issues.push({
      field: `${field}.itemExternalId`,
      message: `item "${shipped.itemExternalId}" has no SKU, UPC or partner number to name it by in a document for the partner`,
    });
  }
  return ids;
}

/** UP for a 12-digit UPC-A, EN for an EAN-13, UK for a GTIN-14; an 8-digit code travels as EN. */
function barcodeQualifier(code: string): string {
  return code.length === 12 ? "UP" : code.length === 14 ? "UK" : "EN";
}
