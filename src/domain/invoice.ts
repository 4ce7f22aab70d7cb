import { z } from "zod";
import { Address, DateOnly, documentFields, Email, Ref, text } from "./common.ts";
import { checkCurrencyAmounts } from "./currency.ts";
import { checkStatedTotal, SalesLine } from "./lines.ts";
import { NonNegativeMoney } from "./money.ts";
import { salesDocumentAmounts, salesDocumentTotal } from "./sales-order.ts";

/** An accounts-receivable invoice. */
export const Invoice = z
  .strictObject({
    ...documentFields,
    customerExternalId: Ref,
    salesOrderExternalId: Ref.optional(),
    customerPoNumber: text(50).optional(),
    dueDate: DateOnly.optional(),
    termsExternalId: Ref.optional(),
    shipDate: DateOnly.optional(),
    email: Email.optional(),
    billingAddress: Address.optional(),
    shippingAddress: Address.optional(),
    lines: z.array(SalesLine).min(1, "an invoice needs at least one line").max(1000),
    deliveryFee: NonNegativeMoney.optional(),
    discount: NonNegativeMoney.optional(),
    taxAmount: NonNegativeMoney.optional(),
    taxCodeExternalId: Ref.optional(),
    locked: z
      .boolean()
      .default(false)
      .meta({ description: "The host has finalised the invoice; it must not be changed once synced" }),
    total: NonNegativeMoney.optional().meta({
      description: "When given, must equal lines + tax + delivery fee − discount",
    }),
  })
  .superRefine((invoice, ctx) => {
    checkCurrencyAmounts(ctx, invoice.currency, salesDocumentAmounts(invoice));
    // Credit lines (negative quantity or amount) may reduce an invoice, but not below zero: QuickBooks
    // refuses a negative invoice, and money owed to the customer is a credit, not an invoice.
    const computed = salesDocumentTotal(invoice);
    if (invoice.total === undefined && computed.isNegative() && !computed.isZero()) {
      ctx.addIssue({
        code: "custom",
        path: ["lines"],
        message: `come to ${computed.toFixed(2)}; an invoice's total cannot be negative`,
      });
    }
    checkStatedTotal(
      ctx,
      invoice.total,
      salesDocumentTotal(invoice),
      "lines + tax + delivery fee − discount",
    );
    if (invoice.dueDate !== undefined && invoice.dueDate < invoice.date) {
      ctx.addIssue({
        code: "custom",
        path: ["dueDate"],
        message: `is before the invoice date ${invoice.date}`,
      });
    }
  })
  .meta({ id: "Invoice" });
export type Invoice = z.output<typeof Invoice>;
