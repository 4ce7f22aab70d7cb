// The `requestid` of a write: QuickBooks answers a repeated id with the first answer and does nothing
// again (FACTS.md §1.8), so a write retried after a lost response never creates a second object, as
// long as the retry carries the same id. The id is therefore derived, never drawn: from the record,
// the operation and the push generation (a record pushed again on purpose, after an edit or a manual
// retry of a refused push, gets a new generation and so a new id; a retry of the same attempt keeps it).
//
// The form is a UUID (36 characters, Intuit's limit for batch requests and under its 50 for single
// ones) built from SHA-256 like an RFC 9562 version 8 UUID, so the ids of different companies,
// records or generations never collide and the same inputs give the same id in every process.
import { createHash } from "node:crypto";

export interface WriteIdentity {
  /** The company's realm: a requestid is unique per realm at Intuit, so the realm is part of it. */
  realmId: string;
  /** A stable name of the record: its collection and external id, or its row id. */
  record: string;
  /** create, update, delete, void… */
  operation: string;
  /** Counts pushes of this record that must not be answered by an earlier one. */
  generation: number;
  /** Distinguishes the second request of a step (the update retried after re-reading its SyncToken). */
  step?: string;
}

export function requestIdFor(identity: WriteIdentity): string {
  const input = [
    "ledgerlink/qbo-requestid/1",
    identity.realmId,
    identity.record,
    identity.operation,
    String(identity.generation),
    identity.step ?? "",
  ].join("\u0000");
  const bytes = createHash("sha256").update(input, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80; // version 8: custom
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
