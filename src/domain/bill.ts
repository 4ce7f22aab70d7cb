import { z } from "zod";
import { DateOnly, documentFields, Ref } from "./common.ts";
import { checkCurrencyAmounts } from "./currency.ts";
import { checkStatedTotal, linesTotal, PurchaseLine } from "./lines.ts";
import { NonNegativeMoney } from "./money.ts";

/**
 * An accounts-payable voucher. Its lines split the cost over GL accounts (accountExternalId) or
 * items bought (itemExternalId).
 */
export const Bill = z
  .strictObject({
    ...documentFields,
    number: documentFields.number.meta({ description: "The vendor's invoice number" }),
    vendorExternalId: Ref,
    purchaseOrderExternalId: Ref.optional(),
    dueDate: DateOnly.optional(),
    termsExternalId: Ref.optional(),
    apAccountExternalId: Ref.optional().meta({
      description: "Accounts payable account, when not the default",
    }),
    lines: z.array(PurchaseLine).min(1, "a bill needs at least one line").max(1000),
    total: NonNegativeMoney.optional().meta({ description: "When given, must equal the sum of the lines" }),
  })
  .superRefine((bill, ctx) => {
    checkCurrencyAmounts(ctx, bill.currency, [
      ...bill.lines.map((l, i): [(string | number)[], string] => [["lines", i, "amount"], l.amount]),
      [["total"], bill.total],
    ]);
    checkStatedTotal(ctx, bill.total, linesTotal(bill.lines), "the sum of the lines");
    if (bill.dueDate !== undefined && bill.dueDate < bill.date) {
      ctx.addIssue({ code: "custom", path: ["dueDate"], message: `is before the bill date ${bill.date}` });
    }
  })
  .meta({ id: "Bill" });
export type Bill = z.output<typeof Bill>;
