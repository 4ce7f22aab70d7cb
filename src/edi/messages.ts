// The message inbox as users read it: every inbound and outbound message with its partner, type, control
// numbers, status, the reasons it needs attention and the file it came from or went to; one message in
// full with its raw X12 and parsed form side by side; and *Reject*, a user's decision not to take an order.
import { type EdiDirection, type EdiMessageStatus, ediDirections, ediMessageStatuses } from "#domain/edi.ts";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { getCompany } from "#store/companies.ts";
import {
  type EdiMessageRow,
  getMessage as getMessageRow,
  listMessages as listMessageRows,
  lockMessage,
  updateMessage,
} from "#store/edi/messages.ts";
import { findPartner } from "#store/edi/partners.ts";
import type { EdiContext } from "./context.ts";

export interface MessageView {
  id: string;
  direction: EdiDirection;
  type: string;
  status: EdiMessageStatus;
  partner: string | null;
  connection: string | null;
  sender: string;
  receiver: string;
  controlNumbers: { interchange: string; group: string | null; set: string | null };
  /** PO number of an 850, shipment id of an 856, invoice number of an 810. */
  reference: string | null;
  reasons: unknown[];
  problems: unknown[];
  /** The file it came in or went out in. */
  file: string | null;
  /** The host record it made or was made from. */
  record: { collection: string; externalId: string } | null;
  acknowledgedBy: string | null;
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageDetail extends MessageView {
  raw: string;
  parsed: unknown;
}

export function toMessageView(m: EdiMessageRow): MessageView {
  return {
    id: m.id,
    direction: m.direction,
    type: m.type,
    status: m.status,
    partner: m.partner,
    connection: m.connection,
    sender: `${m.senderQualifier}:${m.senderId}`,
    receiver: `${m.receiverQualifier}:${m.receiverId}`,
    controlNumbers: { interchange: m.interchangeControl, group: m.groupControl, set: m.setControl },
    reference: m.reference,
    reasons: m.reasons,
    problems: m.problems,
    file: m.file,
    record:
      m.recordCollection && m.recordExternalId
        ? { collection: m.recordCollection, externalId: m.recordExternalId }
        : null,
    acknowledgedBy: m.acknowledgedBy,
    dueAt: m.dueAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export interface MessageQuery {
  companyId: string;
  partner?: string | undefined;
  direction?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  /** Messages made from or into this host record (`sales-orders/EDI-northgate-4500012345`). */
  recordCollection?: string | undefined;
  recordExternalId?: string | undefined;
  before?: string | undefined;
  limit: number;
}

/** Newest first; `nextBefore` pages further back. */
export async function listMessages(
  ctx: EdiContext,
  q: MessageQuery,
): Promise<Result<{ items: MessageView[]; nextBefore: string | null }, EdiErrorCode>> {
  const db = ctx.db.kysely;
  if (!(await getCompany(db, q.companyId))) return err("company_not_found", "No such company.");
  let partnerId: string | undefined;
  if (q.partner) {
    const partner = await findPartner(db, q.companyId, q.partner);
    if (!partner) return err("partner_not_found", `No trading partner "${q.partner}".`);
    partnerId = partner.id;
  }
  if (q.direction && !(ediDirections as readonly string[]).includes(q.direction)) {
    return err("invalid_request", `direction must be one of ${ediDirections.join(", ")}.`);
  }
  if (q.status && !(ediMessageStatuses as readonly string[]).includes(q.status)) {
    return err("invalid_request", `status must be one of ${ediMessageStatuses.join(", ")}.`);
  }
  const rows = await listMessageRows(db, {
    companyId: q.companyId,
    partnerId,
    direction: q.direction as EdiDirection | undefined,
    status: q.status as EdiMessageStatus | undefined,
    type: q.type,
    recordCollection: q.recordCollection,
    recordExternalId: q.recordExternalId,
    before: q.before,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return ok({
    items: page.map(toMessageView),
    nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  });
}

export async function getMessage(
  ctx: EdiContext,
  input: { companyId: string; messageId: string },
): Promise<Result<MessageDetail, EdiErrorCode>> {
  const row = await getMessageRow(ctx.db.kysely, input.companyId, input.messageId);
  if (!row) return err("message_not_found", `No EDI message ${input.messageId}.`);
  return ok({ ...toMessageView(row), raw: row.raw, parsed: row.parsed });
}

/** The longest note a user may give with *Reject*. */
export const REJECT_REASON_MAX = 500;

/**
 * *Reject*: a user decides a received 850 that is new or needs attention (a duplicate PO, an order not
 * to be taken) will not become a sales order. It is marked `rejected` with a reason that says so and the
 * user's note; nothing is sent to the partner (their 997 already went back when the file came in).
 */
export async function rejectMessage(
  ctx: EdiContext,
  input: { companyId: string; messageId: string; reason?: string | undefined },
): Promise<Result<MessageDetail, EdiErrorCode>> {
  const note = input.reason?.trim() ?? "";
  if (note.length > REJECT_REASON_MAX) {
    return err("invalid_request", "The reason is too long.", [
      { path: "/reason", message: `must be at most ${REJECT_REASON_MAX} characters` },
    ]);
  }
  return ctx.db.transaction(async (trx) => {
    const message = await lockMessage(trx, input.companyId, input.messageId);
    if (!message) return err("message_not_found", `No EDI message ${input.messageId}.`);
    if (message.direction !== "inbound" || message.type !== "850") {
      return err(
        "message_not_rejectable",
        `Message ${message.id} is ${message.direction} ${message.type}: only a received 850 can be rejected.`,
      );
    }
    if (message.status !== "new" && message.status !== "needs_attention") {
      return err(
        "message_not_rejectable",
        `Message ${message.id} is ${message.status.replace("_", " ")}: only an order still waiting for a decision can be rejected.`,
      );
    }
    const reasons = [
      ...message.reasons,
      {
        code: "REJECTED_BY_USER",
        message: note ? `Rejected by a user: ${note}` : "Rejected by a user.",
        attention: false,
      },
    ];
    await updateMessage(trx, message.id, { status: "rejected", reasons });
    const row = await getMessageRow(trx, input.companyId, message.id);
    if (!row) return err("message_not_found", `No EDI message ${input.messageId}.`);
    return ok({ ...toMessageView(row), raw: row.raw, parsed: row.parsed });
  });
}
