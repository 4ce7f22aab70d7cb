// Host webhooks: a host registers a URL and a secret, and Ledgerlink tells it what happened to its
// records — pushed (`record.synced`), refused (`record.failed`), not sent (`record.held`), or made by
// Ledgerlink (`record.created`, an EDI order for instance). Each event is a signed POST, retried with
// backoff by the queue until the endpoint answers 2xx, with every attempt in a delivery log. The
// change feed stays the way to catch up on anything missed.
import { createHmac, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { WebhookErrorCode } from "#domain/errors.ts";
import { err, type FieldIssue, ok, type Result } from "#domain/result.ts";
import { enqueueMany } from "#jobs/enqueue.ts";
import type { ClaimedJob, JobHandler } from "#jobs/worker.ts";
import { deleteSecret, readSecret, saveSecret } from "#secrets/index.ts";
import { isUuid } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import type { Tables } from "#store/tables.ts";
import {
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  insertDeliveries,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  recordAttempt,
  type WebhookDelivery,
  type WebhookEndpoint,
} from "#store/webhooks.ts";

type Db = Kysely<Tables>;

export const WEBHOOK_EVENTS = ["record.synced", "record.failed", "record.held", "record.created"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The job that delivers one event to one endpoint. */
export const WEBHOOK_DELIVER = "webhook.deliver";
/** Attempts before a delivery is given up (the queue's backoff spreads them over about a day). */
const MAX_ATTEMPTS = 12;
/** A slow endpoint holds a worker this long at most. */
const TIMEOUT_MS = 10_000;

const secretName = (endpointId: string) => `webhook.${endpointId}.secret`;

export const WebhookRegistration = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: "must be an http or https URL" })
    .max(2000, "must be at most 2000 characters"),
  secret: z.string().min(16, "must be at least 16 characters").max(200, "must be at most 200 characters"),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).optional(),
});

export interface EndpointView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

function view(e: WebhookEndpoint): EndpointView {
  return {
    id: e.id,
    url: e.url,
    events: e.events ?? [...WEBHOOK_EVENTS],
    createdAt: e.createdAt.toISOString(),
  };
}

export async function registerWebhook(
  db: Database,
  secretKey: Buffer,
  companyId: string,
  body: unknown,
): Promise<Result<EndpointView, WebhookErrorCode>> {
  const parsed = WebhookRegistration.safeParse(body);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.length ? `/${i.path.join("/")}` : "",
      message: i.message,
    }));
    return err("invalid_webhook", "The webhook is not valid.", issues);
  }
  const endpoint = await db.kysely.transaction().execute(async (trx) => {
    const created = await insertEndpoint(trx, {
      companyId,
      url: parsed.data.url,
      events: parsed.data.events ?? null,
    });
    await saveSecret(trx, secretKey, { companyId, name: secretName(created.id), value: parsed.data.secret });
    return created;
  });
  return ok(view(endpoint));
}

export async function listWebhooks(db: Db, companyId: string): Promise<EndpointView[]> {
  return (await listEndpoints(db, companyId)).map(view);
}

export async function removeWebhook(
  db: Db,
  companyId: string,
  id: string,
): Promise<Result<null, WebhookErrorCode>> {
  if (!isUuid(id) || !(await deleteEndpoint(db, companyId, id)))
    return err("webhook_not_found", "No such webhook.");
  await deleteSecret(db, { companyId, name: secretName(id) });
  return ok(null);
}

export async function webhookDeliveries(
  db: Db,
  companyId: string,
  id: string,
): Promise<
  Result<{ deliveries: Array<Omit<WebhookDelivery, "payload"> & { payload?: unknown }> }, WebhookErrorCode>
> {
  if (!isUuid(id) || !(await getEndpoint(db, companyId, id)))
    return err("webhook_not_found", "No such webhook.");
  return ok({ deliveries: await listDeliveries(db, id) });
}

/**
 * Records an event for every endpoint of the company that hears it, and queues its deliveries, in the
 * caller's transaction when given one.
 */
export async function emitEvent(
  db: Db,
  companyId: string,
  type: WebhookEvent,
  data: Record<string, unknown>,
): Promise<void> {
  const eventId = randomUUID();
  const payload = { id: eventId, type, createdAt: new Date().toISOString(), companyId, data };
  const ids = await insertDeliveries(db, { companyId, eventId, eventType: type, payload });
  if (ids.length === 0) return;
  await enqueueMany(
    db,
    ids.map((id) => ({
      companyId,
      type: WEBHOOK_DELIVER,
      payload: { deliveryId: id },
      maxAttempts: MAX_ATTEMPTS,
    })),
  );
}

/**
 * `Ledgerlink-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`: the
 * receiver recomputes it and compares in constant time, and refuses old timestamps to stop replays.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export interface WebhookDeps {
  /** Read when a delivery is first signed (a process with no webhooks never needs the key). */
  readonly secretKey: Buffer;
  fetch?: typeof fetch;
}

export function webhookJobHandlers(deps: WebhookDeps): Record<string, JobHandler> {
  return {
    [WEBHOOK_DELIVER]: async (job: ClaimedJob<{ deliveryId: number }>, ctx) => {
      const db = ctx.db.kysely;
      const delivery = await getDelivery(db, job.payload.deliveryId);
      if (!delivery) return undefined; // the endpoint was removed
      const secret = await readSecret(db, deps.secretKey, {
        companyId: delivery.companyId,
        name: secretName(delivery.endpointId),
      });
      if (secret === undefined) return undefined;
      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const res = await (deps.fetch ?? fetch)(delivery.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Ledgerlink-Webhooks/1",
            "ledgerlink-event-id": delivery.eventId,
            "ledgerlink-event-type": delivery.eventType,
            "ledgerlink-signature": signature(secret, timestamp, body),
          },
          body,
          signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(TIMEOUT_MS)]),
          redirect: "manual",
        });
        statusCode = res.status;
        await res.body?.cancel().catch(() => {});
        if (res.ok) {
          await recordAttempt(db, delivery.id, { status: "delivered", statusCode, error: null });
          return { counts: { delivered: 1 } };
        }
        error = `the endpoint answered ${res.status}`;
      } catch (e) {
        error = `no answer: ${(e as Error).message}`;
      }
      const last = job.maxAttempts !== null && job.attempt >= job.maxAttempts;
      await recordAttempt(db, delivery.id, { status: last ? "failed" : "pending", statusCode, error });
      throw new Error(error);
    },
  };
}
