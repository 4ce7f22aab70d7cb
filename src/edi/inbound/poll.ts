// One pickup now: for each active connection of a company (or one named), every file waiting in its
// inbox is received (see receive.ts) and archived, then the acknowledgments that are still unsent go out
// through the same transport. An acknowledgment is stored with what it answers and sent afterwards, so
// one whose sending was cut off (the process died, the server went away) is sent by the next poll.
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { getCompany } from "#store/companies.ts";
import { type EdiConnectionRow, findConnection, listConnections } from "#store/edi/connections.ts";
import { listUnsentAcknowledgments, markMessagesSent } from "#store/edi/messages.ts";
import type { EdiContext } from "../context.ts";
import { inFlight } from "../in-flight.ts";
import { outboundFileName } from "../outbound/send.ts";
import { type PickupSummary, pickUp, sha256Hex } from "../pickup.ts";
import type { Transport } from "../transport.ts";
import { openTransport } from "../transports.ts";
import { pollLookups } from "./lookups.ts";
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
    if (!one.active)
      return err("connection_inactive", `Connection ${one.name} is inactive: activate it to poll it.`);
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
    // Partners, customers and items are read once for the whole pickup (lookups.ts).
    const lookups = pollLookups();
    const summary = await pickUp(
      transport,
      async (file) => (await receiveFile(ctx, connection, file, lookups)).receipt,
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

/** Unsent acknowledgments read per page: the outbox is written a page at a time, never all held at once. */
const ACK_PAGE = 200;
/**
 * Acknowledgments written (several at once) before they are recorded as sent, together, in one
 * statement. A process that dies in between sends at most these again on its next poll, under the same
 * names and with the same bytes, replacing the files it wrote.
 */
const ACK_BATCH = 25;

/** Writes the connection's unsent 997s and TA1s to its outbox, oldest first. */
async function sendAcknowledgments(ctx: EdiContext, connection: EdiConnectionRow, transport: Transport) {
  let sent = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await listUnsentAcknowledgments(ctx.db.kysely, {
      connectionId: connection.id,
      afterId,
      limit: ACK_PAGE,
    });
    for (let start = 0; start < page.length; start += ACK_BATCH) {
      const batch = page.slice(start, start + ACK_BATCH).map((message) => {
        const bytes = Buffer.from(message.raw, "utf8");
        return { messageId: message.id, name: outboundFileName(message), bytes, sha256: sha256Hex(bytes) };
      });
      const writes = inFlight(transport.parallel);
      // The same name and bytes again after a crash replace the file rather than add a second one.
      for (const file of batch) await writes.run(() => transport.send(file.name, file.bytes));
      await writes.drain();
      await markMessagesSent(
        ctx.db.kysely,
        { companyId: connection.companyId, connectionId: connection.id },
        batch.map((file) => ({ ...file, size: file.bytes.length })),
      );
      sent += batch.length;
    }
    if (page.length < ACK_PAGE) return sent;
    afterId = page[page.length - 1]?.id;
  }
}
