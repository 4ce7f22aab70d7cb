// Trading partners as users make them: each belongs to a connection and stands for a host customer;
// its N104 location ids map to that customer's locations.
import type { Customer } from "#domain/customer.ts";
import { EdiPartnerInput, EdiPartnerPatch } from "#domain/edi.ts";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, type FieldIssue, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import { getCompany } from "#store/companies.ts";
import { findConnection, uniqueViolation } from "#store/edi/connections.ts";
import {
  deletePartner,
  type EdiPartnerRow,
  findPartner,
  insertPartner,
  listPartners as listPartnerRows,
  type PartnerUsage,
  partnerUsage,
  updatePartner,
} from "#store/edi/partners.ts";
import { getRecord } from "#store/records.ts";
import { describeUsage } from "./connections.ts";
import type { EdiContext } from "./context.ts";

/** A partner as the API shows it: its row without the company and connection ids, times as ISO text. */
export type PartnerView = Omit<EdiPartnerRow, "companyId" | "connectionId" | "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
  /** One partner read alone: what refers to it; it can be deleted only when all are 0. */
  usage?: PartnerUsage;
};

export function toPartnerView(row: EdiPartnerRow): PartnerView {
  const { companyId: _company, connectionId: _connection, createdAt, updatedAt, ...shown } = row;
  return { ...shown, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

/** A partner body checked whole: its fields, its connection, its customer and that customer's locations. */
async function checkPartner(
  ctx: EdiContext,
  companyId: string,
  body: unknown,
  what: string,
): Promise<Result<{ body: EdiPartnerInput; connectionId: string; connection: string }, EdiErrorCode>> {
  const db = ctx.db.kysely;
  const valid = validateWith(EdiPartnerInput, body);
  if (!valid.ok) {
    return err(
      "invalid_partner",
      `${what} is not valid: ${valid.issues.length} problem(s). Nothing was saved.`,
      valid.issues,
    );
  }
  const checked = valid.value;
  const connection = await findConnection(db, companyId, checked.connection);
  if (!connection) {
    return err("connection_not_found", `No connection "${checked.connection}".`, [
      { path: "/connection", message: "names no connection of this company" },
    ]);
  }
  const customer = await getRecord(db, {
    companyId,
    collection: "customers",
    externalId: checked.customerExternalId,
  });
  if (!customer || customer.deletedAt) {
    return err(
      "customer_not_found",
      `No customer "${checked.customerExternalId}": send the customer first.`,
      [{ path: "/customerExternalId", message: "names no customer of this company" }],
    );
  }
  const codes = new Set(((customer.data as Customer).locations ?? []).map((l) => l.code));
  const unknown: FieldIssue[] = checked.locations.flatMap((l, i) =>
    codes.has(l.locationCode)
      ? []
      : [
          {
            path: `/locations/${i}/locationCode`,
            message: `is not a location of customer ${checked.customerExternalId}`,
          },
        ],
  );
  if (unknown.length > 0)
    return err("invalid_partner", "The partner maps locations the customer does not have.", unknown);
  return ok({ body: checked, connectionId: connection.id, connection: connection.name });
}

/** The stored form of a checked partner body. */
function partnerFields(body: EdiPartnerInput, connectionId: string) {
  return {
    connectionId,
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
  };
}

function conflictOf(conflict: "name" | "identity", body: EdiPartnerInput, connection: string) {
  return conflict === "name"
    ? err("partner_exists", `There is already a partner named "${body.name}".`, [
        { path: "/name", message: "is taken by another partner" },
      ])
    : err(
        "partner_exists",
        `Connection ${connection} already has a partner with id ${body.qualifier}:${body.interchangeId}.`,
        [{ path: "/interchangeId", message: "is another partner's on this connection" }],
      );
}

export async function createPartner(
  ctx: EdiContext,
  input: { companyId: string; body: unknown },
): Promise<Result<PartnerView, EdiErrorCode>> {
  if (!(await getCompany(ctx.db.kysely, input.companyId)))
    return err("company_not_found", "No such company.");
  const checked = await checkPartner(ctx, input.companyId, input.body, "The trading partner");
  if (!checked.ok) return checked;
  const { body, connectionId, connection } = checked.value;
  const inserted = await insertPartner(ctx.db.kysely, {
    companyId: input.companyId,
    ...partnerFields(body, connectionId),
  });
  if (!inserted.ok) return conflictOf(inserted.conflict, body, connection);
  return ok(toPartnerView(inserted.partner));
}

/** A partner as its add form would send it, to merge a change into. */
function bodyOf(row: EdiPartnerRow): Record<string, unknown> {
  return {
    name: row.name,
    connection: row.connection,
    customerExternalId: row.customerExternalId,
    qualifier: row.qualifier,
    interchangeId: row.interchangeId,
    ...(row.applicationId !== null ? { applicationId: row.applicationId } : {}),
    active: row.active,
    version: row.version,
    ...(row.separators ? { separators: row.separators } : {}),
    wants855: row.wants855,
    wants810: row.wants810,
    autoAccept: row.autoAccept,
    overdueAfterMinutes: row.overdueAfterMinutes,
    locations: row.locations,
  };
}

/**
 * *Edit*: changes the fields the body gives (any field of the add form; `locations` and `separators`
 * replaced whole, `null` clearing `applicationId` or `separators`), checked whole as on create. The
 * partner keeps its id, so its messages, orders and control numbers stay with it.
 */
export async function editPartner(
  ctx: EdiContext,
  input: { companyId: string; partner: string; body: unknown },
): Promise<Result<PartnerView, EdiErrorCode>> {
  const db = ctx.db.kysely;
  const row = await findPartner(db, input.companyId, input.partner);
  if (!row) return err("partner_not_found", `No trading partner "${input.partner}".`);
  const patch = validateWith(EdiPartnerPatch, input.body);
  if (!patch.ok) {
    return err(
      "invalid_partner",
      `The change to partner ${row.name} is not valid: ${patch.issues.length} problem(s). Nothing was saved.`,
      patch.issues,
    );
  }
  const whole = bodyOf(row);
  for (const [field, value] of Object.entries(patch.value)) {
    if (value === null && (field === "applicationId" || field === "separators")) delete whole[field];
    else whole[field] = value;
  }
  const checked = await checkPartner(ctx, input.companyId, whole, `The change to partner ${row.name}`);
  if (!checked.ok) return checked;
  const { body, connectionId, connection } = checked.value;
  let updated: Awaited<ReturnType<typeof updatePartner>>;
  try {
    updated = await updatePartner(db, row.id, partnerFields(body, connectionId));
  } catch (error) {
    // Taken by another change between the check and the update.
    const constraint = uniqueViolation(error);
    if (constraint === undefined) throw error;
    return conflictOf(constraint === "edi_partners_name" ? "name" : "identity", body, connection);
  }
  if (!updated) return err("partner_not_found", `No trading partner "${input.partner}".`);
  if (!updated.ok) return conflictOf(updated.conflict, body, connection);
  return ok({ ...toPartnerView(updated.partner), usage: await partnerUsage(db, row.id) });
}

/**
 * *Delete*: only a partner nothing refers to — no message to or from it and no control number used with
 * it; otherwise 409 `partner_in_use` saying what, since deactivating keeps the history.
 */
export async function removePartner(
  ctx: EdiContext,
  input: { companyId: string; partner: string },
): Promise<Result<{ deleted: string }, EdiErrorCode>> {
  const db = ctx.db.kysely;
  const row = await findPartner(db, input.companyId, input.partner);
  if (!row) return err("partner_not_found", `No trading partner "${input.partner}".`);
  if (await deletePartner(db, row.id)) return ok({ deleted: row.name });
  const usage = await partnerUsage(db, row.id);
  return err(
    "partner_in_use",
    `Partner ${row.name} cannot be deleted: it has ${describeUsage([
      [usage.messages, "message"],
      [usage.controlNumbers, "control number series", "control number series"],
    ])}. Deactivate it instead: its files then need attention, and its history stays.`,
  );
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
  return ok({ ...toPartnerView(row), usage: await partnerUsage(ctx.db.kysely, row.id) });
}
