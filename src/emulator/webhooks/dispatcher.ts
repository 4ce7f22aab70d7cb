// Delivers change notifications to each app's webhook endpoint, as Intuit's delivery system does
// (Intuit, "Webhooks best practices" and blog 2024-12-02 "Introducing our new webhooks page"):
// - only apps with a valid connection to the company receive its events;
// - events are queued per app and company, grouped into one notification and sent in order;
// - the endpoint must answer HTTP 200 within 3 seconds, otherwise the same notification is retried after
//   10 s, 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h and then every 6 h; later events wait until the
//   earlier ones are acknowledged ("You may not receive subsequent events ... until you correctly
//   acknowledge the first event").
// Production aggregates for 1, 3 or 5 minutes, the sandbox "near real time"; the emulator batches what
// arrives within `batchWindowMs` (default 250 ms). Retry delays run on real timers, not on the emulator
// clock: moving the clock forward does not fire them, `flush()` does.
import {
  CLOUDEVENTS_MAX_EVENTS,
  cloudEventsBody,
  type EntityChange,
  legacyBody,
  sign,
  type WebhookFormat,
} from "./payload.ts";

export const INTUIT_RETRY_DELAYS_MS: readonly number[] = [
  10_000,
  20_000,
  30_000,
  5 * 60_000,
  20 * 60_000,
  2 * 3600_000,
  4 * 3600_000,
  6 * 3600_000,
];

/** What the dispatcher needs from the app registry (the core's AppRegistry satisfies it). */
export interface WebhookApps {
  withWebhooks(): readonly {
    clientId: string;
    webhook: { url: string; verifierToken: string; format?: WebhookFormat };
  }[];
}

export interface DeliveryRecord {
  clientId: string;
  realmId: string;
  url: string;
  format: WebhookFormat;
  events: number;
  attempt: number;
  /** HTTP status, or undefined when the request failed (refused, timed out). */
  status?: number;
  error?: string;
  delivered: boolean;
  /** Wall-clock time of the attempt, epoch ms. */
  at: number;
}

export interface WebhookDispatcherOptions {
  apps: WebhookApps;
  /** Whether an app holds a live connection to a company; without it every app with an endpoint hears. */
  isConnected?: (clientId: string, realmId: string) => boolean;
  /** Default body format for apps that do not choose one. */
  format?: WebhookFormat;
  batchWindowMs?: number;
  /** Delays before each retry; the last one repeats for ever. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  /** How many delivery records `deliveries()` keeps. */
  historySize?: number;
  fetch?: typeof fetch;
}

interface Batch {
  changes: EntityChange[];
  body: string;
  attempt: number;
  retryTimer?: NodeJS.Timeout;
}

interface Channel {
  clientId: string;
  realmId: string;
  url: string;
  verifierToken: string;
  format: WebhookFormat;
  queued: EntityChange[];
  batchTimer?: NodeJS.Timeout;
  /** The notification being sent or waiting to be retried; later events wait behind it. */
  current?: Batch;
  sending?: Promise<void>;
}

export class WebhookDispatcher {
  readonly #opts: Required<Omit<WebhookDispatcherOptions, "isConnected">> &
    Pick<WebhookDispatcherOptions, "isConnected">;
  readonly #channels = new Map<string, Channel>();
  readonly #history: DeliveryRecord[] = [];
  #closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#opts = {
      format: "cloudevents",
      batchWindowMs: 250,
      retryDelaysMs: INTUIT_RETRY_DELAYS_MS,
      timeoutMs: 3000,
      historySize: 200,
      fetch: globalThis.fetch,
      ...options,
    };
  }

  /** Queues a change for every app connected to the company that has an endpoint. */
  notify(change: EntityChange): void {
    if (this.#closed) return;
    for (const app of this.#opts.apps.withWebhooks()) {
      if (this.#opts.isConnected && !this.#opts.isConnected(app.clientId, change.realmId)) continue;
      const channel = this.#channel(app.clientId, change.realmId, app.webhook);
      channel.queued.push(change);
      this.#schedule(channel);
    }
  }

  /**
   * Sends everything queued now, retries every notification waiting for a retry now, and resolves once
   * each channel has nothing left to send or is waiting on a failed endpoint again.
   */
  async flush(): Promise<void> {
    for (;;) {
      const work: Promise<void>[] = [];
      for (const channel of this.#channels.values()) {
        if (channel.sending) work.push(channel.sending);
        else if (channel.current || channel.queued.length > 0) {
          clearTimeout(channel.batchTimer);
          channel.batchTimer = undefined;
          clearTimeout(channel.current?.retryTimer);
          work.push(this.#send(channel));
        }
      }
      if (work.length === 0) return;
      await Promise.all(work);
      // Stop when every remaining channel is only waiting to retry a failed endpoint.
      const progress = [...this.#channels.values()].some((c) => !c.current && c.queued.length > 0);
      if (!progress) return;
    }
  }

  /** Stops all timers and drops what is undelivered; waits for requests already on the wire. */
  async close(): Promise<void> {
    this.#closed = true;
    const sending: Promise<void>[] = [];
    for (const channel of this.#channels.values()) {
      clearTimeout(channel.batchTimer);
      clearTimeout(channel.current?.retryTimer);
      if (channel.sending) sending.push(channel.sending);
    }
    await Promise.all(sending);
    this.#channels.clear();
  }

  /** Recent delivery attempts, oldest first. */
  deliveries(): readonly DeliveryRecord[] {
    return [...this.#history];
  }

  /** Changes not yet acknowledged, per app and company. */
  pending(): { clientId: string; realmId: string; events: number }[] {
    return [...this.#channels.values()]
      .map((c) => ({
        clientId: c.clientId,
        realmId: c.realmId,
        events: c.queued.length + (c.current?.changes.length ?? 0),
      }))
      .filter((p) => p.events > 0);
  }

  #channel(
    clientId: string,
    realmId: string,
    webhook: { url: string; verifierToken: string; format?: WebhookFormat },
  ): Channel {
    const key = `${clientId}\u0000${realmId}`;
    let channel = this.#channels.get(key);
    if (!channel) {
      channel = {
        clientId,
        realmId,
        url: webhook.url,
        verifierToken: webhook.verifierToken,
        format: webhook.format ?? this.#opts.format,
        queued: [],
      };
      this.#channels.set(key, channel);
    } else {
      // The endpoint may have been re-registered since; new notifications follow the registration.
      channel.url = webhook.url;
      channel.verifierToken = webhook.verifierToken;
      channel.format = webhook.format ?? this.#opts.format;
    }
    return channel;
  }

  #schedule(channel: Channel): void {
    if (channel.batchTimer || channel.current || channel.sending || this.#closed) return;
    channel.batchTimer = setTimeout(() => {
      channel.batchTimer = undefined;
      void this.#send(channel);
    }, this.#opts.batchWindowMs);
    channel.batchTimer.unref();
  }

  #send(channel: Channel): Promise<void> {
    if (channel.sending) return channel.sending;
    if (!channel.current) {
      const limit = channel.format === "cloudevents" ? CLOUDEVENTS_MAX_EVENTS : channel.queued.length;
      const changes = channel.queued.splice(0, limit);
      if (changes.length === 0) return Promise.resolve();
      const body =
        channel.format === "cloudevents"
          ? cloudEventsBody(channel.realmId, changes)
          : legacyBody(channel.realmId, changes);
      channel.current = { changes, body, attempt: 0 };
    }
    const batch = channel.current;
    channel.sending = this.#attempt(channel, batch).finally(() => {
      channel.sending = undefined;
    });
    return channel.sending;
  }

  async #attempt(channel: Channel, batch: Batch): Promise<void> {
    batch.attempt++;
    const record: DeliveryRecord = {
      clientId: channel.clientId,
      realmId: channel.realmId,
      url: channel.url,
      format: channel.format,
      events: batch.changes.length,
      attempt: batch.attempt,
      delivered: false,
      at: Date.now(),
    };
    try {
      const res = await this.#opts.fetch(channel.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "intuit-signature": sign(batch.body, channel.verifierToken),
        },
        body: batch.body,
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
      });
      record.status = res.status;
      // Drain the body so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      record.delivered = res.status === 200;
    } catch (e) {
      record.error = e instanceof Error ? e.message : String(e);
    }
    this.#remember(record);
    if (this.#closed) return;
    if (record.delivered) {
      channel.current = undefined;
      if (channel.queued.length > 0) this.#schedule(channel);
      return;
    }
    const delays = this.#opts.retryDelaysMs;
    const delay = delays[Math.min(batch.attempt - 1, delays.length - 1)] ?? 6 * 3600_000;
    batch.retryTimer = setTimeout(() => {
      batch.retryTimer = undefined;
      void this.#send(channel);
    }, delay);
    batch.retryTimer.unref();
  }

  #remember(record: DeliveryRecord): void {
    this.#history.push(record);
    if (this.#history.length > this.#opts.historySize)
      this.#history.splice(0, this.#history.length - this.#opts.historySize);
  }
}
