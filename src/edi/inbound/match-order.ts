// An inbound 850 matched to what the host knows: the partner's customer, its ship-to location (N1*ST
// N104), and each line's item by the partner's numbers, the barcode or our SKU. What does not match is a
// reason the message needs attention, worded as what to map; a line without a price takes the item's
// price, and says so.

import type { Kysely } from "kysely";
import type { Address } from "#domain/common.ts";
import type { Customer } from "#domain/customer.ts";
import type { Item } from "#domain/item.ts";
import type { ItemCandidate } from "#store/edi/item-numbers.ts";
import type { EdiPartnerRow } from "#store/edi/partners.ts";
import type { Tables } from "#store/tables.ts";
import { findParty, type ProductId, type PurchaseOrder850, type PurchaseOrderLine } from "#x12/sets/index.ts";
import { freshLookups, type InboundLookups } from "./lookups.ts";

/** Why a message is where it is. `attention` reasons keep it from being accepted until mapped. */
export interface Reason {
  code: string;
  message: string;
  attention: boolean;
}

export interface MatchedLine {
  /** PO101, the buyer's line number. */
  lineNumber: string | null;
  itemExternalId: string | null;
  quantity: string | null;
  unit: string | null;
  unitPrice: string | null;
  priceFrom: "order" | "item" | null;
  description: string | null;
}

export interface OrderMatch {
  customerExternalId: string;
  location: { code: string; name: string; address: Address } | null;
  lines: MatchedLine[];
}

const BUYER = new Set(["BP", "IN", "CB"]);
const VENDOR = new Set(["VN", "VP", "VA"]);
const BARCODE = new Set(["UP", "UK", "EN", "UA", "UI"]);

export async function matchOrder(
  db: Kysely<Tables>,
  partner: EdiPartnerRow,
  order: PurchaseOrder850,
  lookups: InboundLookups = freshLookups(),
): Promise<{ match: OrderMatch; reasons: Reason[] }> {
  const reasons: Reason[] = [];
  const customer = await lookups.customer(db, partner.companyId, partner.customerExternalId);
  if (!customer) {
    reasons.push({
      code: "CUSTOMER_MISSING",
      message: `Partner ${partner.name} stands for customer ${partner.customerExternalId}, which does not exist: send the customer, or change the partner's customer.`,
      attention: true,
    });
  }
  const location = matchLocation(partner, customer, order, reasons);
  const ids = order.lines.flatMap((l) => l.productIds.map((p) => p.id));
  const candidates = await lookups.itemsByNumbers(db, partner.companyId, ids);
  const lines = order.lines.map((line, i) => matchLine(partner, line, i, candidates, reasons));
  return { match: { customerExternalId: partner.customerExternalId, location, lines }, reasons };
}

function matchLocation(
  partner: EdiPartnerRow,
  customer: Customer | undefined,
  order: PurchaseOrder850,
  reasons: Reason[],
): OrderMatch["location"] {
  const shipTo = findParty(order.parties, "ST");
  if (!shipTo?.id) return null;
  const mapped = partner.locations.find((l) => l.partnerLocationId === shipTo.id)?.locationCode;
  const locations = customer?.locations ?? [];
  const found = mapped
    ? locations.find((l) => l.code === mapped)
    : locations.find((l) => l.partnerLocationId === shipTo.id);
  if (found) return { code: found.code, name: found.name, address: found.address };
  const named = shipTo.name ? ` (${shipTo.name})` : "";
  reasons.push({
    code: "LOCATION_UNMAPPED",
    message: mapped
      ? `Ship-to ${shipTo.id}${named} maps to location ${mapped}, which customer ${partner.customerExternalId} does not have: add the location to the customer.`
      : `Ship-to ${shipTo.id}${named} is not a location of customer ${partner.customerExternalId}: give one of its locations partnerLocationId "${shipTo.id}", or map ${shipTo.id} to a location on partner ${partner.name}.`,
    attention: true,
  });
  return null;
}

function matchLine(
  partner: EdiPartnerRow,
  line: PurchaseOrderLine,
  index: number,
  candidates: readonly ItemCandidate[],
  reasons: Reason[],
): MatchedLine {
  const label = `Line ${line.lineNumber ?? index + 1}`;
  const ids = line.productIds.map((p) => `${p.qualifier} ${p.id}`).join(", ") || "no product id";
  const ranked = candidates
    .map((c) => ({ item: c, rank: rankOf(partner.customerExternalId, c.data as Item, line.productIds) }))
    .filter((c) => c.rank < Infinity);
  const best = Math.min(...ranked.map((r) => r.rank));
  const top = ranked.filter((r) => r.rank === best);
  const matched: MatchedLine = {
    lineNumber: line.lineNumber ?? null,
    itemExternalId: null,
    quantity: line.quantity ?? null,
    unit: line.unit ?? null,
    unitPrice: line.unitPrice ?? null,
    priceFrom: line.unitPrice !== undefined ? "order" : null,
    description: line.description ?? null,
  };
  if (top.length === 0) {
    reasons.push({
      code: "ITEM_UNMATCHED",
      message: `${label} (${ids}) matches no item: add the buyer's number to the item's partnerNumbers for customer ${partner.customerExternalId}, or give the item that UPC or SKU.`,
      attention: true,
    });
  } else if (top.length > 1) {
    reasons.push({
      code: "ITEM_AMBIGUOUS",
      message: `${label} (${ids}) matches items ${top.map((t) => t.item.externalId).join(", ")} alike: keep the number on one of them only.`,
      attention: true,
    });
  } else {
    const item = top[0]?.item as ItemCandidate;
    matched.itemExternalId = item.externalId;
    const price = (item.data as Item).unitPrice;
    if (line.unitPrice === undefined) {
      if (price !== undefined) {
        matched.unitPrice = price;
        matched.priceFrom = "item";
        reasons.push({
          code: "PRICE_FROM_ITEM",
          message: `${label} has no price: item ${item.externalId}'s price ${price} is used.`,
          attention: false,
        });
      } else {
        reasons.push({
          code: "PRICE_MISSING",
          message: `${label} has no price and item ${item.externalId} has none either: give the item a unitPrice.`,
          attention: true,
        });
      }
    }
  }
  if (line.quantity === undefined) {
    reasons.push({ code: "QUANTITY_MISSING", message: `${label} has no quantity (PO102).`, attention: true });
  }
  return matched;
}

/**
 * How well an item answers a line's ids, lower is better: the partner's own numbers for this customer,
 * then numbers for every partner, then the item's barcode, then our SKU as the vendor's number, then
 * our SKU under any qualifier. Infinity when nothing matches.
 */
function rankOf(customer: string, item: Item, ids: readonly ProductId[]): number {
  const has = (kinds: Set<string>, value: string | undefined) =>
    value !== undefined && ids.some((p) => kinds.has(p.qualifier) && p.id === value);
  let rank = Infinity;
  for (const n of item.partnerNumbers ?? []) {
    if (n.customerExternalId !== undefined && n.customerExternalId !== customer) continue;
    const hit = has(BUYER, n.buyerPartNumber) || has(VENDOR, n.vendorPartNumber) || has(BARCODE, n.upc);
    if (hit) rank = Math.min(rank, n.customerExternalId === customer ? 1 : 2);
  }
  if (rank < Infinity) return rank;
  if (has(BARCODE, item.upc)) return 3;
  if (has(VENDOR, item.sku)) return 4;
  if (item.sku !== undefined && ids.some((p) => p.id === item.sku)) return 5;
  return Infinity;
}
