import { z } from "zod";
import { Metadata, text } from "./common.ts";
import { Percent } from "./money.ts";

const days = z.number().int("must be a whole number of days").min(0).max(999);
const dayOfMonth = z.number().int().min(1).max(31);

/**
 * A payment term: either due a number of days after the document date ("Net 30"), or date driven
 * (due on a day of the month).
 */
export const Term = z
  .strictObject({
    name: text(31),
    dueDays: days.optional(),
    dayOfMonthDue: dayOfMonth.optional(),
    dueNextMonthDays: days
      .optional()
      .meta({ description: "Date driven: documents this close to the due day roll to next month" }),
    discountPercent: Percent.optional(),
    discountDays: days.optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .superRefine((term, ctx) => {
    if ((term.dueDays === undefined) === (term.dayOfMonthDue === undefined)) {
      ctx.addIssue({ code: "custom", path: ["dueDays"], message: "give either dueDays or dayOfMonthDue" });
    }
    if (term.discountPercent !== undefined && term.discountDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["discountDays"], message: "is required with discountPercent" });
    }
  })
  .meta({ id: "Term" });
export type Term = z.output<typeof Term>;
