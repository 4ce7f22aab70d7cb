// The demo's items: the catalogue's parts with their GL accounts and usual vendor.
import type { RecordInput } from "#domain/collections.ts";
import type { Part, PartFamily } from "./catalog.ts";
import { formatCents } from "./cents.ts";
import type { DemoVendor } from "./parties.ts";
import type { Random } from "./random.ts";
import type { DemoRecord } from "./types.ts";

export interface DemoItem {
  externalId: string;
  part: Part;
  vendorExternalId?: string;
}

const ACCOUNTS: Readonly<Record<PartFamily, { income: string; expense: string; asset?: string }>> = {
  fastener: { income: "4000", expense: "5000", asset: "1210" },
  machined: { income: "4010", expense: "5010", asset: "1210" },
  material: { income: "4010", expense: "5100", asset: "1200" },
  service: { income: "4020", expense: "5200" },
  charge: { income: "4100", expense: "5300" },
};

/** Fasteners come from the fastener wholesalers, bar stock from the metal service centres. */
export function assignVendors(
  random: Random,
  parts: readonly Part[],
  vendors: readonly DemoVendor[],
): DemoItem[] {
  const fastenerVendors = vendors.filter(
    (v) => v.profile.suppliesItems && v.profile.accounts.includes("5000"),
  );
  const metalVendors = vendors.filter((v) => v.profile.suppliesItems && v.profile.accounts.includes("5100"));
  return parts.map((part, i) => {
    const item: DemoItem = { externalId: `P-${10001 + i}`, part };
    if (part.family === "fastener") item.vendorExternalId = random.pick(fastenerVendors).externalId;
    if (part.family === "material") item.vendorExternalId = random.pick(metalVendors).externalId;
    return item;
  });
}

/** A GTIN-12 (UPC-A) under a made-up company prefix, with its check digit. */
function upc(serial: number): string {
  const body = `08471200${String(serial).padStart(3, "0")}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function itemRecord(
  item: DemoItem,
  quantityAsOf: string,
  upcSerial: number | undefined,
): DemoRecord<"items"> {
  const { part } = item;
  const accounts = ACCOUNTS[part.family];
  const stocked = part.quantityOnHand !== undefined;
  const data: RecordInput<"items"> = {
    name: part.name,
    description: part.description,
    type: stocked ? "inventory" : part.family === "service" ? "service" : "non_inventory",
    unitPrice: formatCents(part.unitPriceCents),
    unitCost: formatCents(part.unitCostCents),
    incomeAccountExternalId: accounts.income,
    expenseAccountExternalId: accounts.expense,
    taxable: part.family !== "service",
  };
  if (part.sku) data.sku = part.sku;
  if (stocked && accounts.asset) {
    data.assetAccountExternalId = accounts.asset;
    data.quantityOnHand = String(part.quantityOnHand);
    data.quantityAsOf = quantityAsOf;
  }
  if (item.vendorExternalId) data.preferredVendorExternalId = item.vendorExternalId;
  if (upcSerial !== undefined) data.upc = upc(upcSerial);
  return { externalId: item.externalId, data };
}
