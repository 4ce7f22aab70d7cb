import { z } from "zod";
import { CurrencyCode, Metadata, Ref, snakeEnum, text } from "./common.ts";

/** The account classification QuickBooks uses (its AccountType), written in snake case. */
export const AccountType = snakeEnum([
  "bank",
  "accounts_receivable",
  "other_current_asset",
  "fixed_asset",
  "other_asset",
  "accounts_payable",
  "credit_card",
  "other_current_liability",
  "long_term_liability",
  "equity",
  "income",
  "other_income",
  "cost_of_goods_sold",
  "expense",
  "other_expense",
]);
export type AccountType = z.infer<typeof AccountType>;

export const Account = z
  .strictObject({
    number: text(20)
      .optional()
      .meta({ description: "Account number in the chart of accounts", examples: ["4000"] }),
    name: text(100).refine(
      (s) => !s.includes(":"),
      "must not contain ':' (QuickBooks uses it for sub-accounts)",
    ),
    type: AccountType,
    subType: text(100).optional().meta({ description: "QuickBooks detail type, when the host knows it" }),
    description: text(100).optional(),
    parentExternalId: Ref.optional(),
    currency: CurrencyCode.optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .meta({ id: "Account" });
export type Account = z.output<typeof Account>;
