// One pickup now: for each active connection of a company (or one named), every file waiting in its
// inbox is received (see receive.ts) and archived, then the acknowledgments that are still unsent go out
// through the same transport. An acknowledgment is stored with what it answers and sent afterwards, so
// one whose sending was cut off (the process died, the server went away) is sent by the next poll.
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { getCompany } from "#store/companies.ts";
import { type EdiConnectionRow, findConnection, listConnections } from "#store/edi/connections.ts";
import { insertFile } from "#store/edi/files.ts";
import { type EdiMessageRow, listMessages, updateMessage } from "#store/edi/messages.ts";
import type { EdiContext } from "../context.ts";
import { type PickupSummary, pickUp, sha256Hex } from "../pickup.ts";
import type { Transport } from "../transport.ts";
import { openTransport } from "../transports.ts";
import { receiveFile } from "./receive.ts";

export interface PollReport extends PickupSummary {
  connection: string;
  /** Acknowledgments (997, TA1) written to the outbox. */
  acknowledgmentsSent: number;
  /** Why the connection could not be polled at all (unreachable, refused), when it could not. */
  error: string | null;
}

export async function poll(
  ctx: EdiContext,
  input: { companyId: string; connection?: string | undefined },
): Promise<Result<PollReport[], EdiErrorCode>> {
  const db = ctx.db.kysely;
  if (!(await getCompany(db, input.companyId))) return err("company_not_found", "No such company.");
  let connections: EdiConnectionRow[];
  if (input.connection) {
    const one = await findConnection(db, input.companyId, input.connection);
    if (!one) return err("connection_not_found", `No connection "${input.connection}".`);
    connections = [one];
  } else {
    connections = (await listConnections(db, input.companyId)).filter((c) => c.active);
  }
  const reports: PollReport[] = [];
  for (const connection of connections) reports.push(await pollConnection(ctx, connection));
  return ok(reports);
}

export async function pollConnection(ctx: EdiContext, connection: EdiConnectionRow): Promise<PollReport> {
  const report: PollReport = {
    connection: connection.name,
    stored: 0,
    duplicates: 0,
    failed: 0,
    deferred: [],
    acknowledgmentsSent: 0,
    error: null,
  };
  let transport: Transport;
  try {
    transport = await openTransport(ctx, connection);
  } catch (error) {
    return { ...report, error: (error as Error).message };
  }
  try {
    const summary = await pickUp(
      transport,
      async (file) => (await receiveFile(ctx, connection, file)).receipt,
    );
    Object.assign(report, summary);
    report.acknowledgmentsSent = await sendAcknowledgments(ctx, connection, transport);
  } catch (error) {
    report.error = (error as Error).message;
  } finally {
    await transport.close();
  }
  return report;
}

/** Writes the connection's unsent 997s and TA1s to its outbox, oldest first. */
async function sendAcknowledgments(ctx: EdiContext, connection: EdiConnectionRow, transport: Transport) {
  const waiting: EdiMessageRow[] = [];
  for (const type of ["TA1", "997"]) {
    const rows = await listMessages(ctx.db.kysely, {
      companyId: connection.companyId,
      direction: "outbound",
      status: "new",
      type,
      limit: 10_000,
    });
    waiting.push(...rows.filter((m) => m.connectionId === connection.id));
  }
  waiting.sort((a, b) => Number(a.id) - Number(b.id));
  for (const message of waiting) {
    const name = `${message.type}-${message.receiverId.replace(/[^A-Za-z0-9_-]/g, "_")}-${message.interchangeControl}.x12`;
    const bytes = Buffer.from(message.raw, "utf8");
    // The same name and bytes again after a crash replace the file rather than add a second one.
    await transport.send(name, bytes);
    await ctx.db.transaction(async (trx) => {
      const file = await insertFile(trx, {
        companyId: connection.companyId,
        connectionId: connection.id,
        direction: "outbound",
        name,
        sha256: sha256Hex(bytes),
        size: bytes.length,
        status: "sent",
        error: null,
      });
      await updateMessage(trx, message.id, { status: "sent", ...(file ? { fileId: file.id } : {}) });
    });
  }
  return waiting.length;
}
