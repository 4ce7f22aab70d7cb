// *Accept*: an inbound 850 becomes a sales order in the host records. The order's external id is derived
// from the partner and the PO number, so the same PO can never make two orders; the PO number goes to
// `customerPoNumber` and each line keeps its PO1 line number. The order is written like any host record
// (a new version and a `record.changed` job in the same transaction), so the host sees it in the change
// feed, and its webhooks hear `record.created`. Matching runs again first: whatever was mapped since
// the message arrived now counts.
import type { Kysely } from "kysely";
import type { EdiErrorCode } from "#domain/errors.ts";
import { contentHash } from "#domain/hash.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { validateRecord } from "#domain/validate.ts";
import { type EdiMessageRow, findPurchaseOrders, lockMessage, updateMessage } from "#store/edi/messages.ts";
import { type EdiPartnerRow, findPartnerBySender, getPartnerById } from "#store/edi/partners.ts";
import { createRecord } from "#store/records.ts";
import type { Tables } from "#store/tables.ts";
import { enqueueRecordCreated } from "#sync/outbox.ts";
import type { PurchaseOrder850 } from "#x12/sets/index.ts";
import type { EdiContext } from "../context.ts";
import { enqueueOutbound } from "../outbound/send.ts";
import { matchOrder, type OrderMatch, type Reason } from "./match-order.ts";

/** What an inbound 850 message keeps as its parsed form. */
export interface ParsedOrder {
  order: PurchaseOrder850;
  match: OrderMatch | null;
}

/** `EDI-northgate-4500012345`: stable for a partner and PO number, usable in a URL. */
export function salesOrderExternalId(partnerName: string, poNumber: string): string {
  return `EDI-${partnerName}-${poNumber.replace(/[/\\\s]+/g, "-")}`.slice(0, 128);
}

/** The sales order an accepted 850 becomes, as a host would send it (validated by the caller). */
export function salesOrderOf(
  partner: EdiPartnerRow,
  order: PurchaseOrder850,
  match: OrderMatch,
): Record<string, unknown> {
  return {
    // QuickBooks prints 21 characters; the whole PO number stays in customerPoNumber.
    number: order.poNumber.slice(0, 21),
    date: order.date,
    customerExternalId: match.customerExternalId,
    customerPoNumber: order.poNumber,
    ...(order.requestedShipDate ? { shipDate: order.requestedShipDate } : {}),
    ...(match.location ? { shippingAddress: match.location.address } : {}),
    memo: `EDI 850 from ${partner.name}${match.location ? `, ship to ${match.location.code} ${match.location.name}` : ""}`,
    lines: match.lines.map((l) => ({
      ...(l.itemExternalId ? { itemExternalId: l.itemExternalId } : {}),
      ...(l.description ? { description: l.description } : {}),
      ...(l.quantity !== null ? { quantity: l.quantity } : {}),
      ...(l.unitPrice !== null ? { unitPrice: l.unitPrice } : {}),
      ...(l.lineNumber ? { customerPoLineNumber: l.lineNumber } : {}),
    })),
  };
}

export type AcceptOutcome =
  | { accepted: true; salesOrderExternalId: string; reasons: Reason[] }
  | { accepted: false; reasons: Reason[] };

/**
 * What the receiver has just read for a message it stored in this transaction: the order matched, and
 * the partner's earlier 850s with the same PO number. Accepting on receipt uses them rather than reading
 * them again.
 */
export interface AcceptBasis {
  match: OrderMatch;
  reasons: Reason[];
  earlier: readonly EdiMessageRow[];
}

/**
 * Accepts a locked inbound 850 inside the caller's transaction, or says why not (and leaves the message
 * needing attention with those reasons). Without a `basis`, matching and the duplicate check run afresh.
 */
export async function acceptInTransaction(
  trx: Kysely<Tables>,
  message: EdiMessageRow,
  partner: EdiPartnerRow,
  basis?: AcceptBasis,
): Promise<AcceptOutcome> {
  const parsed = message.parsed as ParsedOrder | null;
  if (!parsed?.order)
    return refuse(trx, message, [attention("NOT_READABLE", "The order could not be read.")]);
  const { match, reasons } = basis ?? (await matchOrder(trx, partner, parsed.order));
  const refusal = reasons.filter((r) => r.attention);
  const notes = reasons.filter((r) => !r.attention);
  const po = parsed.order.poNumber;
  const earlier =
    basis?.earlier ??
    (await findPurchaseOrders(trx, {
      partnerId: partner.id,
      poNumber: po,
      excludeId: message.id,
    }));
  const accepted = earlier.find((m) => m.status === "accepted");
  if (accepted) {
    refusal.push(
      attention(
        "DUPLICATE_PO",
        `PO ${po} from ${partner.name} was already accepted (message ${accepted.id}${accepted.file ? `, file ${accepted.file}` : ""}) into sales order ${accepted.recordExternalId}.`,
      ),
    );
  }
  if (refusal.length > 0) return refuse(trx, message, [...refusal, ...notes]);

  const externalId = salesOrderExternalId(partner.name, po);
  const valid = validateRecord("sales-orders", salesOrderOf(partner, parsed.order, match));
  if (!valid.ok) {
    return refuse(
      trx,
      message,
      valid.issues.map((i) =>
        attention("ORDER_INVALID", `The sales order would be refused: ${i.path} ${i.message}.`),
      ),
    );
  }
  const data = valid.value as Record<string, unknown>;
  // Created only if no live sales order has the id: the same PO can never make two orders.
  const written = await createRecord(trx, {
    companyId: partner.companyId,
    collection: "sales-orders",
    externalId,
    data,
    hash: contentHash(data),
  });
  if (!written) {
    return refuse(trx, message, [
      attention("DUPLICATE_PO", `Sales order ${externalId} already exists: PO ${po} was accepted before.`),
      ...notes,
    ]);
  }
  await enqueueRecordCreated(
    trx,
    partner.companyId,
    "sales-orders",
    { externalId, version: written.version },
    { kind: "edi", partner: partner.name, messageId: message.id, poNumber: po },
  );
  await updateMessage(trx, message.id, {
    status: "accepted",
    reasons,
    recordCollection: "sales-orders",
    recordExternalId: externalId,
  });
  // The partner's 855 goes out after the order is committed, built from it (a job of its own).
  if (partner.wants855) await enqueueOutbound(trx, partner.companyId, { type: "855", externalId });
  return { accepted: true, salesOrderExternalId: externalId, reasons };
}

async function refuse(
  trx: Kysely<Tables>,
  message: EdiMessageRow,
  reasons: Reason[],
): Promise<AcceptOutcome> {
  await updateMessage(trx, message.id, { status: "needs_attention", reasons });
  return { accepted: false, reasons };
}

function attention(code: string, message: string): Reason {
  return { code, message, attention: true };
}

/** *Accept* from the API or the CLI. */
export async function acceptMessage(
  ctx: EdiContext,
  input: { companyId: string; messageId: string },
): Promise<Result<{ messageId: string; salesOrderExternalId: string }, EdiErrorCode>> {
  const outcome = await ctx.db.transaction(async (trx) => {
    const message = await lockMessage(trx, input.companyId, input.messageId);
    if (!message) return err("message_not_found", `No EDI message ${input.messageId}.`);
    if (message.direction !== "inbound" || message.type !== "850") {
      return err(
        "message_not_acceptable",
        `Message ${message.id} is ${message.direction} ${message.type}: only a received 850 can be accepted.`,
      );
    }
    if (message.status === "accepted") {
      return err(
        "message_not_acceptable",
        `Message ${message.id} was already accepted into sales order ${message.recordExternalId}.`,
      );
    }
    if (message.status === "rejected" || message.status === "error") {
      return err(
        "message_not_acceptable",
        `Message ${message.id} is ${message.status}: it can not become an order; ask the partner to send it again.`,
      );
    }
    const partner = await partnerOf(trx, message);
    if (!partner) {
      return err(
        "message_not_acceptable",
        `No trading partner has sender id ${message.senderQualifier}:${message.senderId}: add the partner, then accept.`,
      );
    }
    if (!partner.active) {
      return err(
        "message_not_acceptable",
        `Partner ${partner.name} is inactive: activate it before accepting its orders.`,
      );
    }
    const result = await acceptInTransaction(trx, message, partner);
    if (!result.accepted) {
      return err(
        "message_not_acceptable",
        `Message ${message.id} needs attention: ${result.reasons
          .filter((r) => r.attention)
          .map((r) => r.message)
          .join(" ")}`,
      );
    }
    return ok({ messageId: message.id, salesOrderExternalId: result.salesOrderExternalId });
  });
  return outcome;
}

/** The message's partner, or the partner added since it arrived (then recorded on the message). */
async function partnerOf(trx: Kysely<Tables>, message: EdiMessageRow): Promise<EdiPartnerRow | undefined> {
  if (message.partnerId) return getPartnerById(trx, message.partnerId);
  if (!message.connectionId) return undefined;
  const found = await findPartnerBySender(
    trx,
    message.connectionId,
    message.senderQualifier,
    message.senderId,
  );
  if (found) await updateMessage(trx, message.id, { partnerId: found.id });
  return found;
}
