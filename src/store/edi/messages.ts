// EDI messages, inbound and outbound: one row per transaction set (and per TA1), with its envelope's
// control numbers, its raw X12 and parsed form, the problems found in it and where it stands.
import { type Kysely, type Selectable, sql } from "kysely";
import type { EdiDirection, EdiMessageStatus } from "#domain/edi.ts";
import type { EdiMessagesTable, Tables } from "../tables.ts";

type Db = Kysely<Tables>;

export interface EdiMessageRow {
  id: string;
  companyId: string;
  connectionId: string | null;
  partnerId: string | null;
  /** Names joined in for display: null when the partner is unknown or gone. */
  partner: string | null;
  connection: string | null;
  fileId: string | null;
  file: string | null;
  direction: EdiDirection;
  type: string;
  status: EdiMessageStatus;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  interchangeControl: string;
  groupControl: string | null;
  setControl: string | null;
  functionalId: string | null;
  reference: string | null;
  raw: string;
  parsed: unknown;
  problems: unknown[];
  reasons: unknown[];
  recordCollection: string | null;
  recordExternalId: string | null;
  acknowledgedBy: string | null;
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewEdiMessage = Omit<
  EdiMessageRow,
  "id" | "partner" | "connection" | "file" | "acknowledgedBy" | "createdAt" | "updatedAt"
>;

type Row = Selectable<EdiMessagesTable> & {
  partner: string | null;
  connection: string | null;
  file: string | null;
};

function toMessage(row: Row): EdiMessageRow {
  return {
    id: String(row.id),
    companyId: row.company_id,
    connectionId: row.connection_id,
    partnerId: row.partner_id,
    partner: row.partner,
    connection: row.connection,
    fileId: row.file_id === null ? null : String(row.file_id),
    file: row.file,
    direction: row.direction,
    type: row.type,
    status: row.status,
    senderQualifier: row.sender_qualifier,
    senderId: row.sender_id,
    receiverQualifier: row.receiver_qualifier,
    receiverId: row.receiver_id,
    interchangeControl: row.interchange_control,
    groupControl: row.group_control,
    setControl: row.set_control,
    functionalId: row.functional_id,
    reference: row.reference,
    raw: row.raw,
    parsed: row.parsed,
    problems: row.problems,
    reasons: row.reasons,
    recordCollection: row.record_collection,
    recordExternalId: row.record_external_id,
    acknowledgedBy: row.acknowledged_by === null ? null : String(row.acknowledged_by),
    dueAt: row.due_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectMessages(db: Db) {
  return db
    .selectFrom("edi_messages as m")
    .leftJoin("edi_partners as p", "p.id", "m.partner_id")
    .leftJoin("edi_connections as c", "c.id", "m.connection_id")
    .leftJoin("edi_files as f", "f.id", "m.file_id")
    .selectAll("m")
    .select(["p.name as partner", "c.name as connection", "f.name as file"]);
}

/**
 * Stores a message and answers it as read back (names joined in) in one statement that returns only what
 * the database made: the id, the times and the names. The JSON columns are answered from the text
 * written, parsed again, so they are what a later read gives.
 */
export async function insertMessage(db: Db, input: NewEdiMessage): Promise<EdiMessageRow> {
  const json = {
    parsed: input.parsed === undefined || input.parsed === null ? null : JSON.stringify(input.parsed),
    problems: JSON.stringify(input.problems),
    reasons: JSON.stringify(input.reasons),
  };
  const row = await db
    .insertInto("edi_messages")
    .values({
      company_id: input.companyId,
      connection_id: input.connectionId,
      partner_id: input.partnerId,
      file_id: input.fileId,
      direction: input.direction,
      type: input.type,
      status: input.status,
      sender_qualifier: input.senderQualifier,
      sender_id: input.senderId,
      receiver_qualifier: input.receiverQualifier,
      receiver_id: input.receiverId,
      interchange_control: input.interchangeControl,
      group_control: input.groupControl,
      set_control: input.setControl,
      functional_id: input.functionalId,
      reference: input.reference,
      raw: input.raw,
      ...json,
      record_collection: input.recordCollection,
      record_external_id: input.recordExternalId,
      due_at: input.dueAt,
    })
    .returning((eb) => [
      "id",
      "acknowledged_by",
      "created_at",
      "updated_at",
      eb
        .selectFrom("edi_partners as p")
        .select("p.name")
        .whereRef("p.id", "=", "edi_messages.partner_id")
        .as("partner"),
      eb
        .selectFrom("edi_connections as c")
        .select("c.name")
        .whereRef("c.id", "=", "edi_messages.connection_id")
        .as("connection"),
      eb
        .selectFrom("edi_files as f")
        .select("f.name")
        .whereRef("f.id", "=", "edi_messages.file_id")
        .as("file"),
    ])
    .executeTakeFirstOrThrow();
  return {
    ...input,
    id: String(row.id),
    partner: row.partner,
    connection: row.connection,
    file: row.file,
    parsed: json.parsed === null ? null : JSON.parse(json.parsed),
    problems: JSON.parse(json.problems),
    reasons: JSON.parse(json.reasons),
    acknowledgedBy: row.acknowledged_by === null ? null : String(row.acknowledged_by),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MessageFilter {
  companyId: string;
  partnerId?: string | undefined;
  direction?: EdiDirection | undefined;
  status?: EdiMessageStatus | undefined;
  type?: string | undefined;
  recordCollection?: string | undefined;
  recordExternalId?: string | undefined;
  /** Messages with a smaller id than this (the next page, newest first). */
  before?: string | undefined;
  limit: number;
}

/** Newest first. */
export async function listMessages(db: Db, filter: MessageFilter): Promise<EdiMessageRow[]> {
  let query = selectMessages(db).where("m.company_id", "=", filter.companyId);
  if (filter.partnerId) query = query.where("m.partner_id", "=", filter.partnerId);
  if (filter.direction) query = query.where("m.direction", "=", filter.direction);
  if (filter.status) query = query.where("m.status", "=", filter.status);
  if (filter.type) query = query.where("m.type", "=", filter.type);
  if (filter.recordCollection) query = query.where("m.record_collection", "=", filter.recordCollection);
  if (filter.recordExternalId) query = query.where("m.record_external_id", "=", filter.recordExternalId);
  if (filter.before && /^\d+$/.test(filter.before)) query = query.where("m.id", "<", filter.before);
  return (await query.orderBy("m.id", "desc").limit(filter.limit).execute()).map(toMessage);
}

export async function getMessage(db: Db, companyId: string, id: string): Promise<EdiMessageRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await selectMessages(db)
    .where("m.company_id", "=", companyId)
    .where("m.id", "=", id)
    .executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

async function getMessageById(db: Db, id: string): Promise<EdiMessageRow | undefined> {
  const row = await selectMessages(db).where("m.id", "=", id).executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/** Locks a message for a decision (accept, reject), so two users can not both act on it. */
export async function lockMessage(db: Db, companyId: string, id: string): Promise<EdiMessageRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const locked = await db
    .selectFrom("edi_messages")
    .select("id")
    .where("company_id", "=", companyId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  return locked ? getMessageById(db, String(locked.id)) : undefined;
}

export async function updateMessage(
  db: Db,
  id: string,
  change: {
    status?: EdiMessageStatus;
    reasons?: unknown[];
    recordCollection?: string;
    recordExternalId?: string;
    acknowledgedBy?: string;
    partnerId?: string;
    fileId?: string;
    dueAt?: Date;
  },
): Promise<void> {
  await db
    .updateTable("edi_messages")
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.reasons ? { reasons: JSON.stringify(change.reasons) } : {}),
      ...(change.recordCollection ? { record_collection: change.recordCollection } : {}),
      ...(change.recordExternalId ? { record_external_id: change.recordExternalId } : {}),
      ...(change.acknowledgedBy ? { acknowledged_by: change.acknowledgedBy } : {}),
      ...(change.partnerId ? { partner_id: change.partnerId } : {}),
      ...(change.fileId ? { file_id: change.fileId } : {}),
      ...(change.dueAt ? { due_at: change.dueAt } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

/** Other inbound 850s of the partner with the same PO number (a resend, or the same order twice). */
export async function findPurchaseOrders(
  db: Db,
  input: { partnerId: string; poNumber: string; excludeId?: string },
): Promise<EdiMessageRow[]> {
  let query = selectMessages(db)
    .where("m.partner_id", "=", input.partnerId)
    .where("m.direction", "=", "inbound")
    .where("m.type", "=", "850")
    .where("m.reference", "=", input.poNumber);
  if (input.excludeId) query = query.where("m.id", "<>", input.excludeId);
  return (await query.orderBy("m.id").execute()).map(toMessage);
}

/** Our messages sent to the partner in the interchange with this control number (a TA1's TA101). */
export async function findOutboundInInterchange(
  db: Db,
  input: { partnerId: string; interchangeControl: string },
): Promise<EdiMessageRow[]> {
  return (
    await selectMessages(db)
      .where("m.partner_id", "=", input.partnerId)
      .where("m.direction", "=", "outbound")
      .where(sql<boolean>`ltrim(m.interchange_control, '0') = ltrim(${input.interchangeControl}, '0')`)
      .orderBy("m.id")
      .execute()
  ).map(toMessage);
}

/**
 * Our messages a received 997 answers: sent to the partner in the group with this control number
 * (AK102), optionally one set (AK201/AK202).
 */
export async function findOutboundForAck(
  db: Db,
  input: { partnerId: string; groupControl: string; type?: string; setControl?: string },
): Promise<EdiMessageRow[]> {
  let query = selectMessages(db)
    .where("m.partner_id", "=", input.partnerId)
    .where("m.direction", "=", "outbound")
    .where(sql<boolean>`ltrim(m.group_control, '0') = ltrim(${input.groupControl}, '0')`);
  if (input.type) query = query.where("m.type", "=", input.type);
  if (input.setControl)
    query = query.where(sql<boolean>`ltrim(m.set_control, '0') = ltrim(${input.setControl}, '0')`);
  return (await query.orderBy("m.id").execute()).map(toMessage);
}

/** Sent messages whose 997 is later than the partner allows become overdue; returns how many. */
export async function markOverdue(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable("edi_messages")
    .set({ status: "overdue", updated_at: now })
    .where("status", "=", "sent")
    .where("type", "not in", ["997", "TA1"])
    .where("due_at", "<", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A message that left in a file, for `markMessagesSent`. */
export interface SentFile {
  messageId: string;
  name: string;
  sha256: string;
  size: number;
  /** When its 997 is due, for messages that expect one. */
  dueAt?: Date | undefined;
}

/**
 * Records that messages of one connection left in files: each file (outbound, `sent`) and its message's
 * status, file and due time — one statement for them all, so a file and its message never disagree. A
 * file already recorded under the same name and digest (the same bytes sent again after a crash) is
 * linked as it is.
 */
export async function markMessagesSent(
  db: Db,
  connection: { companyId: string; connectionId: string },
  files: readonly SentFile[],
): Promise<void> {
  if (files.length === 0) return;
  const column = <T>(pick: (f: SentFile) => T) => files.map(pick);
  await sql`
    with sent as (
      select * from unnest(
        ${sql.val(column((f) => f.messageId))}::bigint[], ${sql.val(column((f) => f.name))}::text[],
        ${sql.val(column((f) => f.sha256))}::text[], ${sql.val(column((f) => f.size))}::integer[],
        ${sql.val(column((f) => f.dueAt?.toISOString() ?? null))}::timestamptz[]
      ) as s(message_id, name, sha256, size, due_at)
    ), stored as (
      insert into edi_files (company_id, connection_id, direction, name, sha256, size, status)
      select ${connection.companyId}, ${connection.connectionId}, 'outbound', name, sha256, size, 'sent'
      from sent
      on conflict on constraint edi_files_identity do nothing
      returning id, name, sha256
    )
    update edi_messages m
    set status = 'sent',
      -- The file recorded before is looked up only for a file the insert found there already.
      file_id = coalesce(
        stored.id,
        (select e.id from edi_files e
          where e.connection_id = ${connection.connectionId} and e.direction = 'outbound'
            and e.name = sent.name and e.sha256 = sent.sha256),
        m.file_id),
      due_at = coalesce(sent.due_at, m.due_at),
      updated_at = now()
    from sent
    left join stored on stored.name = sent.name and stored.sha256 = sent.sha256
    where m.id = sent.message_id`.execute(db);
}

/**
 * A connection's acknowledgments (997, TA1) stored but not yet sent, oldest first, a page at a time:
 * those with an id above `afterId`. The partial index `edi_messages_unsent` holds only these.
 */
export async function listUnsentAcknowledgments(
  db: Db,
  input: { connectionId: string; afterId?: string | undefined; limit: number },
): Promise<EdiMessageRow[]> {
  let query = selectMessages(db)
    .where("m.connection_id", "=", input.connectionId)
    // Written out, not bound, so the planner sees the partial index's own condition.
    .where(sql<boolean>`m.direction = 'outbound' and m.status = 'new' and m.type in ('997', 'TA1')`);
  if (input.afterId) query = query.where("m.id", ">", input.afterId);
  return (await query.orderBy("m.id").limit(input.limit).execute()).map(toMessage);
}
