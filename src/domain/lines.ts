// Document lines shared by sales and purchase documents, and the totals rules they obey.
import { z } from "zod";
import { Ref, text } from "./common.ts";
import { type Dec, Money, money, NonNegativeMoney, Quantity, UnitPrice } from "./money.ts";

const lineId = text(50)
  .optional()
  .meta({ description: "The host's identifier of the line, kept for matching" });

/** A sales line (order, invoice): an item sold, or a described charge with an amount. */
export const SalesLine = z
  .strictObject({
    lineId,
    itemExternalId: Ref.optional(),
    description: text(4000).optional(),
    quantity: Quantity.optional(),
    unitPrice: UnitPrice.optional(),
    amount: Money.optional().meta({ description: "quantity × unitPrice; computed to the cent when omitted" }),
    taxCodeExternalId: Ref.optional(),
    serviceDate: z.iso.date().optional(),
    customerPoLineNumber: text(20)
      .optional()
      .meta({ description: "The line number in the buyer's purchase order (EDI 850 PO101)" }),
  })
  .superRefine(checkLineAmount("unitPrice"))
  .transform(fillAmount("unitPrice"))
  .meta({ id: "SalesLine" });
export type SalesLine = z.output<typeof SalesLine>;

/** A purchase line (purchase order, bill item line): what was bought at what cost. */
export const PurchaseLine = z
  .strictObject({
    lineId,
    itemExternalId: Ref.optional(),
    accountExternalId: Ref.optional().meta({ description: "Expense account, for lines that are not items" }),
    description: text(4000).optional(),
    quantity: Quantity.optional(),
    unitCost: UnitPrice.optional(),
    amount: Money.optional().meta({ description: "quantity × unitCost; computed to the cent when omitted" }),
    customerExternalId: Ref.optional().meta({ description: "Customer the cost is billable to" }),
  })
  .superRefine((line, ctx) => {
    if (line.itemExternalId === undefined && line.accountExternalId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["itemExternalId"],
        message: "a line needs itemExternalId or accountExternalId",
      });
    }
  })
  .superRefine(checkLineAmount("unitCost"))
  .transform(fillAmount("unitCost"))
  .meta({ id: "PurchaseLine" });
export type PurchaseLine = z.output<typeof PurchaseLine>;

type PriceField = "unitPrice" | "unitCost";
type AnyLine = {
  itemExternalId?: string | undefined;
  description?: string | undefined;
  quantity?: string | undefined;
  amount?: string | undefined;
} & Partial<Record<PriceField, string | undefined>>;

function checkLineAmount(priceField: PriceField) {
  return (line: AnyLine, ctx: z.RefinementCtx) => {
    const price = line[priceField];
    if (line.itemExternalId === undefined && line.description === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["itemExternalId"],
        message: "a line needs itemExternalId or a description",
      });
    }
    if (line.amount === undefined && (line.quantity === undefined || price === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: `give amount, or quantity and ${priceField} to compute it`,
      });
      return;
    }
    if (line.amount !== undefined && line.quantity !== undefined && price !== undefined) {
      const expected = money.toCents(money.times(line.quantity, price));
      // QuickBooks refuses a line whose amount is not quantity × price; catching it here names the line.
      if (!money.equal(money.toCents(line.amount), expected)) {
        ctx.addIssue({
          code: "custom",
          path: ["amount"],
          message: `is ${line.amount} but quantity × ${priceField} is ${expected}`,
        });
      }
    }
  };
}

function fillAmount(priceField: PriceField) {
  return <L extends AnyLine>(line: L): L & { amount: string } => {
    if (line.amount !== undefined) return line as L & { amount: string };
    const price = line[priceField] as string;
    return { ...line, amount: money.toCents(money.times(line.quantity as string, price)) };
  };
}

/** Sum of line amounts. */
export function linesTotal(lines: ReadonlyArray<{ amount: string }>): Dec {
  return money.sum(lines.map((l) => l.amount));
}

/**
 * When the host states a total, it must equal what the lines add up to; a mismatch usually means a
 * rounding or tax rule differs between the host and us, and is better caught before anything is pushed.
 */
export function checkStatedTotal(
  ctx: z.RefinementCtx,
  stated: string | undefined,
  computed: Dec,
  explanation: string,
): void {
  if (stated === undefined) return;
  if (!money.equal(stated, computed)) {
    ctx.addIssue({
      code: "custom",
      path: ["total"],
      message: `is ${stated} but ${explanation} comes to ${money.format(computed)}`,
    });
  }
}

export { NonNegativeMoney };
