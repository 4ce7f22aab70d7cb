import { z } from "zod";
import { CurrencyCode, DateOnly, Metadata, Ref, text } from "./common.ts";
import { checkCurrencyAmounts } from "./currency.ts";
import { money, PositiveMoney } from "./money.ts";

/** Part of a payment applied to one invoice or one sales order. */
export const PaymentApplication = z
  .strictObject({
    invoiceExternalId: Ref.optional(),
    salesOrderExternalId: Ref.optional(),
    amount: PositiveMoney,
  })
  .superRefine((a, ctx) => {
    if ((a.invoiceExternalId === undefined) === (a.salesOrderExternalId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["invoiceExternalId"],
        message: "give either invoiceExternalId or salesOrderExternalId",
      });
    }
  })
  .meta({ id: "PaymentApplication" });

/** A customer payment received. Any amount not applied stays as the customer's credit. */
export const Payment = z
  .strictObject({
    number: text(21).optional().meta({ description: "Receipt or reference number" }),
    customerExternalId: Ref,
    date: DateOnly,
    amount: PositiveMoney,
    currency: CurrencyCode.optional(),
    method: text(31)
      .optional()
      .meta({ examples: ["check", "credit_card", "ach"] }),
    reference: text(50).optional().meta({ description: "Check number or processor transaction id" }),
    depositAccountExternalId: Ref.optional(),
    applications: z.array(PaymentApplication).max(1000).default([]),
    memo: text(4000).optional(),
    metadata: Metadata.optional(),
  })
  .superRefine((payment, ctx) => {
    checkCurrencyAmounts(ctx, payment.currency, [
      [["amount"], payment.amount],
      ...payment.applications.map((a, i): [(string | number)[], string] => [
        ["applications", i, "amount"],
        a.amount,
      ]),
    ]);
    const applied = money.sum(payment.applications.map((a) => a.amount));
    if (applied.gt(payment.amount)) {
      ctx.addIssue({
        code: "custom",
        path: ["applications"],
        message: `apply ${money.format(applied)}, more than the payment amount ${payment.amount}`,
      });
    }
  })
  .meta({ id: "Payment" });
export type Payment = z.output<typeof Payment>;
