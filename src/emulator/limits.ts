// Intuit's throttles, per company and app: requests per minute, requests in flight, batch requests per
// minute. Windows are measured on the emulator clock, so moving the clock forward also ends a
// throttle, as waiting the minute out would.

export interface Limits {
  /** False turns every throttle off (benchmarks, bulk tests). */
  enabled: boolean;
  requestsPerMinute: number;
  concurrentRequests: number;
  batchRequestsPerMinute: number;
}

/** Intuit's published limits (limits-and-throttles page; concurrency from the 2016 blog). */
export const INTUIT_LIMITS: Limits = {
  enabled: true,
  requestsPerMinute: 500,
  concurrentRequests: 10,
  batchRequestsPerMinute: 40,
};

/** "ok" counts until `release`; "unlimited" (limits off) does not and needs no release. */
export type Admission = "ok" | "unlimited" | "rate" | "concurrency" | "batch";

const WINDOW_MS = 60_000;

class Window {
  #times: number[] = [];
  count(now: number): number {
    const times = this.#times;
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= now - WINDOW_MS) drop++;
    if (drop > 0) times.splice(0, drop);
    return times.length;
  }
  add(now: number): void {
    this.#times.push(now);
  }
}

interface Counters {
  requests: Window;
  batches: Window;
  inFlight: number;
}

export class Limiter {
  readonly #byKey = new Map<string, Counters>();

  #counters(key: string): Counters {
    let c = this.#byKey.get(key);
    if (!c) {
      c = { requests: new Window(), batches: new Window(), inFlight: 0 };
      this.#byKey.set(key, c);
    }
    return c;
  }

  /**
   * Admits a request or names the limit it breaks. An admitted request counts against the limits
   * until `release`; a refused one does not count at all.
   */
  admit(key: string, now: number, limits: Limits, isBatch: boolean): Admission {
    if (!limits.enabled) return "unlimited";
    const c = this.#counters(key);
    if (c.inFlight >= limits.concurrentRequests) return "concurrency";
    if (c.requests.count(now) >= limits.requestsPerMinute) return "rate";
    if (isBatch && c.batches.count(now) >= limits.batchRequestsPerMinute) return "batch";
    c.requests.add(now);
    if (isBatch) c.batches.add(now);
    c.inFlight++;
    return "ok";
  }

  release(key: string): void {
    const c = this.#byKey.get(key);
    if (c && c.inFlight > 0) c.inFlight--;
  }

  /** Forgets every window (after limits change, so a test starts from a clean slate). */
  clear(): void {
    for (const c of this.#byKey.values()) {
      c.requests = new Window();
      c.batches = new Window();
    }
  }
}
