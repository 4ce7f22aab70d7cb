// The two notification bodies Intuit sends, and the signature over them.
//
// Legacy (Intuit, "Managing webhooks notifications"; samples/webhook-legacy.json):
//   {"eventNotifications":[{"realmId":"…","dataChangeEvent":{"entities":[{"name":"Customer","id":"1",
//   "operation":"Create","lastUpdated":"2015-10-05T14:42:19-0700"}]}}]}; the service itself writes
//   lastUpdated in UTC with milliseconds (see isoTime).
//   operations Create, Update, Delete, Merge, Void, Emailed; `deletedId` on Merge; one realm per notification.
// CloudEvents (Intuit blog 2025-11-12 "Upcoming change to webhooks payload structure";
//   samples/webhook-cloudevents.json): a JSON array of events with specversion 1.0, a uuid id, an opaque
//   `intuit.…` source, type `qbo.<entity>.<created|updated|deleted|merged|voided>.v1`, intuitentityid,
//   intuitaccountid, data {}; at most 100 events per notification (Intuit webhooks webinar Q&A, 2025-02).
//   Mandatory for every app since May 2026, which is why it is the emulator's default.
// Signature: header `intuit-signature` = base64(HMAC-SHA256(verifier token, raw body)), unchanged by the
//   CloudEvents move.
import { createHash, createHmac, randomUUID } from "node:crypto";

export type WebhookFormat = "cloudevents" | "legacy";

export type WebhookOperation = "Create" | "Update" | "Delete" | "Merge" | "Void" | "Emailed";

export interface EntityChange {
  realmId: string;
  /** Entity name as QuickBooks spells it: "Customer", "Invoice", "JournalEntry". */
  entity: string;
  id: string;
  operation: WebhookOperation;
  /** The object's MetaData.LastUpdatedTime, or epoch milliseconds. */
  lastUpdated: string | number;
  /** For Merge: the id of the object merged away. */
  deletedId?: string;
}

/** Intuit's CloudEvents verbs. "emailed" has no published example and is the emulator's guess. */
const VERBS: Record<WebhookOperation, string> = {
  Create: "created",
  Update: "updated",
  Delete: "deleted",
  Merge: "merged",
  Void: "voided",
  Emailed: "emailed",
};

export const CLOUDEVENTS_MAX_EVENTS = 100;

/**
 * Real legacy payloads carry `lastUpdated` in UTC with milliseconds ("2019-10-30T15:29:54.000Z",
 * captured payloads in public code, DETAILS.md §11), although Intuit's documented sample shows an
 * offset; receivers must parse both, and the emulator sends what the service sends.
 */
function isoTime(value: string | number): string {
  return typeof value === "number" ? new Date(value).toISOString() : toUtc(value);
}

/** One realm's changes as Intuit's legacy notification. */
export function legacyBody(realmId: string, changes: readonly EntityChange[]): string {
  return JSON.stringify({
    eventNotifications: [
      {
        realmId,
        dataChangeEvent: {
          entities: changes.map((c) => ({
            name: c.entity,
            id: c.id,
            operation: c.operation,
            lastUpdated: isoTime(c.lastUpdated),
            ...(c.deletedId !== undefined ? { deletedId: c.deletedId } : {}),
          })),
        },
      },
    ],
  });
}

/** The same changes as CloudEvents; ids are fresh uuids so receivers can de-duplicate retries by id. */
export function cloudEventsBody(realmId: string, changes: readonly EntityChange[]): string {
  const source = `intuit.${createHash("sha256").update(realmId).digest("base64")}`;
  return JSON.stringify(
    changes.map((c) => ({
      specversion: "1.0",
      id: randomUUID(),
      source,
      type: `qbo.${c.entity.toLowerCase()}.${VERBS[c.operation]}.v1`,
      datacontenttype: "application/json",
      time: isoTime(c.lastUpdated),
      intuitentityid: c.id,
      intuitaccountid: realmId,
      data: c.deletedId !== undefined ? { deletedId: c.deletedId } : {},
    })),
  );
}

/** CloudEvents `time` is RFC 3339 in UTC in Intuit's sample; keep the input when it does not parse. */
function toUtc(text: string): string {
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

export function sign(body: string, verifierToken: string): string {
  return createHmac("sha256", verifierToken).update(body).digest("base64");
}
