import { z } from "zod";
import { DateOnly, Metadata, Ref, snakeEnum, text } from "./common.ts";
import { NonNegativeMoney, Quantity } from "./money.ts";

export const ItemType = snakeEnum(["inventory", "non_inventory", "service"]);

export const Item = z
  .strictObject({
    sku: text(100).optional().meta({ description: "Stock keeping unit; some parts have none" }),
    name: text(100),
    description: text(4000).optional().meta({ description: "Sales description" }),
    purchaseDescription: text(4000).optional(),
    type: ItemType,
    unitPrice: NonNegativeMoney.optional(),
    unitCost: NonNegativeMoney.optional(),
    quantityOnHand: Quantity.optional(),
    quantityAsOf: DateOnly.optional().meta({ description: "Date the quantity on hand was counted" }),
    incomeAccountExternalId: Ref.optional(),
    expenseAccountExternalId: Ref.optional().meta({ description: "Expense or cost-of-goods-sold account" }),
    assetAccountExternalId: Ref.optional().meta({ description: "Inventory asset account" }),
    preferredVendorExternalId: Ref.optional(),
    upc: z
      .string()
      .regex(/^\d{8,14}$/, "must be 8 to 14 digits (UPC/EAN/GTIN)")
      .optional(),
    taxable: z.boolean().optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .superRefine((item, ctx) => {
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
