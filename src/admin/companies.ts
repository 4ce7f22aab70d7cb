// Companies: the tenants whose host records Ledgerlink keeps.
import { Company } from "#domain/company.ts";
import type { AdminErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import {
  getCompany as findCompany,
  createCompany as insertCompany,
  listCompanies as selectCompanies,
} from "#store/companies.ts";
import type { Database } from "#store/database.ts";

export interface CompanyView {
  id: string;
  name: string;
  createdAt: string;
}

function view(c: { id: string; name: string; createdAt: Date }): CompanyView {
  return { id: c.id, name: c.name, createdAt: c.createdAt.toISOString() };
}

export async function createCompany(
  db: Database,
  input: { name: string },
): Promise<Result<CompanyView, AdminErrorCode>> {
  const valid = validateWith(Company, input);
  if (!valid.ok) return err("invalid_company", "The company is not valid.", valid.issues);
  const company = await insertCompany(db.kysely, valid.value);
  return ok(view(company));
}

export async function listCompanies(db: Database): Promise<CompanyView[]> {
  return (await selectCompanies(db.kysely)).map(view);
}

export async function getCompany(db: Database, id: string): Promise<Result<CompanyView, AdminErrorCode>> {
  const company = await findCompany(db.kysely, id);
  return company ? ok(view(company)) : err("company_not_found", `No company with id ${id}.`);
}
