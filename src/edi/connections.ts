// Connections as users see and make them: the transport settings, never the secrets (those are sealed
// in `secrets`; a view says only whether one is set).
import { EdiConnectionInput, EdiConnectionPatch, type SftpSecrets } from "#domain/edi.ts";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, type FieldIssue, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import { deleteSecret, hasSecret, readSecret, saveSecret } from "#secrets/store.ts";
import { getCompany } from "#store/companies.ts";
import {
  type ConnectionUsage,
  connectionSecretName,
  connectionUsage,
  deleteConnection,
  type EdiConnectionRow,
  findConnection,
  insertConnection,
  listConnections as listConnectionRows,
  uniqueViolation,
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
  /** One connection read alone: what refers to it; it can be deleted only when all are 0. */
  usage?: ConnectionUsage;
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
  return ok({ ...(await toView(ctx, row)), usage: await connectionUsage(ctx.db.kysely, row) });
}

/** Stored settings with a change merged in: a `null` field is removed (its default applies again). */
function mergeSettings(stored: Record<string, unknown>, change: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...stored };
  for (const [field, value] of Object.entries(change)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

function sameHost(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * *Edit*: changes what a connection's body gives, checked whole as on create (each bad field named, a
 * name another connection has refused). SFTP settings are merged into the stored ones; the pinned host
 * key is dropped when the host changes (unless the change gives one), and kept otherwise. Secrets given
 * are sealed, `null` removes one, and a connection moved to folders keeps none. The connection's id,
 * and with it its partners, files, messages and control numbers, stays.
 */
export async function editConnection(
  ctx: EdiContext,
  input: { companyId: string; connection: string; body: unknown },
): Promise<Result<ConnectionView, EdiErrorCode>> {
  const db = ctx.db.kysely;
  const row = await findConnection(db, input.companyId, input.connection);
  if (!row) return err("connection_not_found", `No connection "${input.connection}".`);
  const invalid = (issues: FieldIssue[]) =>
    err(
      "invalid_connection",
      `The change to connection ${row.name} is not valid: ${issues.length} problem(s). Nothing was saved.`,
      issues,
    );
  const patch = validateWith(EdiConnectionPatch, input.body);
  if (!patch.ok) return invalid(patch.issues);
  const p = patch.value;
  const transport = p.transport ?? row.transport;
  const other = transport === "folder" ? "sftp" : "folder";
  const change = p[transport] ?? {};
  let settings: Record<string, unknown>;
  if (transport !== row.transport) settings = mergeSettings({}, change);
  else {
    settings = mergeSettings(row.settings, change);
    if (transport === "sftp" && change.host !== undefined && !sameHost(change.host, row.settings.host)) {
      if (change.hostKey === undefined) delete settings.hostKey;
    }
  }
  const whole = {
    name: p.name !== undefined ? p.name : row.name,
    active: p.active !== undefined ? p.active : row.active,
    ourQualifier: p.ourQualifier !== undefined ? p.ourQualifier : row.ourQualifier,
    ourId: p.ourId !== undefined ? p.ourId : row.ourId,
    transport,
    [transport]: settings,
    // Settings of the other transport are named as the mistake they are.
    ...(p[other] !== undefined ? { [other]: p[other] } : {}),
  };
  const valid = validateWith(EdiConnectionInput, whole);
  const issues = valid.ok ? [] : [...valid.issues];
  if (transport === "folder" && p.secrets)
    issues.push({ path: "/secrets", message: "is for an SFTP connection; a folder connection has none" });
  if (!valid.ok || issues.length > 0) return invalid(issues);
  const body = valid.value;
  const secrets = p.secrets ?? {};
  let key: Buffer | undefined;
  if (SECRET_NAMES.some((name) => typeof secrets[name] === "string")) {
    try {
      key = ctx.secretKey();
    } catch (error) {
      return err("secret_key_missing", (error as Error).message);
    }
  }
  const taken = () =>
    err("connection_exists", `There is already a connection named "${body.name}".`, [
      { path: "/name", message: "is taken by another connection" },
    ]);
  let updated: EdiConnectionRow | "taken" | undefined;
  try {
    updated = await ctx.db.transaction(async (trx) => {
      if (body.name !== row.name) {
        const named = await findConnection(trx, input.companyId, body.name);
        if (named && named.id !== row.id) return "taken";
      }
      const changed = await updateConnection(trx, row.id, {
        name: body.name,
        active: body.active,
        ourQualifier: body.ourQualifier,
        ourId: body.ourId,
        transport: body.transport,
        settings: body.transport === "folder" ? body.folder : body.sftp,
      });
      if (!changed) return undefined;
      for (const name of SECRET_NAMES) {
        const secret = { companyId: row.companyId, name: connectionSecretName(row.id, name) };
        const value = body.transport === "folder" ? null : secrets[name];
        if (value === null) await deleteSecret(trx, secret);
        else if (value !== undefined && key) await saveSecret(trx, key, { ...secret, value });
      }
      if (changed.active) await scheduleEdiPoll(trx);
      return changed;
    });
  } catch (error) {
    if (uniqueViolation(error) !== undefined) return taken();
    throw error;
  }
  if (updated === "taken") return taken();
  if (!updated) return err("connection_not_found", `No connection "${input.connection}".`);
  return ok({ ...(await toView(ctx, updated)), usage: await connectionUsage(db, updated) });
}

/**
 * *Delete*: only a connection nothing refers to — no partner, and no file or message ever went through
 * it; otherwise 409 `connection_in_use` saying what, since deactivating keeps the history. Its sealed
 * secrets go with it.
 */
export async function removeConnection(
  ctx: EdiContext,
  input: { companyId: string; connection: string },
): Promise<Result<{ deleted: string }, EdiErrorCode>> {
  const row = await findConnection(ctx.db.kysely, input.companyId, input.connection);
  if (!row) return err("connection_not_found", `No connection "${input.connection}".`);
  const deleted = await ctx.db.transaction(async (trx) => {
    if (!(await deleteConnection(trx, row))) return false;
    for (const name of SECRET_NAMES)
      await deleteSecret(trx, { companyId: row.companyId, name: connectionSecretName(row.id, name) });
    return true;
  });
  if (deleted) return ok({ deleted: row.name });
  const usage = await connectionUsage(ctx.db.kysely, row);
  return err(
    "connection_in_use",
    `Connection ${row.name} cannot be deleted: it has ${describeUsage([
      [usage.partners, "trading partner"],
      [usage.files, "file"],
      [usage.messages, "message"],
    ])}. Deactivate it instead: it is no longer polled, and its history stays.`,
  );
}

/** "2 trading partners and 1 file": each count with its noun, singular or plural (`s` added by default). */
export function describeUsage(counts: readonly (readonly [number, string, string?])[]): string {
  const parts = counts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : (many ?? `${one}s`)}`);
  if (parts.length <= 1) return parts[0] ?? "other records";
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
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
