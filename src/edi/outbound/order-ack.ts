// The 855 for an order we accepted: every line of the partner's 850 echoed, with IA where the sales
// order takes it as ordered, IQ where it takes another quantity, and IR where the sales order has no
// line for it. The seller's order number (BAK08) is the sales order's number.
import { Decimal } from "decimal.js";
import { acknowledgeOrder, type PurchaseOrder850, type PurchaseOrderAck855 } from "#x12/sets/index.ts";

export interface AcceptedOrder {
  number: string;
  lines: { customerPoLineNumber?: string | undefined; quantity?: string | undefined }[];
}

export function orderAcknowledgment(
  purchaseOrder: PurchaseOrder850,
  order: AcceptedOrder,
  now: Date,
): PurchaseOrderAck855 {
  const taken = new Map<string, AcceptedOrder["lines"][number]>();
  for (const line of order.lines)
    if (line.customerPoLineNumber !== undefined) taken.set(line.customerPoLineNumber, line);
  return acknowledgeOrder(
    purchaseOrder,
    (line, index) => {
      const ours = taken.get(line.lineNumber ?? String(index + 1));
      const unit = line.unit ?? "EA";
      if (!ours) return { status: "IR", ...(line.quantity ? { quantity: line.quantity } : {}), unit };
      const quantity = ours.quantity ?? line.quantity;
      const changed =
        quantity !== undefined && line.quantity !== undefined && !new Decimal(quantity).eq(line.quantity);
      return { status: changed ? "IQ" : "IA", ...(quantity ? { quantity } : {}), unit };
    },
    { date: now.toISOString().slice(0, 10), sellerOrderNumber: order.number },
  );
}
