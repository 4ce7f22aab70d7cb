// The 810 for an invoice the host recorded for a customer that trades by EDI: each item line with the
// partner's line number and ids (as its 850 sent them, or from the item's partner numbers), the
// delivery fee, discount and tax as summary charges and allowances, and the total the host stated.
import { Decimal } from "decimal.js";
import {
  type AllowanceCharge,
  type Invoice810,
  type InvoiceLine,
  invoiceTotal,
  type PurchaseOrder850,
} from "#x12/sets/index.ts";
import { type ItemNumbers, orderLineOf, partnerIds } from "./partner-items.ts";

/** The fields of a host invoice the 810 reads (the domain's Invoice record satisfies it). */
export interface InvoiceRecord {
  number: string;
  date: string;
  customerExternalId: string;
  customerPoNumber?: string | undefined;
  lines: {
    lineId?: string | undefined;
    itemExternalId?: string | undefined;
    description?: string | undefined;
    quantity?: string | undefined;
    unitPrice?: string | undefined;
    amount: string;
    customerPoLineNumber?: string | undefined;
  }[];
  deliveryFee?: string | undefined;
  discount?: string | undefined;
  taxAmount?: string | undefined;
}

export interface PartnerInvoiceInput {
  invoice: InvoiceRecord;
  /** The sales order the invoice bills, when it came by EDI: its lines know the PO line numbers. */
  order?: {
    customerPoNumber?: string | undefined;
    lines: {
      lineId?: string | undefined;
      itemExternalId?: string | undefined;
      customerPoLineNumber?: string | undefined;
    }[];
  };
  purchaseOrder?: PurchaseOrder850 | undefined;
  items: ReadonlyMap<string, ItemNumbers>;
}

export type PartnerInvoiceResult =
  | { ok: true; invoice: Invoice810 }
  | { ok: false; issues: { field: string; message: string }[] };

export function partnerInvoice(input: PartnerInvoiceInput): PartnerInvoiceResult {
  const { invoice } = input;
  const issues: { field: string; message: string }[] = [];
  const lines: InvoiceLine[] = [];
  const charges: AllowanceCharge[] = [];
  invoice.lines.forEach((line, i) => {
    const field = `lines[${i}]`;
    if (line.itemExternalId === undefined || line.quantity === undefined || line.unitPrice === undefined) {
      // A described charge: billed as a charge (or an allowance when negative) on the whole invoice.
      const amount = new Decimal(line.amount);
      if (!amount.isZero()) {
        charges.push({
          indicator: amount.isNegative() ? "A" : "C",
          code: "ZZZZ",
          amount: amount.abs().toFixed(2),
          description: (line.description ?? "charge").slice(0, 80),
        });
      }
      return;
    }
    const poLineNumber =
      line.customerPoLineNumber ??
      (input.order &&
        orderLineOf(input.order, { itemExternalId: line.itemExternalId, orderLineId: line.lineId })
          ?.customerPoLineNumber);
    const poLine =
      poLineNumber === undefined
        ? undefined
        : input.purchaseOrder?.lines.find((l) => l.lineNumber === poLineNumber);
    const out: InvoiceLine = {
      quantity: line.quantity,
      unit: poLine?.unit ?? "EA",
      unitPrice: line.unitPrice,
      productIds: poLine
        ? poLine.productIds
        : partnerIds(
            input.items,
            invoice.customerExternalId,
            { itemExternalId: line.itemExternalId },
            field,
            issues,
          ),
      descriptions: [],
      allowancesCharges: [],
    };
    if (poLineNumber !== undefined) out.lineNumber = poLineNumber;
    lines.push(out);
  });
  if (lines.length === 0)
    issues.push({ field: "lines", message: "the invoice has no item line to bill in an 810" });
  const summary = (
    [
      ["C", "D240", invoice.deliveryFee, "Freight"],
      ["C", "H850", invoice.taxAmount, "Tax"],
      ["A", "C310", invoice.discount, "Discount"],
    ] as const
  ).filter(([, , amount]) => amount !== undefined && !new Decimal(amount).isZero());
  for (const [indicator, code, amount, description] of summary)
    charges.push({ indicator, code, amount: new Decimal(amount as string).toFixed(2), description });
  if (issues.length > 0) return { ok: false, issues };

  const poNumber = invoice.customerPoNumber ?? input.order?.customerPoNumber ?? input.purchaseOrder?.poNumber;
  const out: Invoice810 = {
    date: invoice.date,
    invoiceNumber: invoice.number,
    references: [],
    parties: input.purchaseOrder?.parties.filter((p) => p.entity === "ST" || p.entity === "BT") ?? [],
    dates: [],
    lines,
    total: "0",
    allowancesCharges: charges,
    totals: { lineCount: lines.length },
  };
  if (poNumber) out.poNumber = poNumber;
  if (input.purchaseOrder?.date) out.poDate = input.purchaseOrder.date;
  out.total = invoiceTotal(out).toDecimalPlaces(2).toFixed(2);
  return { ok: true, invoice: out };
}
