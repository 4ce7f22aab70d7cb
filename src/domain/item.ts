import { z } from "zod";
import { checkUnique, DateOnly, Gtin, Metadata, Ref, snakeEnum, text } from "./common.ts";
import { Quantity, UnitPrice } from "./money.ts";

export const ItemType = snakeEnum(["inventory", "non_inventory", "service"]);

/** X12 element 234 (product/service id) holds 1 to 48 characters. */
const productId = text(48);

/**
 * The numbers a trading partner knows the item by, as its purchase orders send them (850 PO1: BP or IN
 * for the buyer's number, VN or VP for ours, UP/UK/EN for the barcode). Numbers without a customer hold
 * for every partner; a customer's own entry wins over them.
 */
export const ItemPartnerNumber = z
  .strictObject({
    customerExternalId: Ref.optional().meta({
      description: "The customer (trading partner) these numbers belong to; omitted: any partner",
    }),
    buyerPartNumber: productId.optional().meta({ description: "The buyer's item number (PO1 BP / IN)" }),
    vendorPartNumber: productId
      .optional()
      .meta({ description: "The item number the partner has for us as vendor (PO1 VN / VP)" }),
    upc: Gtin.optional().meta({
      description: "The barcode the partner orders by, when it differs from the item's",
    }),
  })
  .superRefine((n, ctx) => {
    if (n.buyerPartNumber === undefined && n.vendorPartNumber === undefined && n.upc === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["buyerPartNumber"],
        message: "give buyerPartNumber, vendorPartNumber or upc",
      });
    }
  })
  .meta({ id: "ItemPartnerNumber" });
export type ItemPartnerNumber = z.output<typeof ItemPartnerNumber>;

export const Item = z
  .strictObject({
    sku: text(100).optional().meta({ description: "Stock keeping unit; some parts have none" }),
    name: text(100),
    description: text(4000).optional().meta({ description: "Sales description" }),
    purchaseDescription: text(4000).optional(),
    type: ItemType,
    unitPrice: UnitPrice.optional(),
    unitCost: UnitPrice.optional(),
    quantityOnHand: Quantity.optional(),
    quantityAsOf: DateOnly.optional().meta({ description: "Date the quantity on hand was counted" }),
    incomeAccountExternalId: Ref.optional(),
    expenseAccountExternalId: Ref.optional().meta({ description: "Expense or cost-of-goods-sold account" }),
    assetAccountExternalId: Ref.optional().meta({ description: "Inventory asset account" }),
    preferredVendorExternalId: Ref.optional(),
    upc: Gtin.optional(),
    partnerNumbers: z
      .array(ItemPartnerNumber)
      .max(500, "must have at most 500 entries")
      .optional()
      .meta({ description: "The numbers trading partners order this item by, one entry per partner" }),
    taxable: z.boolean().optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .superRefine((item, ctx) => {
    checkUnique(
      ctx,
      item.partnerNumbers,
      ["partnerNumbers", "customerExternalId"],
      (n) => n.customerExternalId ?? "",
      (first, key) =>
        key === ""
          ? `repeats entry ${first + 1}, which already holds the numbers for every partner`
          : `repeats entry ${first + 1}'s customer "${key}"`,
    );
    if (item.type !== "inventory" && item.quantityOnHand !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["quantityOnHand"],
        message: "only inventory items have a quantity on hand",
      });
    }
  })
  .meta({ id: "Item" });
export type Item = z.output<typeof Item>;
