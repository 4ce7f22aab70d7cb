// Connections as users see and make them: the transport settings, never the secrets (those are sealed
// in `secrets`; a view says only whether one is set).
import { EdiConnectionInput, type SftpSecrets } from "#domain/edi.ts";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import { hasSecret, readSecret, saveSecret } from "#secrets/store.ts";
import { getCompany } from "#store/companies.ts";
import {
  connectionSecretName,
  type EdiConnectionRow,
  findConnection,
  insertConnection,
  listConnections as listConnectionRows,
  updateConnection,
} from "#store/edi/connections.ts";
import type { EdiContext } from "./context.ts";
import { scheduleEdiPoll } from "./schedule.ts";

export interface ConnectionView {
  id: string;
  name: string;
  active: boolean;
  ourQualifier: string;
  ourId: string;
  transport: "folder" | "sftp";
  /** Folder: inbox, outbox. SFTP: host, port, username, inbox, outbox, pollSeconds, hostKey. */
  settings: Record<string, unknown>;
  /** Which secrets are stored (SFTP): their values are never shown. */
  secrets: { password: boolean; privateKey: boolean };
  createdAt: string;
  updatedAt: string;
}

const SECRET_NAMES = ["password", "privateKey"] as const;

async function storedSecrets(ctx: EdiContext, row: EdiConnectionRow) {
  const secrets = { password: false, privateKey: false };
  if (row.transport !== "sftp") return secrets;
  for (const name of SECRET_NAMES) {
    secrets[name] = await hasSecret(ctx.db.kysely, {
      companyId: row.companyId,
      name: connectionSecretName(row.id, name),
    });
  }
  return secrets;
}

async function toView(ctx: EdiContext, row: EdiConnectionRow): Promise<ConnectionView> {
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    ourQualifier: row.ourQualifier,
    ourId: row.ourId,
    transport: row.transport,
    settings: row.settings,
    secrets: await storedSecrets(ctx, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function createConnection(
  ctx: EdiContext,
  input: { companyId: string; body: unknown },
): Promise<Result<ConnectionView, EdiErrorCode>> {
  if (!(await getCompany(ctx.db.kysely, input.companyId)))
    return err("company_not_found", "No such company.");
  const valid = validateWith(EdiConnectionInput, input.body);
  if (!valid.ok) {
    return err(
      "invalid_connection",
      `The connection is not valid: ${valid.issues.length} problem(s). Nothing was saved.`,
      valid.issues,
    );
  }
  const body = valid.value;
  const settings = body.transport === "folder" ? body.folder : body.sftp;
  const secrets: SftpSecrets = body.transport === "sftp" ? (body.secrets ?? {}) : {};
  let key: Buffer | undefined;
  if (Object.keys(secrets).length > 0) {
    try {
      key = ctx.secretKey();
    } catch (error) {
      return err("secret_key_missing", (error as Error).message);
    }
  }
  const created = await ctx.db.transaction(async (trx) => {
    const row = await insertConnection(trx, {
      companyId: input.companyId,
      name: body.name,
      active: body.active,
      ourQualifier: body.ourQualifier,
      ourId: body.ourId,
      transport: body.transport,
      settings,
    });
    if (row) await scheduleEdiPoll(trx);
    if (!row || !key) return row;
    for (const name of SECRET_NAMES) {
      const value = secrets[name];
      if (value !== undefined) {
        await saveSecret(trx, key, {
          companyId: input.companyId,
          name: connectionSecretName(row.id, name),
          value,
        });
      }
    }
    return row;
  });
  if (!created) {
    return err("connection_exists", `There is already a connection named "${body.name}".`, [
      { path: "/name", message: "is taken by another connection" },
    ]);
  }
  return ok(await toView(ctx, created));
}

export async function listConnections(
  ctx: EdiContext,
  companyId: string,
): Promise<Result<ConnectionView[], EdiErrorCode>> {
  if (!(await getCompany(ctx.db.kysely, companyId))) return err("company_not_found", "No such company.");
  const rows = await listConnectionRows(ctx.db.kysely, companyId);
  return ok(await Promise.all(rows.map((r) => toView(ctx, r))));
}

export async function getConnection(
  ctx: EdiContext,
  input: { companyId: string; connection: string },
): Promise<Result<ConnectionView, EdiErrorCode>> {
  const row = await findConnection(ctx.db.kysely, input.companyId, input.connection);
  if (!row) return err("connection_not_found", `No connection "${input.connection}".`);
  return ok(await toView(ctx, row));
}

/**
 * *Forget host key*: after a partner has really changed its SFTP server's key (confirmed with them, out
 * of band), the pinned fingerprint is dropped, and the next connection — a *Test connection* — pins the
 * new one. Until then every connection to a server with another key is refused.
 */
export async function forgetHostKey(
  ctx: EdiContext,
  input: { companyId: string; connection: string },
): Promise<Result<ConnectionView, EdiErrorCode>> {
  const row = await findConnection(ctx.db.kysely, input.companyId, input.connection);
  if (!row) return err("connection_not_found", `No connection "${input.connection}".`);
  if (row.transport !== "sftp")
    return err("connection_not_sftp", `Connection ${row.name} uses folders: it has no host key to forget.`);
  const { hostKey: _forgotten, ...settings } = row.settings as { hostKey?: string };
  const updated = await updateConnection(ctx.db.kysely, row.id, { settings });
  if (!updated) return err("connection_not_found", `No connection "${input.connection}".`);
  return ok(await toView(ctx, updated));
}

/** A connection's stored secrets, opened, for the transport that needs them. */
export async function connectionSecrets(ctx: EdiContext, row: EdiConnectionRow): Promise<SftpSecrets> {
  const out: SftpSecrets = {};
  const stored = await storedSecrets(ctx, row);
  if (!stored.password && !stored.privateKey) return out;
  const key = ctx.secretKey();
  for (const name of SECRET_NAMES) {
    if (!stored[name]) continue;
    const value = await readSecret(ctx.db.kysely, key, {
      companyId: row.companyId,
      name: connectionSecretName(row.id, name),
    });
    if (value !== undefined) out[name] = value;
  }
  return out;
}
