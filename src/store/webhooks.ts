// Webhook endpoints a host registered, and the log of deliveries to them.
import type { Kysely } from "kysely";
import type { Tables, WebhookDeliveryStatus } from "./tables.ts";

type Db = Kysely<Tables>;

export interface WebhookEndpoint {
  id: string;
  companyId: string;
  url: string;
  events: string[] | null;
  createdAt: Date;
}

export interface WebhookDelivery {
  id: number;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export async function insertEndpoint(
  db: Db,
  input: { companyId: string; url: string; events: string[] | null },
): Promise<WebhookEndpoint> {
  const row = await db
    .insertInto("webhook_endpoints")
    .values({ company_id: input.companyId, url: input.url, events: input.events })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpoint(row);
}

export async function listEndpoints(db: Db, companyId: string): Promise<WebhookEndpoint[]> {
  const rows = await db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("company_id", "=", companyId)
    .orderBy("created_at")
    .execute();
  return rows.map(toEndpoint);
}

export async function getEndpoint(
  db: Db,
  companyId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("company_id", "=", companyId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

export async function deleteEndpoint(db: Db, companyId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("webhook_endpoints")
    .where("company_id", "=", companyId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** One delivery row per endpoint that hears this event type; answers the new deliveries' ids. */
export async function insertDeliveries(
  db: Db,
  input: { companyId: string; eventId: string; eventType: string; payload: Record<string, unknown> },
): Promise<number[]> {
  const endpoints = (await listEndpoints(db, input.companyId)).filter(
    (e) => e.events === null || e.events.includes(input.eventType),
  );
  if (endpoints.length === 0) return [];
  const rows = await db
    .insertInto("webhook_deliveries")
    .values(
      endpoints.map((e) => ({
        endpoint_id: e.id,
        company_id: input.companyId,
        event_id: input.eventId,
        event_type: input.eventType,
        payload: JSON.stringify(input.payload),
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function getDelivery(
  db: Db,
  id: number,
): Promise<(WebhookDelivery & { companyId: string; url: string }) | undefined> {
  const row = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_endpoints as e", "e.id", "d.endpoint_id")
    .selectAll("d")
    .select("e.url")
    .where("d.id", "=", id)
    .executeTakeFirst();
  return row ? { ...toDelivery(row), companyId: row.company_id, url: row.url } : undefined;
}

export async function recordAttempt(
  db: Db,
  id: number,
  attempt: { status: WebhookDeliveryStatus; statusCode: number | null; error: string | null },
): Promise<void> {
  await db
    .updateTable("webhook_deliveries")
    .set((eb) => ({
      status: attempt.status,
      attempts: eb("attempts", "+", 1),
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
      ...(attempt.status === "delivered" ? { delivered_at: new Date() } : {}),
    }))
    .where("id", "=", id)
    .execute();
}

export async function listDeliveries(db: Db, endpointId: string, limit = 100): Promise<WebhookDelivery[]> {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("endpoint_id", "=", endpointId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

function toEndpoint(row: {
  id: string;
  company_id: string;
  url: string;
  events: string[] | null;
  created_at: Date;
}): WebhookEndpoint {
  return {
    id: row.id,
    companyId: row.company_id,
    url: row.url,
    events: row.events,
    createdAt: row.created_at,
  };
}

function toDelivery(row: {
  id: number;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}): WebhookDelivery {
  return {
    id: Number(row.id),
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
