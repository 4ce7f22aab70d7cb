// A file picked up from a connection's inbox becomes messages: one per transaction set (and per TA1),
// each with its control numbers, raw X12, parsed form and the problems our checks find, at their
// positions. An 850 is matched to the partner, its ship-to location and its items; a 997 marks the
// messages we sent as acknowledged or rejected; every received group gets its 997 back.
//
// Exactly once. The file is recorded by connection, name and content digest in the same transaction as
// its messages and the acknowledgments they call for, and that transaction commits before the transport
// moves the file to the archive. A process that dies in between meets the file again on the next pickup,
// finds it recorded, and archives it without storing anything a second time ("duplicate"). A file that
// can not be read as X12 at all is recorded as failed, with the reason, and the transport keeps it in
// its failed folder.
import type { Kysely } from "kysely";
import type { EdiMessageStatus } from "#domain/edi.ts";
import type { EdiConnectionRow } from "#store/edi/connections.ts";
import { findFile, insertFile } from "#store/edi/files.ts";
import {
  type EdiMessageRow,
  findOutboundForAck,
  findOutboundInInterchange,
  findPurchaseOrders,
  insertMessage,
  type NewEdiMessage,
  updateMessage,
} from "#store/edi/messages.ts";
import type { EdiPartnerRow } from "#store/edi/partners.ts";
import type { Tables } from "#store/tables.ts";
import { parseX12 } from "#x12/reader.ts";
import {
  analyzeGroup,
  type GroupAcknowledgment,
  mapTransactionSet,
  type PurchaseOrder850,
  readTA1,
} from "#x12/sets/index.ts";
import type { FunctionalGroup, Interchange, Problem, TransactionSet } from "#x12/types.ts";
import { type EdiContext, nowOf } from "../context.ts";
import type { Receipt, ReceivedFile } from "../pickup.ts";
import { type AcceptBasis, acceptInTransaction, type ParsedOrder } from "./accept.ts";
import { storeAcknowledgments } from "./acknowledge.ts";
import { freshLookups, type InboundLookups } from "./lookups.ts";
import { matchOrder, type Reason } from "./match-order.ts";

export interface ReceiveResult {
  receipt: Receipt;
  /** The messages stored, inbound and the acknowledgments going out. */
  messages: EdiMessageRow[];
}

export async function receiveFile(
  ctx: EdiContext,
  connection: EdiConnectionRow,
  file: ReceivedFile,
  /** A poll's (see lookups.ts); fresh reads when not given. */
  lookups: InboundLookups = freshLookups(),
): Promise<ReceiveResult> {
  const key = {
    connectionId: connection.id,
    direction: "inbound" as const,
    name: file.name,
    sha256: file.sha256,
  };
  // The file's record is its claim: a file recorded before (by a pickup that died before archiving it)
  // is found by the insert itself, and answered as it was then.
  const earlierOutcome = async (db: Kysely<Tables>): Promise<ReceiveResult> => {
    const known = await findFile(db, key);
    return {
      receipt: known?.status === "failed" ? failed(known.error) : { outcome: "duplicate" },
      messages: [],
    };
  };

  const parsed = parseX12(file.bytes);
  if (parsed.interchanges.length === 0) {
    const reason = unreadable(parsed.problems);
    const stored = await insertFile(ctx.db.kysely, {
      ...key,
      companyId: connection.companyId,
      size: file.bytes.length,
      status: "failed",
      error: reason,
    });
    if (!stored) return earlierOutcome(ctx.db.kysely);
    return { receipt: { outcome: "failed", reason }, messages: [] };
  }
  const now = nowOf(ctx);
  return ctx.db.transaction(async (trx) => {
    const stored = await insertFile(trx, {
      ...key,
      companyId: connection.companyId,
      size: file.bytes.length,
      status: "processed",
      error: null,
    });
    // Recorded before: by an earlier pickup, or by another process between its listing and ours.
    if (!stored) return earlierOutcome(trx);
    const messages: EdiMessageRow[] = [];
    for (const interchange of parsed.interchanges) {
      const partner = await lookups.partnerBySender(
        trx,
        connection.id,
        interchange.senderQualifier,
        interchange.sender,
      );
      const ctxOf = { trx, connection, partner, interchange, fileId: stored.id, lookups };
      for (const segment of interchange.ta1) messages.push(await storeTa1(ctxOf, segment));
      for (const group of interchange.groups) {
        const verdicts = analyzeGroup(group);
        for (const [i, set] of group.transactionSets.entries()) {
          const rejected = !["A", "E"].includes(verdicts.sets[i]?.status.code ?? "A");
          messages.push(await storeSet(ctxOf, group, set, rejected));
        }
      }
      if (partner) {
        messages.push(
          ...(await storeAcknowledgments(trx, { connection, partner, interchange, fileId: stored.id, now })),
        );
      }
    }
    return { receipt: { outcome: "stored" } as Receipt, messages };
  });
}

interface SetContext {
  trx: Kysely<Tables>;
  connection: EdiConnectionRow;
  partner: EdiPartnerRow | undefined;
  interchange: Interchange;
  fileId: string;
  lookups: InboundLookups;
}

function envelopeOf(c: SetContext, group?: FunctionalGroup) {
  return {
    companyId: c.connection.companyId,
    connectionId: c.connection.id,
    partnerId: c.partner?.id ?? null,
    fileId: c.fileId,
    direction: "inbound" as const,
    senderQualifier: c.interchange.senderQualifier,
    senderId: c.interchange.sender,
    receiverQualifier: c.interchange.receiverQualifier,
    receiverId: c.interchange.receiver,
    interchangeControl: c.interchange.controlNumber,
    groupControl: group?.controlNumber ?? null,
    functionalId: group?.functionalId ?? null,
    recordCollection: null,
    recordExternalId: null,
    dueAt: null,
  } satisfies Partial<NewEdiMessage>;
}

/** Reasons every message of an interchange shares: who sent it and to whom. */
function envelopeReasons(c: SetContext): Reason[] {
  const reasons: Reason[] = [];
  const { interchange: i, connection } = c;
  if (!c.partner) {
    reasons.push({
      code: "PARTNER_UNKNOWN",
      message: `No partner of connection ${connection.name} has sender id ${i.senderQualifier}:${i.sender}: add one (ledgerlink edi partner add NAME --connection ${connection.name} --customer EXTERNAL_ID --id ${i.senderQualifier}:${i.sender}); no 997 was sent.`,
      attention: true,
    });
  }
  if (c.partner && !c.partner.active) {
    reasons.push({
      code: "PARTNER_INACTIVE",
      message: `Partner ${c.partner.name} is inactive: activate it (ledgerlink edi partner set ${c.partner.name} --active) to accept what it sends.`,
      attention: true,
    });
  }
  if (i.receiver !== connection.ourId) {
    reasons.push({
      code: "NOT_FOR_US",
      message: `The interchange is addressed to ${i.receiverQualifier}:${i.receiver}, not to ${connection.ourQualifier}:${connection.ourId}.`,
      attention: true,
    });
  }
  return reasons;
}

async function storeSet(c: SetContext, group: FunctionalGroup, set: TransactionSet, rejected: boolean) {
  const mapped = mapTransactionSet(set, group.version);
  const problems = [...c.interchange.problems, ...group.problems, ...set.problems, ...mapped.problems];
  const reasons = envelopeReasons(c);
  if (rejected) {
    const errors = problems.filter((p) => p.severity === "error");
    reasons.push({
      code: "SET_REJECTED",
      message: `Our 997 rejects this set: ${errors.map((p) => `${p.code} (segment ${p.position?.segment ?? "?"})`).join(", ") || "see the problems"}.`,
      attention: false,
    });
  }
  let status: EdiMessageStatus = rejected
    ? "rejected"
    : reasons.some((r) => r.attention)
      ? "needs_attention"
      : "new";
  let parsed: unknown = mapped.document ?? null;
  let reference: string | null = null;
  const document = mapped.document;
  let basis: AcceptBasis | undefined;
  if (document?.type === "850") {
    reference = document.order.poNumber || null;
    parsed = { order: document.order, match: null } satisfies ParsedOrder;
    if (c.partner && !rejected) {
      const matched = await matchOrder(c.trx, c.partner, document.order, c.lookups);
      parsed = { order: document.order, match: matched.match } satisfies ParsedOrder;
      const earlier = await earlierOrders(c.trx, c.partner, document.order);
      reasons.push(...matched.reasons, ...duplicates(c.partner, document.order, earlier));
      if (reasons.some((r) => r.attention)) status = "needs_attention";
      basis = { match: matched.match, reasons: matched.reasons, earlier };
    }
  } else if (document?.type === "997") {
    reference = document.acknowledgment.controlNumber;
    if (c.partner && !rejected) status = "accepted";
  }
  const message = await insertMessage(c.trx, {
    ...envelopeOf(c, group),
    type: set.type,
    status,
    setControl: set.controlNumber,
    reference,
    raw: rawOf(set),
    parsed,
    problems,
    reasons,
  });
  if (document?.type === "997" && c.partner && !rejected) {
    await applyAcknowledgment(c.trx, c.partner, document.acknowledgment, message.id);
  }
  if (status === "new" && basis && c.partner?.autoAccept) {
    const outcome = await acceptInTransaction(c.trx, message, c.partner, basis);
    // The message as accept left it, without reading it back.
    return outcome.accepted
      ? {
          ...message,
          status: "accepted" as const,
          reasons: outcome.reasons,
          recordCollection: "sales-orders",
          recordExternalId: outcome.salesOrderExternalId,
        }
      : { ...message, status: "needs_attention" as const, reasons: outcome.reasons };
  }
  return message;
}

/** The partner's inbound 850s with the order's PO number, stored before this one (in any file). */
async function earlierOrders(
  trx: Kysely<Tables>,
  partner: EdiPartnerRow,
  order: PurchaseOrder850,
): Promise<EdiMessageRow[]> {
  if (!order.poNumber) return [];
  return findPurchaseOrders(trx, { partnerId: partner.id, poNumber: order.poNumber });
}

/** The same PO number from the partner before, in this file or any other. */
function duplicates(
  partner: EdiPartnerRow,
  order: PurchaseOrder850,
  earlier: readonly EdiMessageRow[],
): Reason[] {
  const first = earlier.find((m) => m.status !== "rejected");
  if (!first) return [];
  return [
    {
      code: "DUPLICATE_PO",
      message: `PO ${order.poNumber} from ${partner.name} was received before (message ${first.id}${first.file ? `, file ${first.file}` : ""}, ${first.status}); it is never accepted twice.`,
      attention: true,
    },
  ];
}

/**
 * A received 997 answers a group we sent (AK102 = our GS06): each set it lists (AK2) is marked
 * acknowledged (AK501 A or E) or rejected with the partner's reasons; a 997 without AK2s answers the whole
 * group by its AK901.
 */
async function applyAcknowledgment(
  trx: Kysely<Tables>,
  partner: EdiPartnerRow,
  ack: GroupAcknowledgment,
  ackMessageId: string,
): Promise<void> {
  const accepted = (code: string) => code === "A" || code === "E";
  if (ack.sets.length === 0) {
    const ours = await findOutboundForAck(trx, { partnerId: partner.id, groupControl: ack.controlNumber });
    for (const m of ours) {
      await updateMessage(trx, m.id, {
        status: accepted(ack.status.code) ? "acknowledged" : "rejected",
        acknowledgedBy: ackMessageId,
        ...(accepted(ack.status.code) ? {} : { reasons: [groupReason(ack)] }),
      });
    }
    return;
  }
  for (const set of ack.sets) {
    const ours = await findOutboundForAck(trx, {
      partnerId: partner.id,
      groupControl: ack.controlNumber,
      type: set.type,
      setControl: set.controlNumber,
    });
    for (const m of ours) {
      const ok = accepted(set.status.code);
      const reasons: Reason[] = ok
        ? []
        : [
            {
              code: "PARTNER_REJECTED",
              message: `${partner.name} rejected it (AK5 ${set.status.code} ${set.status.meaning}${set.errors.map((e) => `; ${e.code} ${e.meaning}`).join("")})${set.segments
                .map(
                  (s) =>
                    `; segment ${s.id} at ${s.position}${s.error ? ` ${s.error.meaning}` : ""}${s.elements.map((e) => `, element ${e.position} ${e.error.meaning}${e.data ? ` "${e.data}"` : ""}`).join("")}`,
                )
                .join("")}.`,
              attention: true,
            },
          ];
      await updateMessage(trx, m.id, {
        status: ok ? "acknowledged" : "rejected",
        acknowledgedBy: ackMessageId,
        reasons,
      });
    }
  }
}

function groupReason(ack: GroupAcknowledgment): Reason {
  return {
    code: "PARTNER_REJECTED",
    message: `The partner rejected group ${ack.controlNumber} (AK9 ${ack.status.code} ${ack.status.meaning}${ack.errors.map((e) => `; ${e.code} ${e.meaning}`).join("")}).`,
    attention: true,
  };
}

/**
 * A received TA1 answers one of our interchanges (TA101 = our ISA13). Rejected (TA104 R), everything we
 * sent in it is rejected with the TA105 note; accepted, it changes nothing: the 997 still says whether
 * the documents were.
 */
async function storeTa1(c: SetContext, segment: Interchange["ta1"][number]) {
  const ta1 = readTA1(segment);
  if (c.partner && ta1.status.code === "R") {
    const ours = await findOutboundInInterchange(c.trx, {
      partnerId: c.partner.id,
      interchangeControl: ta1.controlNumber,
    });
    for (const m of ours) {
      await updateMessage(c.trx, m.id, {
        status: "rejected",
        reasons: [
          {
            code: "PARTNER_REJECTED",
            message: `${c.partner.name} rejected interchange ${ta1.controlNumber} (TA1 ${ta1.note.code} ${ta1.note.meaning}).`,
            attention: true,
          } satisfies Reason,
        ],
      });
    }
  }
  return insertMessage(c.trx, {
    ...envelopeOf(c),
    type: "TA1",
    status: c.partner ? "accepted" : "needs_attention",
    setControl: null,
    reference: ta1.controlNumber,
    raw: [segment.id, ...segment.elements].join(c.interchange.delimiters.element),
    parsed: ta1,
    problems: [],
    reasons: envelopeReasons(c),
  });
}

/** The set's segments as X12 text, ST to SE, with the interchange's separators. */
function rawOf(set: TransactionSet): string {
  const { element, segment } = set.delimiters;
  let text = "";
  for (const s of set.segments) text += [s.id, ...s.elements].join(element) + segment;
  return text;
}

function unreadable(problems: readonly Problem[]): string {
  const first = problems.find((p) => p.severity === "error") ?? problems[0];
  return first
    ? `not an X12 interchange: ${first.code} ${first.message}`
    : "not an X12 interchange: the file is empty";
}

function failed(error: string | null): Receipt {
  return { outcome: "failed", reason: error ?? "the file could not be processed" };
}
