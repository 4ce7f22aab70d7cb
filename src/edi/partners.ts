// Trading partners as users make them: each belongs to a connection and stands for a host customer;
// its N104 location ids map to that customer's locations.
import type { Customer } from "#domain/customer.ts";
import { EdiPartnerInput } from "#domain/edi.ts";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, type FieldIssue, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import { getCompany } from "#store/companies.ts";
import { findConnection } from "#store/edi/connections.ts";
import {
  type EdiPartnerRow,
  findPartner,
  insertPartner,
  listPartners as listPartnerRows,
} from "#store/edi/partners.ts";
import { getRecord } from "#store/records.ts";
import type { EdiContext } from "./context.ts";

/** A partner as the API shows it: its row without the company and connection ids, times as ISO text. */
export type PartnerView = Omit<EdiPartnerRow, "companyId" | "connectionId" | "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};

export function toPartnerView(row: EdiPartnerRow): PartnerView {
  const { companyId: _company, connectionId: _connection, createdAt, updatedAt, ...shown } = row;
  return { ...shown, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

export async function createPartner(
  ctx: EdiContext,
  input: { companyId: string; body: unknown },
): Promise<Result<PartnerView, EdiErrorCode>> {
  const db = ctx.db.kysely;
  if (!(await getCompany(db, input.companyId))) return err("company_not_found", "No such company.");
  const valid = validateWith(EdiPartnerInput, input.body);
  if (!valid.ok) {
    return err(
      "invalid_partner",
      `The trading partner is not valid: ${valid.issues.length} problem(s). Nothing was saved.`,
      valid.issues,
    );
  }
  const body = valid.value;
  const connection = await findConnection(db, input.companyId, body.connection);
  if (!connection) {
    return err("connection_not_found", `No connection "${body.connection}".`, [
      { path: "/connection", message: "names no connection of this company" },
    ]);
  }
  const customer = await getRecord(db, {
    companyId: input.companyId,
    collection: "customers",
    externalId: body.customerExternalId,
  });
  if (!customer || customer.deletedAt) {
    return err("customer_not_found", `No customer "${body.customerExternalId}": send the customer first.`, [
      { path: "/customerExternalId", message: "names no customer of this company" },
    ]);
  }
  const codes = new Set(((customer.data as Customer).locations ?? []).map((l) => l.code));
  const unknown: FieldIssue[] = body.locations.flatMap((l, i) =>
    codes.has(l.locationCode)
      ? []
      : [
          {
            path: `/locations/${i}/locationCode`,
            message: `is not a location of customer ${body.customerExternalId}`,
          },
        ],
  );
  if (unknown.length > 0)
    return err("invalid_partner", "The partner maps locations the customer does not have.", unknown);
  const inserted = await insertPartner(db, {
    companyId: input.companyId,
    connectionId: connection.id,
    name: body.name,
    active: body.active,
    customerExternalId: body.customerExternalId,
    qualifier: body.qualifier,
    interchangeId: body.interchangeId,
    applicationId: body.applicationId ?? null,
    version: body.version,
    separators: body.separators ? (body.separators as Record<string, string>) : null,
    wants855: body.wants855,
    wants810: body.wants810,
    autoAccept: body.autoAccept,
    overdueAfterMinutes: body.overdueAfterMinutes,
    locations: body.locations,
  });
  if (!inserted.ok) {
    return inserted.conflict === "name"
      ? err("partner_exists", `There is already a partner named "${body.name}".`, [
          { path: "/name", message: "is taken by another partner" },
        ])
      : err(
          "partner_exists",
          `Connection ${connection.name} already has a partner with id ${body.qualifier}:${body.interchangeId}.`,
          [{ path: "/interchangeId", message: "is another partner's on this connection" }],
        );
  }
  return ok(toPartnerView(inserted.partner));
}

export async function listPartners(
  ctx: EdiContext,
  input: { companyId: string; connection?: string | undefined },
): Promise<Result<PartnerView[], EdiErrorCode>> {
  const db = ctx.db.kysely;
  if (!(await getCompany(db, input.companyId))) return err("company_not_found", "No such company.");
  let connectionId: string | undefined;
  if (input.connection) {
    const connection = await findConnection(db, input.companyId, input.connection);
    if (!connection) return err("connection_not_found", `No connection "${input.connection}".`);
    connectionId = connection.id;
  }
  const rows = await listPartnerRows(db, input.companyId, connectionId ? { connectionId } : {});
  return ok(rows.map(toPartnerView));
}

export async function getPartner(
  ctx: EdiContext,
  input: { companyId: string; partner: string },
): Promise<Result<PartnerView, EdiErrorCode>> {
  const row = await findPartner(ctx.db.kysely, input.companyId, input.partner);
  if (!row) return err("partner_not_found", `No trading partner "${input.partner}".`);
  return ok(toPartnerView(row));
}
