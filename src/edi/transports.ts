// A connection's transport, opened from its stored settings and sealed secrets. The SFTP host key a
// first connection pins is written back into the connection's settings, so every later connection
// (from any process) checks against it.
import { FolderSettings, SftpSettings } from "#domain/edi.ts";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import {
  type EdiConnectionRow,
  findConnection,
  getConnectionById,
  updateConnection,
} from "#store/edi/connections.ts";
import { connectionSecrets } from "./connections.ts";
import type { EdiContext } from "./context.ts";
import type { TestReport, Transport } from "./transport.ts";
import { folderTransport } from "./transport-folder.ts";
import { sftpTransport } from "./transport-sftp.ts";

export async function openTransport(ctx: EdiContext, connection: EdiConnectionRow): Promise<Transport> {
  if (connection.transport === "folder") return folderTransport(FolderSettings.parse(connection.settings));
  const settings = SftpSettings.parse(connection.settings);
  const secrets = await connectionSecrets(ctx, connection);
  return sftpTransport({
    host: settings.host,
    port: settings.port,
    username: settings.username,
    inbox: settings.inbox,
    outbox: settings.outbox,
    ...(secrets.password ? { password: secrets.password } : {}),
    ...(secrets.privateKey ? { privateKey: secrets.privateKey } : {}),
    ...(settings.hostKey ? { hostKey: settings.hostKey } : {}),
    onHostKeyPinned: async (fingerprint) => {
      // Read again: the settings may have changed since this transport was opened.
      const current = await getConnectionById(ctx.db.kysely, connection.id);
      if (!current) throw new Error(`connection ${connection.name} no longer exists`);
      // A key seen on a host the connection no longer names is not that host's key.
      if (current.settings.host !== settings.host) return;
      await updateConnection(ctx.db.kysely, connection.id, {
        settings: { ...current.settings, hostKey: fingerprint },
      });
    },
  });
}

/** *Test connection*: each step the transport could and could not do. */
export async function testConnection(
  ctx: EdiContext,
  input: { companyId: string; connection: string },
): Promise<Result<TestReport, EdiErrorCode>> {
  const row = await findConnection(ctx.db.kysely, input.companyId, input.connection);
  if (!row) return err("connection_not_found", `No connection "${input.connection}".`);
  let transport: Transport;
  try {
    transport = await openTransport(ctx, row);
  } catch (error) {
    return ok({ ok: false, steps: [{ step: "connect", ok: false, detail: (error as Error).message }] });
  }
  try {
    return ok(await transport.test());
  } finally {
    await transport.close();
  }
}
