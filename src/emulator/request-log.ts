// The emulator's record of recent data requests, served by the control API so a test can see what a
// client actually sent (requestid reuse, retries, minor versions) without a proxy.

export interface LoggedRequest {
  /** Epoch ms on the emulator clock. */
  at: number;
  method: string;
  /** Path and query string as received. */
  url: string;
  realmId?: string;
  clientId?: string;
  requestId?: string;
  status: number;
  /** First fault code of the response, when it was a fault. */
  faultCode?: string;
  /** What the emulator did beyond serving the request: "replayed", "throttled", "injected:serverError". */
  note?: string;
  durationMs: number;
  intuitTid: string;
}

export class RequestLog {
  readonly #entries: LoggedRequest[] = [];
  readonly #capacity: number;

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  add(entry: LoggedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
  }

  /** Newest last; filtered by company when a realm id is given. */
  list(filter: { realmId?: string; limit?: number } = {}): LoggedRequest[] {
    const rows = filter.realmId ? this.#entries.filter((e) => e.realmId === filter.realmId) : this.#entries;
    const limit = filter.limit ?? rows.length;
    return rows.slice(Math.max(0, rows.length - limit));
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
