// EDI connections: where a company's partner files come from and go to. The transport's secrets are not
// here; they are sealed in `secrets` under the names `secretName` gives.
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { EdiTransportKind } from "#domain/edi.ts";
import { isUuid } from "../companies.ts";
import type { EdiConnectionsTable, Tables } from "../tables.ts";

type Db = Kysely<Tables>;

export interface EdiConnectionRow {
  id: string;
  companyId: string;
  name: string;
  active: boolean;
  ourQualifier: string;
  ourId: string;
  transport: EdiTransportKind;
  /** FolderSettings or SftpSettings (src/domain/edi.ts), without secrets. */
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewEdiConnection {
  companyId: string;
  name: string;
  active: boolean;
  ourQualifier: string;
  ourId: string;
  transport: EdiTransportKind;
  settings: Record<string, unknown>;
}

function toConnection(row: Selectable<EdiConnectionsTable>): EdiConnectionRow {
  return {
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    active: row.active,
    ourQualifier: row.our_qualifier,
    ourId: row.our_id,
    transport: row.transport,
    settings: row.settings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The name under which a connection's secret (`password`, `privateKey`) is sealed. */
export function connectionSecretName(connectionId: string, secret: string): string {
  return `edi.connection.${connectionId}.${secret}`;
}

/** Inserts a connection; undefined when the company already has one by that name. */
export async function insertConnection(
  db: Db,
  input: NewEdiConnection,
): Promise<EdiConnectionRow | undefined> {
  const row = await db
    .insertInto("edi_connections")
    .values({
      id: randomUUID(),
      company_id: input.companyId,
      name: input.name,
      active: input.active,
      our_qualifier: input.ourQualifier,
      our_id: input.ourId,
      transport: input.transport,
      settings: JSON.stringify(input.settings),
    })
    .onConflict((oc) => oc.constraint("edi_connections_name").doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

export async function listConnections(db: Db, companyId: string): Promise<EdiConnectionRow[]> {
  const rows = await db
    .selectFrom("edi_connections")
    .selectAll()
    .where("company_id", "=", companyId)
    .orderBy("name")
    .execute();
  return rows.map(toConnection);
}

/** Active connections of every company, for the periodic pickup. */
export async function listActiveConnections(db: Db): Promise<EdiConnectionRow[]> {
  const rows = await db
    .selectFrom("edi_connections")
    .selectAll()
    .where("active", "=", true)
    .orderBy("company_id")
    .orderBy("name")
    .execute();
  return rows.map(toConnection);
}

/** A connection of the company by its id or its name. */
export async function findConnection(
  db: Db,
  companyId: string,
  idOrName: string,
): Promise<EdiConnectionRow | undefined> {
  const row = await db
    .selectFrom("edi_connections")
    .selectAll()
    .where("company_id", "=", companyId)
    .where((eb) => (isUuid(idOrName) ? eb("id", "=", idOrName) : eb("name", "=", idOrName)))
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

export async function getConnectionById(db: Db, id: string): Promise<EdiConnectionRow | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom("edi_connections").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

/** What a change to a connection may set; fields left out keep their value. */
export interface EdiConnectionChange {
  name?: string;
  active?: boolean;
  ourQualifier?: string;
  ourId?: string;
  transport?: EdiTransportKind;
  settings?: Record<string, unknown>;
}

/**
 * Changes a connection (a host key pinned on first use, a changed folder, a user's edit); undefined when
 * it is gone. A new name another connection of the company has fails, and `uniqueViolation` tells why.
 */
export async function updateConnection(
  db: Db,
  id: string,
  change: EdiConnectionChange,
): Promise<EdiConnectionRow | undefined> {
  const row = await db
    .updateTable("edi_connections")
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      ...(change.ourQualifier !== undefined ? { our_qualifier: change.ourQualifier } : {}),
      ...(change.ourId !== undefined ? { our_id: change.ourId } : {}),
      ...(change.transport !== undefined ? { transport: change.transport } : {}),
      ...(change.settings ? { settings: JSON.stringify(change.settings) } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}

/** What refers to a connection: its partners, and the files and messages that went through it. */
export interface ConnectionUsage {
  partners: number;
  files: number;
  messages: number;
}

export async function connectionUsage(
  db: Db,
  connection: { id: string; companyId: string },
): Promise<ConnectionUsage> {
  const { id, companyId } = connection;
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("edi_partners")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("connection_id", "=", id)
        .as("partners"),
      eb
        .selectFrom("edi_files")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("connection_id", "=", id)
        .as("files"),
      // Messages are indexed by company, not by connection: the company bounds the count.
      eb
        .selectFrom("edi_messages")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("company_id", "=", companyId)
        .where("connection_id", "=", id)
        .as("messages"),
    ])
    .executeTakeFirstOrThrow();
  return { partners: Number(row.partners), files: Number(row.files), messages: Number(row.messages) };
}

/**
 * Deletes a connection nothing refers to (no partner, file or message): false when it is gone or when
 * something refers to it by the time the statement runs, so history is never cascaded away.
 */
export async function deleteConnection(
  db: Db,
  connection: { id: string; companyId: string },
): Promise<boolean> {
  const { id, companyId } = connection;
  const result = await db
    .deleteFrom("edi_connections")
    .where("id", "=", id)
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom("edi_partners").select("id").where("connection_id", "=", id))),
        eb.not(eb.exists(eb.selectFrom("edi_files").select("id").where("connection_id", "=", id))),
        eb.not(
          eb.exists(
            eb
              .selectFrom("edi_messages")
              .select("id")
              .where("company_id", "=", companyId)
              .where("connection_id", "=", id),
          ),
        ),
      ]),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Whether a statement failed on a unique constraint (a name taken meanwhile); its name when it did. */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: unknown; constraint?: unknown };
  if (e?.code !== "23505") return undefined;
  return typeof e.constraint === "string" ? e.constraint : "";
}
