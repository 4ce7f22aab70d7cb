import { z } from "zod";
import { Address, DateOnly, documentFields, Ref, text } from "./common.ts";
import { checkCurrencyAmounts } from "./currency.ts";
import { PurchaseLine } from "./lines.ts";
import { money, PositiveQuantity } from "./money.ts";

/** Goods received against a purchase order; lines point at the order's lines by position (1-based). */
export const Receipt = z
  .strictObject({
    date: DateOnly,
    reference: text(50).optional().meta({ description: "Packing slip or receiving document number" }),
    lines: z
      .array(
        z.strictObject({
          line: z.number().int().min(1).meta({ description: "Position of the order line, starting at 1" }),
          quantity: PositiveQuantity,
        }),
      )
      .min(1),
  })
  .meta({ id: "Receipt" });

export const PurchaseOrder = z
  .strictObject({
    ...documentFields,
    vendorExternalId: Ref,
    status: z.enum(["open", "closed", "cancelled"]).default("open"),
    expectedDate: DateOnly.optional(),
    shipToAddress: Address.optional(),
    lines: z.array(PurchaseLine).min(1, "a purchase order needs at least one line").max(1000),
    receipts: z.array(Receipt).max(1000).default([]),
  })
  .superRefine((po, ctx) => {
    checkCurrencyAmounts(
      ctx,
      po.currency,
      po.lines.map((l, i): [(string | number)[], string] => [["lines", i, "amount"], l.amount]),
    );
    po.receipts.forEach((receipt, r) => {
      receipt.lines.forEach((received, l) => {
        const ordered = po.lines[received.line - 1];
        if (ordered === undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["receipts", r, "lines", l, "line"],
            message: `refers to line ${received.line} but the order has ${po.lines.length}`,
          });
        } else if (ordered.quantity === undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["receipts", r, "lines", l, "line"],
            message: `refers to line ${received.line}, which has no quantity to receive against`,
          });
        }
      });
    });
  })
  .meta({ id: "PurchaseOrder" });
export type PurchaseOrder = z.output<typeof PurchaseOrder>;

/** Quantity received so far per order line (index 0 = line 1). */
export function receivedQuantities(po: PurchaseOrder): string[] {
  return po.lines.map((_, i) =>
    money.format(
      money.sum(po.receipts.flatMap((r) => r.lines.filter((l) => l.line === i + 1).map((l) => l.quantity))),
      0,
    ),
  );
}
