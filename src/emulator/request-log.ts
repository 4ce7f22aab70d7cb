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

/** A ring buffer: adding is O(1), so logging costs the same at any log size. */
export class RequestLog {
  readonly #entries: (LoggedRequest | undefined)[];
  #next = 0;
  #size = 0;

  constructor(capacity = 2000) {
    this.#entries = new Array(capacity);
  }

  add(entry: LoggedRequest): void {
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.#entries.length;
    if (this.#size < this.#entries.length) this.#size++;
  }

  /** Oldest first; filtered by company when a realm id is given; `limit` keeps the newest. */
  list(filter: { realmId?: string; limit?: number } = {}): LoggedRequest[] {
    const capacity = this.#entries.length;
    const start = (this.#next - this.#size + capacity) % capacity;
    const all: LoggedRequest[] = [];
    for (let i = 0; i < this.#size; i++) {
      const entry = this.#entries[(start + i) % capacity];
      if (entry && (!filter.realmId || entry.realmId === filter.realmId)) all.push(entry);
    }
    const limit = filter.limit ?? all.length;
    return all.slice(Math.max(0, all.length - limit));
  }

  clear(): void {
    this.#entries.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}
