// Sending a document to a partner: an 856 when the host records a shipment against an order that came
// by EDI, an 810 for the host's invoice of such an order, an 855 when an order is accepted (each of the
// last two only where the partner wants them).
//
// Built once, sent until it arrives. The document is built and stored as an outbound message in one
// transaction with the control numbers and SSCC serials it uses, so those are never handed out twice
// and a stored document never changes. Sending comes after: a retry (the job ran again after a crash,
// the transport was down) finds the stored message and sends the same bytes under the same file name,
// which the transport writes whole and replaces rather than doubles.

import type { Kysely } from "kysely";
import type { Address } from "#domain/common.ts";
import { enqueue } from "#jobs/enqueue.ts";
import { getCompany } from "#store/companies.ts";
import { getConnectionById } from "#store/edi/connections.ts";
import { allocateControlNumbers } from "#store/edi/control-numbers.ts";
import { type EdiMessageRow, insertMessage, listMessages, markMessagesSent } from "#store/edi/messages.ts";
import { type EdiPartnerRow, getPartnerById } from "#store/edi/partners.ts";
import { allocateSsccSerials, getSsccSettings } from "#store/edi/sscc.ts";
import { getRecord } from "#store/records.ts";
import type { Tables } from "#store/tables.ts";
import { build810, build855, build856, type Party, type PurchaseOrder850 } from "#x12/sets/index.ts";
import type { OutTransactionSet } from "#x12/types.ts";
import { type EdiContext, nowOf } from "../context.ts";
import { sha256Hex } from "../pickup.ts";
import { openTransport } from "../transports.ts";
import { envelope, FUNCTIONAL_IDS } from "./envelope.ts";
import { partnerInvoice } from "./invoice.ts";
import { orderAcknowledgment } from "./order-ack.ts";
import type { ItemNumbers } from "./partner-items.ts";
import { shipNotice } from "./ship-notice.ts";

/** The job that builds (once) and sends one outbound document. */
export const EDI_OUTBOUND = "edi.outbound";

export type OutboundType = "855" | "856" | "810";

/** The host record each document type is made from. */
const SOURCE: Record<OutboundType, string> = { "855": "sales-orders", "856": "shipments", "810": "invoices" };

export interface OutboundPayload {
  type: OutboundType;
  externalId: string;
}

/** Enqueues the sending of a document, in the caller's transaction; one waiting job per document. */
export async function enqueueOutbound(
  db: Kysely<Tables>,
  companyId: string,
  payload: OutboundPayload,
): Promise<void> {
  await enqueue(db, {
    companyId,
    type: EDI_OUTBOUND,
    key: `${EDI_OUTBOUND}:${companyId}:${payload.type}:${payload.externalId}`,
    payload,
  });
}

/** Which document a changed host record calls for, if any (the job decides whether a partner wants it). */
export function outboundFor(collection: string): OutboundType | undefined {
  if (collection === "shipments") return "856";
  if (collection === "invoices") return "810";
  return undefined;
}

export type OutboundOutcome =
  | { outcome: "sent"; message: EdiMessageRow; file: string }
  | { outcome: "not_edi"; reason: string }
  | { outcome: "problems"; message: EdiMessageRow };

/**
 * Builds the document if no message holds it yet, then sends it unless it was sent before. Throws
 * when the transport fails, so the job is tried again.
 */
export async function sendOutbound(
  ctx: EdiContext,
  companyId: string,
  payload: OutboundPayload,
): Promise<OutboundOutcome> {
  const collection = SOURCE[payload.type];
  const existing = await findOutbound(ctx, companyId, payload.type, collection, payload.externalId);
  const message = existing ?? (await buildAndStore(ctx, companyId, payload.type, payload.externalId));
  if ("outcome" in message) return message;
  if (message.status === "error") return { outcome: "problems", message };
  const file = outboundFileName(message);
  if (message.status !== "new") return { outcome: "sent", message, file };
  await transmit(ctx, message, file);
  const sent = await findOutbound(ctx, companyId, payload.type, collection, payload.externalId);
  return { outcome: "sent", message: sent ?? message, file };
}

/** `856-000000017.x12`: type and interchange control number, unique per partner and never reused. */
/** The name a message we send goes out under: its type, receiver and interchange control number. */
export function outboundFileName(message: EdiMessageRow): string {
  return `${message.type}-${message.receiverId.replace(/[^A-Za-z0-9_-]/g, "_")}-${message.interchangeControl}.x12`;
}

async function findOutbound(
  ctx: EdiContext,
  companyId: string,
  type: OutboundType,
  collection: string,
  externalId: string,
): Promise<EdiMessageRow | undefined> {
  const [message] = await listMessages(ctx.db.kysely, {
    companyId,
    direction: "outbound",
    type,
    recordCollection: collection,
    recordExternalId: externalId,
    limit: 1,
  });
  return message;
}

async function transmit(ctx: EdiContext, message: EdiMessageRow, file: string): Promise<void> {
  const connection = message.connectionId
    ? await getConnectionById(ctx.db.kysely, message.connectionId)
    : undefined;
  if (!connection)
    throw new Error(`the connection of ${message.type} message ${message.id} no longer exists`);
  const partner = message.partnerId ? await getPartnerById(ctx.db.kysely, message.partnerId) : undefined;
  const bytes = Buffer.from(message.raw, "utf8");
  const transport = await openTransport(ctx, connection);
  try {
    await transport.send(file, bytes);
  } finally {
    await transport.close();
  }
  const now = nowOf(ctx);
  await markMessagesSent(ctx.db.kysely, { companyId: message.companyId, connectionId: connection.id }, [
    {
      messageId: message.id,
      name: file,
      sha256: sha256Hex(bytes),
      size: bytes.length,
      dueAt: new Date(now.getTime() + (partner?.overdueAfterMinutes ?? 1440) * 60_000),
    },
  ]);
}

interface Origin {
  partner: EdiPartnerRow;
  order: Record<string, unknown>;
  orderExternalId: string;
  purchaseOrder: PurchaseOrder850 | undefined;
}

/** The partner and 850 behind a sales order: the inbound 850 message accepted into it. */
async function originOf(
  ctx: EdiContext,
  companyId: string,
  orderExternalId: string,
): Promise<Origin | string> {
  const order = await getRecord(ctx.db.kysely, {
    companyId,
    collection: "sales-orders",
    externalId: orderExternalId,
  });
  if (!order || order.deletedAt) return `sales order "${orderExternalId}" does not exist`;
  const [inbound] = await listMessages(ctx.db.kysely, {
    companyId,
    direction: "inbound",
    type: "850",
    recordCollection: "sales-orders",
    recordExternalId: orderExternalId,
    limit: 1,
  });
  if (!inbound?.partnerId) return `sales order "${orderExternalId}" did not come by EDI`;
  const partner = await getPartnerById(ctx.db.kysely, inbound.partnerId);
  if (!partner) return `the partner of sales order "${orderExternalId}" no longer exists`;
  return { partner, order: order.data, orderExternalId, purchaseOrder: purchaseOrderOf(inbound.parsed) };
}

/** The 850 in a message's parsed form, whether stored as the document or as the mapped set. */
function purchaseOrderOf(parsed: unknown): PurchaseOrder850 | undefined {
  if (!parsed || typeof parsed !== "object") return undefined;
  const p = parsed as { order?: unknown; poNumber?: unknown; lines?: unknown };
  if (p.order && typeof p.order === "object") return purchaseOrderOf(p.order);
  return typeof p.poNumber === "string" && Array.isArray(p.lines) ? (parsed as PurchaseOrder850) : undefined;
}

async function buildAndStore(
  ctx: EdiContext,
  companyId: string,
  type: OutboundType,
  externalId: string,
): Promise<EdiMessageRow | { outcome: "not_edi"; reason: string }> {
  const source = await getRecord(ctx.db.kysely, { companyId, collection: SOURCE[type], externalId });
  if (!source || source.deletedAt)
    return { outcome: "not_edi", reason: `${SOURCE[type]} "${externalId}" does not exist` };
  const data = source.data as Record<string, unknown>;
  const orderId = type === "855" ? externalId : (data.salesOrderExternalId as string | undefined);
  if (!orderId) return { outcome: "not_edi", reason: `${SOURCE[type]} "${externalId}" names no sales order` };
  const origin = await originOf(ctx, companyId, orderId);
  if (typeof origin === "string") return { outcome: "not_edi", reason: origin };
  const { partner } = origin;
  if (type === "855" && !partner.wants855)
    return { outcome: "not_edi", reason: `partner ${partner.name} takes no 855` };
  if (type === "810" && !partner.wants810)
    return { outcome: "not_edi", reason: `partner ${partner.name} takes no 810` };
  const connection = await getConnectionById(ctx.db.kysely, partner.connectionId);
  if (!connection)
    return { outcome: "not_edi", reason: `the connection of partner ${partner.name} no longer exists` };

  const now = nowOf(ctx);
  const items = await itemsOf(ctx, companyId, data);
  return ctx.db.transaction(async (trx) => {
    const next = async (kind: "interchange" | "group" | "set") =>
      String(
        (
          await allocateControlNumbers(trx, { partnerId: partner.id, direction: "outbound", kind, count: 1 })
        )[0],
      );
    const controls = {
      interchange: await next("interchange"),
      group: await next("group"),
      set: await next("set"),
    };
    const built = await buildDocument(trx, companyId, type, data, origin, items, now);
    const base = {
      companyId,
      connectionId: connection.id,
      partnerId: partner.id,
      fileId: null,
      direction: "outbound" as const,
      type,
      senderQualifier: connection.ourQualifier,
      senderId: connection.ourId,
      receiverQualifier: partner.qualifier,
      receiverId: partner.interchangeId,
      interchangeControl: controls.interchange.padStart(9, "0"),
      groupControl: controls.group,
      setControl: controls.set.padStart(4, "0"),
      functionalId: FUNCTIONAL_IDS[type] ?? null,
      reference:
        origin.purchaseOrder?.poNumber ?? (origin.order.customerPoNumber as string | undefined) ?? null,
      recordCollection: SOURCE[type],
      recordExternalId: externalId,
      dueAt: null,
    };
    if (!built.ok) {
      return insertMessage(trx, {
        ...base,
        status: "error",
        raw: "",
        parsed: null,
        problems: built.issues,
        reasons: built.issues.map((i) => `${i.field}: ${i.message}`),
      });
    }
    const out = envelope(
      {
        ourQualifier: connection.ourQualifier,
        ourId: connection.ourId,
        partnerQualifier: partner.qualifier,
        partnerId: partner.interchangeId,
        partnerApplicationId: partner.applicationId ?? undefined,
        version: partner.version,
        separators: partner.separators ?? undefined,
      },
      controls,
      built.build,
      now,
    );
    return insertMessage(trx, {
      ...base,
      status: out.problems.length > 0 ? "error" : "new",
      raw: out.text,
      parsed: built.document,
      problems: out.problems,
      reasons: out.problems.map((p) => p.message),
    });
  });
}

type Built =
  | { ok: true; document: unknown; build: (control: string) => OutTransactionSet }
  | { ok: false; issues: { field: string; message: string }[] };

async function buildDocument(
  trx: Kysely<Tables>,
  companyId: string,
  type: OutboundType,
  data: Record<string, unknown>,
  origin: Origin,
  items: ReadonlyMap<string, ItemNumbers>,
  now: Date,
): Promise<Built> {
  const order = origin.order as { number: string; customerPoNumber?: string; lines: never[] };
  if (type === "855") {
    if (!origin.purchaseOrder)
      return {
        ok: false,
        issues: [{ field: "salesOrder", message: "the order's 850 could not be read back" }],
      };
    const ack = orderAcknowledgment(origin.purchaseOrder, order, now);
    return { ok: true, document: ack, build: (c) => build855(ack, c) };
  }
  if (type === "810") {
    const result = partnerInvoice({
      invoice: data as never,
      order,
      purchaseOrder: origin.purchaseOrder,
      items,
    });
    if (!result.ok) return result;
    return { ok: true, document: result.invoice, build: (c) => build810(result.invoice, c) };
  }
  const shipment = data as unknown as Parameters<typeof shipNotice>[0]["shipment"] & {
    shipFrom?: Address;
    shipTo?: Address;
  };
  const company = await getCompany(trx, companyId);
  const missing = shipment.cartons.filter((c) => !c.sscc).length;
  const sscc = missing > 0 ? await getSsccSettings(trx, companyId) : undefined;
  const serials = sscc ? ((await allocateSsccSerials(trx, companyId, missing)) ?? []) : [];
  const result = shipNotice({
    shipment,
    order,
    purchaseOrder: origin.purchaseOrder,
    items,
    shipFrom: addressParty("SF", shipment.shipFrom, company?.name),
    shipTo: shipToParty(origin, shipment.shipTo),
    ...(sscc
      ? {
          sscc: {
            gs1Prefix: sscc.gs1Prefix,
            extensionDigit: sscc.extensionDigit,
            nextSerial: () => serials.shift() ?? 0n,
          },
        }
      : {}),
    now,
  });
  if (!result.ok) return result;
  return { ok: true, document: result.notice, build: (c) => build856(result.notice, c) };
}

function addressParty(entity: string, address: Address | undefined, name?: string): Party {
  const party: Party = { entity };
  if (name) party.name = name;
  const lines = [address?.line1, address?.line2, address?.line3].filter((l): l is string => Boolean(l));
  if (lines.length > 0) party.address = lines;
  if (address?.city) party.city = address.city;
  if (address?.region) party.state = address.region;
  if (address?.postalCode) party.postalCode = address.postalCode;
  if (address?.country) party.country = address.country;
  return party;
}

/**
 * Ship-to as the partner named it: its 850's N1*ST (the store or DC id it matches on), else the
 * shipment's address with the partner's id of the location when the partner's map has one.
 */
function shipToParty(origin: Origin, address: Address | undefined): Party {
  const fromOrder = origin.purchaseOrder?.parties.find((p) => p.entity === "ST");
  if (fromOrder) return fromOrder;
  const party = addressParty("ST", address);
  const location = origin.partner.locations[0];
  if (location && origin.partner.locations.length === 1) {
    party.idQualifier = "92";
    party.id = location.partnerLocationId;
  }
  return party;
}

async function itemsOf(
  ctx: EdiContext,
  companyId: string,
  data: Record<string, unknown>,
): Promise<Map<string, ItemNumbers>> {
  const ids = new Set<string>();
  const collect = (lines: unknown) => {
    if (!Array.isArray(lines)) return;
    for (const l of lines)
      if (l && typeof l === "object" && typeof l.itemExternalId === "string") ids.add(l.itemExternalId);
  };
  collect(data.lines);
  if (Array.isArray(data.cartons)) for (const c of data.cartons) collect((c as { items?: unknown }).items);
  const items = new Map<string, ItemNumbers>();
  for (const id of ids) {
    const item = await getRecord(ctx.db.kysely, { companyId, collection: "items", externalId: id });
    if (item && !item.deletedAt) items.set(id, item.data as ItemNumbers);
  }
  return items;
}
