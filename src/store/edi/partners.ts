// Trading partners: per connection, who a partner is (its interchange qualifier and id), which host
// customer it is, and how we write to it.
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { isUuid } from "../companies.ts";
import type { EdiPartnersTable, Tables } from "../tables.ts";

type Db = Kysely<Tables>;

export interface EdiPartnerRow {
  id: string;
  companyId: string;
  connectionId: string;
  /** The connection's name, for lists and messages. */
  connection: string;
  name: string;
  active: boolean;
  customerExternalId: string;
  qualifier: string;
  interchangeId: string;
  applicationId: string | null;
  version: "00401" | "00501";
  separators: Record<string, string> | null;
  wants855: boolean;
  wants810: boolean;
  autoAccept: boolean;
  overdueAfterMinutes: number;
  locations: { partnerLocationId: string; locationCode: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export type NewEdiPartner = Omit<EdiPartnerRow, "id" | "connection" | "createdAt" | "updatedAt">;

type Row = Selectable<EdiPartnersTable> & { connection: string };

function toPartner(row: Row): EdiPartnerRow {
  return {
    id: row.id,
    companyId: row.company_id,
    connectionId: row.connection_id,
    connection: row.connection,
    name: row.name,
    active: row.active,
    customerExternalId: row.customer_external_id,
    qualifier: row.qualifier,
    interchangeId: row.interchange_id,
    applicationId: row.application_id,
    version: row.version,
    separators: row.separators,
    wants855: row.wants_855,
    wants810: row.wants_810,
    autoAccept: row.auto_accept,
    overdueAfterMinutes: row.overdue_after_minutes,
    locations: row.locations,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectPartners(db: Db) {
  return db
    .selectFrom("edi_partners as p")
    .innerJoin("edi_connections as c", "c.id", "p.connection_id")
    .selectAll("p")
    .select("c.name as connection");
}

export type InsertPartnerOutcome =
  | { ok: true; partner: EdiPartnerRow }
  | { ok: false; conflict: "name" | "identity" };

export async function insertPartner(db: Db, input: NewEdiPartner): Promise<InsertPartnerOutcome> {
  const byName = await db
    .selectFrom("edi_partners")
    .select("id")
    .where("company_id", "=", input.companyId)
    .where("name", "=", input.name)
    .executeTakeFirst();
  if (byName) return { ok: false, conflict: "name" };
  const id = randomUUID();
  const inserted = await db
    .insertInto("edi_partners")
    .values({
      id,
      company_id: input.companyId,
      connection_id: input.connectionId,
      name: input.name,
      active: input.active,
      customer_external_id: input.customerExternalId,
      qualifier: input.qualifier,
      interchange_id: input.interchangeId,
      application_id: input.applicationId,
      version: input.version,
      separators: input.separators ? JSON.stringify(input.separators) : null,
      wants_855: input.wants855,
      wants_810: input.wants810,
      auto_accept: input.autoAccept,
      overdue_after_minutes: input.overdueAfterMinutes,
      locations: JSON.stringify(input.locations),
    })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return { ok: false, conflict: "identity" };
  const partner = await getPartnerById(db, id);
  if (!partner) throw new Error(`EDI partner ${id} vanished after insert`);
  return { ok: true, partner };
}

/** What a change to a partner may set; fields left out keep their value. */
export type EdiPartnerChange = Partial<Omit<NewEdiPartner, "companyId">>;

/**
 * Changes a partner; its id, and with it its control numbers, stays. Refused like an insert when the new
 * name is another partner's of the company, or the new identity another partner's on the connection.
 */
export async function updatePartner(
  db: Db,
  id: string,
  change: EdiPartnerChange,
): Promise<InsertPartnerOutcome | undefined> {
  const current = await getPartnerById(db, id);
  if (!current) return undefined;
  if (change.name !== undefined && change.name !== current.name) {
    const byName = await db
      .selectFrom("edi_partners")
      .select("id")
      .where("company_id", "=", current.companyId)
      .where("name", "=", change.name)
      .where("id", "<>", id)
      .executeTakeFirst();
    if (byName) return { ok: false, conflict: "name" };
  }
  const set = {
    ...(change.connectionId !== undefined ? { connection_id: change.connectionId } : {}),
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.active !== undefined ? { active: change.active } : {}),
    ...(change.customerExternalId !== undefined ? { customer_external_id: change.customerExternalId } : {}),
    ...(change.qualifier !== undefined ? { qualifier: change.qualifier } : {}),
    ...(change.interchangeId !== undefined ? { interchange_id: change.interchangeId } : {}),
    ...(change.applicationId !== undefined ? { application_id: change.applicationId } : {}),
    ...(change.version !== undefined ? { version: change.version } : {}),
    ...(change.separators !== undefined
      ? { separators: change.separators ? JSON.stringify(change.separators) : null }
      : {}),
    ...(change.wants855 !== undefined ? { wants_855: change.wants855 } : {}),
    ...(change.wants810 !== undefined ? { wants_810: change.wants810 } : {}),
    ...(change.autoAccept !== undefined ? { auto_accept: change.autoAccept } : {}),
    ...(change.overdueAfterMinutes !== undefined
      ? { overdue_after_minutes: change.overdueAfterMinutes }
      : {}),
    ...(change.locations !== undefined ? { locations: JSON.stringify(change.locations) } : {}),
  };
  const identity = {
    connectionId: change.connectionId ?? current.connectionId,
    qualifier: change.qualifier ?? current.qualifier,
    interchangeId: change.interchangeId ?? current.interchangeId,
  };
  const taken = await db
    .selectFrom("edi_partners")
    .select("id")
    .where("connection_id", "=", identity.connectionId)
    .where("qualifier", "=", identity.qualifier)
    .where("interchange_id", "=", identity.interchangeId)
    .where("id", "<>", id)
    .executeTakeFirst();
  if (taken) return { ok: false, conflict: "identity" };
  await db
    .updateTable("edi_partners")
    .set({ ...set, updated_at: new Date() })
    .where("id", "=", id)
    .execute();
  const partner = await getPartnerById(db, id);
  return partner ? { ok: true, partner } : undefined;
}

/** What refers to a partner: its messages, and the control numbers used with it. */
export interface PartnerUsage {
  messages: number;
  controlNumbers: number;
}

export async function partnerUsage(db: Db, id: string): Promise<PartnerUsage> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("edi_messages")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("partner_id", "=", id)
        .as("messages"),
      eb
        .selectFrom("edi_control_numbers")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("partner_id", "=", id)
        .as("controlNumbers"),
    ])
    .executeTakeFirstOrThrow();
  return { messages: Number(row.messages), controlNumbers: Number(row.controlNumbers) };
}

/**
 * Deletes a partner nothing refers to (no message, no control number used): false when it is gone or
 * when something refers to it by the time the statement runs. Control numbers used with a partner are
 * kept with it, so a partner that has traded is never deleted and its numbers never start again.
 */
export async function deletePartner(db: Db, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("edi_partners")
    .where("id", "=", id)
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom("edi_messages").select("id").where("partner_id", "=", id))),
        eb.not(
          eb.exists(eb.selectFrom("edi_control_numbers").select("partner_id").where("partner_id", "=", id)),
        ),
      ]),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listPartners(
  db: Db,
  companyId: string,
  filter: { connectionId?: string } = {},
): Promise<EdiPartnerRow[]> {
  let query = selectPartners(db).where("p.company_id", "=", companyId);
  if (filter.connectionId) query = query.where("p.connection_id", "=", filter.connectionId);
  return (await query.orderBy("p.name").execute()).map(toPartner);
}

/** A partner of the company by its id or its name. */
export async function findPartner(
  db: Db,
  companyId: string,
  idOrName: string,
): Promise<EdiPartnerRow | undefined> {
  const row = await selectPartners(db)
    .where("p.company_id", "=", companyId)
    .where((eb) => (isUuid(idOrName) ? eb("p.id", "=", idOrName) : eb("p.name", "=", idOrName)))
    .executeTakeFirst();
  return row ? toPartner(row) : undefined;
}

export async function getPartnerById(db: Db, id: string): Promise<EdiPartnerRow | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await selectPartners(db).where("p.id", "=", id).executeTakeFirst();
  return row ? toPartner(row) : undefined;
}

/**
 * The partner of a connection that sent an interchange, by ISA05/ISA06. A partner whose qualifier differs
 * but whose id is the connection's only one with that id is found too: partners change qualifiers (ZZ to
 * 01) more often than ids.
 */
export async function findPartnerBySender(
  db: Db,
  connectionId: string,
  qualifier: string,
  interchangeId: string,
): Promise<EdiPartnerRow | undefined> {
  const rows = await selectPartners(db)
    .where("p.connection_id", "=", connectionId)
    .where("p.interchange_id", "=", interchangeId)
    .execute();
  const exact = rows.find((r) => r.qualifier === qualifier);
  if (exact) return toPartner(exact);
  return rows.length === 1 ? toPartner(rows[0] as Row) : undefined;
}
