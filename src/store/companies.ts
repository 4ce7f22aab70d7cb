import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { CompanyRow, Tables } from "./tables.ts";

export interface CompanyInfo {
  id: string;
  name: string;
  homeCurrency: string | null;
  createdAt: Date;
}

type Db = Kysely<Tables>;

function toCompany(row: CompanyRow): CompanyInfo {
  return { id: row.id, name: row.name, homeCurrency: row.home_currency, createdAt: row.created_at };
}

export async function createCompany(
  db: Db,
  input: { name: string; homeCurrency?: string | undefined; id?: string | undefined },
): Promise<CompanyInfo> {
  const row = await db
    .insertInto("companies")
    .values({ id: input.id ?? randomUUID(), name: input.name, home_currency: input.homeCurrency ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCompany(row);
}

export async function getCompany(db: Db, id: string): Promise<CompanyInfo | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db.selectFrom("companies").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toCompany(row) : undefined;
}

/** Whether a company with this id exists; an id that is not a uuid names none. */
export async function companyExists(db: Db, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return (
    (await db.selectFrom("companies").select("id").where("id", "=", id).executeTakeFirst()) !== undefined
  );
}

export async function listCompanies(db: Db): Promise<CompanyInfo[]> {
  const rows = await db.selectFrom("companies").selectAll().orderBy("name").orderBy("id").execute();
  return rows.map(toCompany);
}

export async function renameCompany(db: Db, id: string, name: string): Promise<CompanyInfo | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable("companies")
    .set({ name, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toCompany(row) : undefined;
}

/**
 * The company already called this, ignoring case and spaces around it ("Acme Tools" and "acme tools "
 * name the same business to a person choosing from a list); `except` leaves one company out (a rename).
 */
export async function findCompanyNamed(
  db: Db,
  name: string,
  except?: string | undefined,
): Promise<CompanyInfo | undefined> {
  let query = db
    .selectFrom("companies")
    .selectAll()
    .where(sql<string>`lower(btrim(name))`, "=", name.trim().toLowerCase());
  if (except !== undefined && isUuid(except)) query = query.where("id", "<>", except);
  const row = await query.orderBy("created_at").executeTakeFirst();
  return row ? toCompany(row) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else can not name a row, and would make PostgreSQL raise a cast error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
