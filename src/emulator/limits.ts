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

/** "ok" counts until `release`; anything else names the limit the request would break. */
export type Admission = "ok" | "rate" | "concurrency" | "batch";

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
  /** Most requests in flight at once since the last `resetPeaks`, counted even with limits off. */
  peakInFlight: number;
}

export interface Usage {
  key: string;
  inFlight: number;
  peakInFlight: number;
}

export class Limiter {
  readonly #byKey = new Map<string, Counters>();

  #counters(key: string): Counters {
    let c = this.#byKey.get(key);
    if (!c) {
      c = { requests: new Window(), batches: new Window(), inFlight: 0, peakInFlight: 0 };
      this.#byKey.set(key, c);
    }
    return c;
  }

  /**
   * Admits a request or names the limit it breaks. An admitted request counts in flight until
   * `release`, whether or not limits are enforced (so a test can read the peak); a refused one does
   * not count at all. The per-minute windows are kept only while limits are enforced.
   */
  admit(key: string, now: number, limits: Limits, isBatch: boolean): Admission {
    const c = this.#counters(key);
    if (limits.enabled) {
      if (c.inFlight >= limits.concurrentRequests) return "concurrency";
      if (c.requests.count(now) >= limits.requestsPerMinute) return "rate";
      if (isBatch && c.batches.count(now) >= limits.batchRequestsPerMinute) return "batch";
      c.requests.add(now);
      if (isBatch) c.batches.add(now);
    }
    c.inFlight++;
    if (c.inFlight > c.peakInFlight) c.peakInFlight = c.inFlight;
    return "ok";
  }

  release(key: string): void {
    const c = this.#byKey.get(key);
    if (c && c.inFlight > 0) c.inFlight--;
  }

  /** Requests in flight now and at most, per key. */
  usage(): Usage[] {
    return [...this.#byKey].map(([key, c]) => ({ key, inFlight: c.inFlight, peakInFlight: c.peakInFlight }));
  }

  resetPeaks(): void {
    for (const c of this.#byKey.values()) c.peakInFlight = c.inFlight;
  }

  /** Forgets every window (after limits change, so a test starts from a clean slate). */
  clear(): void {
    for (const c of this.#byKey.values()) {
      c.requests = new Window();
      c.batches = new Window();
    }
  }
}
