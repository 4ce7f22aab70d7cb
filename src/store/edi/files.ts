// Files picked up from or sent to a connection. An inbound file is recorded by name and content digest in
// the same transaction as the messages read from it, before the transport moves it to the archive; a
// file met again (the process died before the move) is found here and is not read a second time.
import type { Kysely, Selectable } from "kysely";
import type { EdiDirection } from "#domain/edi.ts";
import type { EdiFilesTable, Tables } from "../tables.ts";

type Db = Kysely<Tables>;

export interface EdiFileRow {
  id: string;
  companyId: string;
  connectionId: string;
  direction: EdiDirection;
  name: string;
  sha256: string;
  size: number;
  status: "processed" | "failed" | "sent";
  error: string | null;
  createdAt: Date;
}

function toFile(row: Selectable<EdiFilesTable>): EdiFileRow {
  return {
    id: String(row.id),
    companyId: row.company_id,
    connectionId: row.connection_id,
    direction: row.direction,
    name: row.name,
    sha256: row.sha256,
    size: row.size,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
  };
}

export async function findFile(
  db: Db,
  key: { connectionId: string; direction: EdiDirection; name: string; sha256: string },
): Promise<EdiFileRow | undefined> {
  const row = await db
    .selectFrom("edi_files")
    .selectAll()
    .where("connection_id", "=", key.connectionId)
    .where("direction", "=", key.direction)
    .where("name", "=", key.name)
    .where("sha256", "=", key.sha256)
    .executeTakeFirst();
  return row ? toFile(row) : undefined;
}

/**
 * Records a file; undefined when the same file (connection, direction, name, digest) is already
 * recorded, which a caller inside a transaction takes as "someone else got here first".
 */
export async function insertFile(
  db: Db,
  input: Omit<EdiFileRow, "id" | "createdAt">,
): Promise<EdiFileRow | undefined> {
  const row = await db
    .insertInto("edi_files")
    .values({
      company_id: input.companyId,
      connection_id: input.connectionId,
      direction: input.direction,
      name: input.name,
      sha256: input.sha256,
      size: input.size,
      status: input.status,
      error: input.error,
    })
    .onConflict((oc) => oc.constraint("edi_files_identity").doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toFile(row) : undefined;
}

export async function listFiles(
  db: Db,
  filter: { companyId: string; connectionId?: string; status?: EdiFileRow["status"] },
): Promise<EdiFileRow[]> {
  let query = db.selectFrom("edi_files").selectAll().where("company_id", "=", filter.companyId);
  if (filter.connectionId) query = query.where("connection_id", "=", filter.connectionId);
  if (filter.status) query = query.where("status", "=", filter.status);
  return (await query.orderBy("id", "desc").limit(1000).execute()).map(toFile);
}
