// The money summary under a document's lines, as it is printed: subtotal, delivery fee, discount, tax
// and total for sales documents, the total for purchases, what a payment applied and left over, and a
// journal entry's debits and credits. Worked out from the lines with the domain's own arithmetic, so a
// total the host left out reads the same as the one it would have had to send.
import type { CollectionName } from "#domain/collections.ts";
import { linesTotal } from "#domain/lines.ts";
import { money } from "#domain/money.ts";
import { salesDocumentTotal } from "#domain/sales-order.ts";

export interface TotalLine {
  label: string;
  /** Decimal text; a discount is negative. */
  amount: string;
  /** The line the eye looks for: the total. */
  emphasis?: boolean;
}

export interface DocumentTotals {
  lines: TotalLine[];
  /** Top-level fields the summary shows, which the details therefore leave out. */
  fields: string[];
}

type Data = Record<string, unknown>;

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const amounts = (rows: unknown, field: string) =>
  Array.isArray(rows) ? rows.map((r) => text((r as Data | null)?.[field])) : [];

export function documentTotals(collection: CollectionName, data: Data): DocumentTotals | null {
  switch (collection) {
    case "invoices":
    case "sales-orders": {
      const lines = amounts(data.lines, "amount").map((amount) => ({ amount: amount ?? "0" }));
      const parts: TotalLine[] = [{ label: "Subtotal", amount: money.format(linesTotal(lines)) }];
      const add = (field: string, label: string, sign = 1) => {
        const value = text(data[field]);
        if (value !== undefined) parts.push({ label, amount: money.format(money.sum([value]).times(sign)) });
      };
      add("deliveryFee", "Delivery fee");
      add("discount", "Discount", -1);
      add("taxAmount", "Tax");
      const total =
        text(data.total) ??
        money.format(
          salesDocumentTotal({
            lines,
            taxAmount: text(data.taxAmount),
            deliveryFee: text(data.deliveryFee),
            discount: text(data.discount),
          }),
        );
      parts.push({ label: "Total", amount: total, emphasis: true });
      const paid = text(data.amountPaid);
      if (paid !== undefined) {
        parts.push({ label: "Paid", amount: money.format(money.sum([paid])) });
        parts.push({
          label: "Balance",
          amount: money.format(money.sum([total]).minus(paid)),
          emphasis: true,
        });
      }
      return { lines: parts, fields: ["deliveryFee", "discount", "taxAmount", "total", "amountPaid"] };
    }
    case "bills":
    case "purchase-orders": {
      const total = text(data.total) ?? money.format(money.sum(amounts(data.lines, "amount")));
      return { lines: [{ label: "Total", amount: total, emphasis: true }], fields: ["total"] };
    }
    case "payments": {
      const amount = text(data.amount) ?? "0";
      const applied = money.sum(amounts(data.applications, "amount"));
      return {
        lines: [
          { label: "Amount received", amount: money.format(money.sum([amount])), emphasis: true },
          { label: "Applied", amount: money.format(applied) },
          { label: "Unapplied (customer credit)", amount: money.format(money.sum([amount]).minus(applied)) },
        ],
        fields: ["amount"],
      };
    }
    case "journal-entries":
      return {
        lines: [
          {
            label: "Total debits",
            amount: money.format(money.sum(amounts(data.lines, "debit"))),
            emphasis: true,
          },
          { label: "Total credits", amount: money.format(money.sum(amounts(data.lines, "credit"))) },
        ],
        fields: [],
      };
    default:
      return null;
  }
}
