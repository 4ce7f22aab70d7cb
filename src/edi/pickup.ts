// One pickup from a transport's inbox: each waiting file is read, handed to the receiver with its
// SHA-256 digest, and moved out of the inbox only after the receiver has stored what it needs.
//
// The order is what keeps a file from being lost or processed twice. The receiver commits first
// (a message row keyed by connection and digest), the file moves second. A process that dies
// between the two leaves the file in the inbox; the next pickup hands it over again, the receiver
// finds the digest it already stored and answers "duplicate", and the file is archived without a
// second message. A receiver that throws (the database is away, a connection dropped) leaves the
// file where it is for the next pickup; only a file the receiver refuses goes to the failed folder.
// A file's move may run while the next file is received (as many at once as the transport allows):
// each still moves only after its own receiver has committed.

import { createHash } from "node:crypto";
import { inFlight } from "./in-flight.ts";
import type { InboundFile, Transport } from "./transport.ts";
import { TransportError } from "./transport.ts";

export interface ReceivedFile {
  readonly name: string;
  readonly bytes: Buffer;
  /** Lower-case hex SHA-256 of `bytes`: the file's identity across pickups and renames. */
  readonly sha256: string;
}

export type Receipt =
  /** Stored; archived under `archiveName` when given, else under its own name. */
  | { readonly outcome: "stored"; readonly archiveName?: string }
  /** Already stored by an earlier pickup (one that died before archiving it): archive, store nothing. */
  | { readonly outcome: "duplicate"; readonly archiveName?: string }
  /** Can never be processed (not X12, no partner…): kept in the failed folder with this reason. */
  | { readonly outcome: "failed"; readonly reason: string };

export type Receiver = (file: ReceivedFile) => Promise<Receipt>;

export interface PickupSummary {
  stored: number;
  duplicates: number;
  failed: number;
  /** Files left in the inbox for the next pickup, with why. */
  deferred: { name: string; reason: string }[];
}

export interface PickupOptions {
  /** At most this many files in one pickup (the rest wait for the next); all when not given. */
  limit?: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function pickUp(
  transport: Transport,
  receive: Receiver,
  options: PickupOptions = {},
): Promise<PickupSummary> {
  const summary: PickupSummary = { stored: 0, duplicates: 0, failed: 0, deferred: [] };
  const files = await transport.list();
  // Files are read and received one at a time; a received file's move runs while the next is received.
  const moves = inFlight(transport.parallel);
  for (const file of files.slice(0, options.limit ?? files.length)) {
    const receipt = await receiveOne(transport, receive, file, summary);
    if (receipt) await moves.run(() => move(transport, file, receipt, summary));
  }
  await moves.drain();
  return summary;
}

/** Reads and receives one file: its receipt, or undefined when it stays in the inbox. */
async function receiveOne(
  transport: Transport,
  receive: Receiver,
  file: InboundFile,
  summary: PickupSummary,
): Promise<Receipt | undefined> {
  let bytes: Buffer;
  try {
    bytes = await transport.read(file);
  } catch (error) {
    // Gone since the listing: another poller took it, which is its to finish.
    if (error instanceof TransportError && error.code === "TRANSPORT_NOT_FOUND") return undefined;
    summary.deferred.push({ name: file.name, reason: messageOf(error) });
    return undefined;
  }
  try {
    return await receive({ name: file.name, bytes, sha256: sha256Hex(bytes) });
  } catch (error) {
    summary.deferred.push({ name: file.name, reason: messageOf(error) });
    return undefined;
  }
}

/** Moves a received file out of the inbox; never throws. */
async function move(transport: Transport, file: InboundFile, receipt: Receipt, summary: PickupSummary) {
  try {
    if (receipt.outcome === "failed") {
      await transport.markFailed(file, receipt.reason);
      summary.failed++;
    } else {
      await transport.markDone(file, receipt.archiveName);
      if (receipt.outcome === "stored") summary.stored++;
      else summary.duplicates++;
    }
  } catch (error) {
    // Stored but not moved: the next pickup meets it again and the receiver calls it a duplicate.
    summary.deferred.push({ name: file.name, reason: messageOf(error) });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
