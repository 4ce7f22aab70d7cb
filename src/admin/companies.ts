// Companies: the tenants whose host records Ledgerlink keeps.
import { Company } from "#domain/company.ts";
import type { AdminErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import {
  getCompany as findCompany,
  findCompanyNamed,
  createCompany as insertCompany,
  listCompanies as selectCompanies,
  renameCompany as updateCompanyName,
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
  const taken = await nameTaken(db, valid.value.name);
  if (taken) return taken;
  const company = await insertCompany(db.kysely, valid.value);
  return ok(view(company));
}

/**
 * Two companies of one name cannot be told apart in the switcher, and records sent to the wrong one
 * would be booked in the wrong books; so a name is refused while another company has it.
 */
async function nameTaken(db: Database, name: string, except?: string) {
  const other = await findCompanyNamed(db.kysely, name, except);
  if (!other) return undefined;
  return err(
    "company_name_taken",
    `A company named "${other.name}" already exists (id ${other.id}); choose another name.`,
    [{ path: "/name", message: `is already the name of company ${other.id}` }],
  );
}

/** Gives a company a new name; the same rules as a new company's name apply. */
export async function renameCompany(
  db: Database,
  input: { id: string; name: string },
): Promise<Result<CompanyView, AdminErrorCode>> {
  const current = await findCompany(db.kysely, input.id);
  if (!current) return err("company_not_found", `No company with id ${input.id}.`);
  const valid = validateWith(Company.pick({ name: true }), { name: input.name });
  if (!valid.ok) return err("invalid_company", "The company name is not valid.", valid.issues);
  const taken = await nameTaken(db, valid.value.name, input.id);
  if (taken) return taken;
  const renamed = await updateCompanyName(db.kysely, input.id, valid.value.name);
  return renamed ? ok(view(renamed)) : err("company_not_found", `No company with id ${input.id}.`);
}

export async function listCompanies(db: Database): Promise<CompanyView[]> {
  return (await selectCompanies(db.kysely)).map(view);
}

export async function getCompany(db: Database, id: string): Promise<Result<CompanyView, AdminErrorCode>> {
  const company = await findCompany(db.kysely, id);
  return company ? ok(view(company)) : err("company_not_found", `No company with id ${id}.`);
}
