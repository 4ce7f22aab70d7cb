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

/** Replaces a connection's settings (a host key pinned on first use, a changed folder). */
export async function updateConnection(
  db: Db,
  id: string,
  change: { settings?: Record<string, unknown>; active?: boolean },
): Promise<EdiConnectionRow | undefined> {
  const row = await db
    .updateTable("edi_connections")
    .set({
      ...(change.settings ? { settings: JSON.stringify(change.settings) } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}
