import { z } from "zod";
import { Address, DateOnly, documentFields, Email, Ref, snakeEnum, text } from "./common.ts";
import { checkCurrencyAmounts } from "./currency.ts";
import { checkStatedTotal, linesTotal, SalesLine } from "./lines.ts";
import { money, NonNegativeMoney } from "./money.ts";

export const PaymentStatus = snakeEnum(["paid", "partially_paid", "unpaid"]);

export const SalesOrder = z
  .strictObject({
    ...documentFields,
    customerExternalId: Ref,
    customerPoNumber: text(50)
      .optional()
      .meta({ description: "The buyer's purchase order number (EDI 850 BEG03)" }),
    status: z.enum(["open", "closed", "cancelled"]).default("open"),
    shipDate: DateOnly.optional(),
    termsExternalId: Ref.optional(),
    email: Email.optional(),
    billingAddress: Address.optional(),
    shippingAddress: Address.optional(),
    lines: z.array(SalesLine).min(1, "an order needs at least one line").max(1000),
    deliveryFee: NonNegativeMoney.optional(),
    discount: NonNegativeMoney.optional().meta({ description: "Order-level discount amount" }),
    taxAmount: NonNegativeMoney.optional(),
    taxCodeExternalId: Ref.optional(),
    paymentStatus: PaymentStatus.default("unpaid"),
    amountPaid: NonNegativeMoney.optional(),
    total: NonNegativeMoney.optional().meta({
      description: "When given, must equal lines + tax + delivery fee − discount",
    }),
  })
  .superRefine((order, ctx) => {
    checkCurrencyAmounts(ctx, order.currency, [
      ...salesDocumentAmounts(order),
      [["amountPaid"], order.amountPaid],
    ]);
    const total = salesDocumentTotal(order);
    checkStatedTotal(ctx, order.total, total, "lines + tax + delivery fee − discount");
    if (order.amountPaid !== undefined) {
      const paid = money.sum([order.amountPaid]);
      const expected = paid.isZero() ? "unpaid" : paid.gte(total) ? "paid" : "partially_paid";
      if (expected !== order.paymentStatus) {
        ctx.addIssue({
          code: "custom",
          path: ["paymentStatus"],
          message: `is ${order.paymentStatus} but amountPaid ${order.amountPaid} of ${money.format(total)} means ${expected}`,
        });
      }
    }
  })
  .meta({ id: "SalesOrder" });
export type SalesOrder = z.output<typeof SalesOrder>;

/** Lines plus tax and delivery fee, less the document discount. */
export function salesDocumentTotal(doc: {
  lines: ReadonlyArray<{ amount: string }>;
  taxAmount?: string | undefined;
  deliveryFee?: string | undefined;
  discount?: string | undefined;
}) {
  return linesTotal(doc.lines)
    .plus(money.sum([doc.taxAmount, doc.deliveryFee]))
    .minus(money.sum([doc.discount]));
}

/** The amounts of an order or invoice, by path, for the currency check. */
export function salesDocumentAmounts(doc: {
  lines: ReadonlyArray<{ amount: string }>;
  deliveryFee?: string | undefined;
  discount?: string | undefined;
  taxAmount?: string | undefined;
  total?: string | undefined;
}): [(string | number)[], string | undefined][] {
  return [
    ...doc.lines.map((l, i): [(string | number)[], string] => [["lines", i, "amount"], l.amount]),
    [["deliveryFee"], doc.deliveryFee],
    [["discount"], doc.discount],
    [["taxAmount"], doc.taxAmount],
    [["total"], doc.total],
  ];
}
