import { z } from "zod";
import { documentFields, Ref, text } from "./common.ts";
import { checkCurrencyAmounts } from "./currency.ts";
import { money, PositiveMoney } from "./money.ts";

export const JournalLine = z
  .strictObject({
    lineId: text(50).optional(),
    accountExternalId: Ref,
    debit: PositiveMoney.optional(),
    credit: PositiveMoney.optional(),
    description: text(4000).optional(),
    customerExternalId: Ref.optional(),
    vendorExternalId: Ref.optional(),
  })
  .superRefine((line, ctx) => {
    if ((line.debit === undefined) === (line.credit === undefined)) {
      ctx.addIssue({ code: "custom", path: ["debit"], message: "a line has either a debit or a credit" });
    }
    if (line.customerExternalId !== undefined && line.vendorExternalId !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["vendorExternalId"],
        message: "a line names a customer or a vendor, not both",
      });
    }
  })
  .meta({ id: "JournalLine" });

export const JournalEntry = z
  .strictObject({
    ...documentFields,
    number: documentFields.number.optional(),
    adjustment: z.boolean().optional(),
    lines: z.array(JournalLine).min(2, "a journal entry needs at least two lines").max(1000),
  })
  .superRefine((entry, ctx) => {
    checkCurrencyAmounts(
      ctx,
      entry.currency,
      entry.lines.flatMap((l, i): [(string | number)[], string | undefined][] => [
        [["lines", i, "debit"], l.debit],
        [["lines", i, "credit"], l.credit],
      ]),
    );
    const debits = money.sum(entry.lines.map((l) => l.debit));
    const credits = money.sum(entry.lines.map((l) => l.credit));
    if (!debits.eq(credits)) {
      ctx.addIssue({
        code: "custom",
        path: ["lines"],
        message: `do not balance: debits ${money.format(debits)}, credits ${money.format(credits)}`,
      });
    }
  })
  .meta({ id: "JournalEntry" });
export type JournalEntry = z.output<typeof JournalEntry>;
