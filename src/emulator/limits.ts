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

/**
 * Request times in the last minute, oldest first: (now - 60 s, now]. A head index instead of
 * shifting keeps each call amortised O(1) even with hundreds of thousands of requests a minute.
 */
class Window {
  #times: number[] = [];
  #head = 0;
  count(now: number): number {
    const times = this.#times;
    while (this.#head < times.length && (times[this.#head] ?? 0) <= now - WINDOW_MS) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > times.length) {
      times.splice(0, this.#head);
      this.#head = 0;
    }
    return times.length - this.#head;
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
  /** Every request that reached the limiter in the last minute, admitted or throttled. */
  seen: Window;
  /** Most requests in any 60-second window since the last `resetPeaks`. */
  peakPerMinute: number;
  /** Requests seen and requests refused with 429, since the last `resetPeaks`. */
  total: number;
  throttled: number;
}

export interface Usage {
  key: string;
  inFlight: number;
  peakInFlight: number;
  peakPerMinute: number;
  requests: number;
  throttled: number;
}

export class Limiter {
  readonly #byKey = new Map<string, Counters>();

  #counters(key: string): Counters {
    let c = this.#byKey.get(key);
    if (!c) {
      c = {
        requests: new Window(),
        batches: new Window(),
        inFlight: 0,
        peakInFlight: 0,
        seen: new Window(),
        peakPerMinute: 0,
        total: 0,
        throttled: 0,
      };
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
    // Usage counts every request a client sent, throttled ones too: it is what a test reads to prove
    // that the client kept itself under the limits. The peak over any 60-second window is exact: the
    // busiest window always ends at some request, and each request updates the count ending at it.
    c.total++;
    c.seen.add(now);
    const lastMinute = c.seen.count(now);
    if (lastMinute > c.peakPerMinute) c.peakPerMinute = lastMinute;
    const refusal = limits.enabled ? this.#refusal(c, now, limits, isBatch) : undefined;
    if (refusal) {
      c.throttled++;
      return refusal;
    }
    if (limits.enabled) {
      c.requests.add(now);
      if (isBatch) c.batches.add(now);
    }
    c.inFlight++;
    if (c.inFlight > c.peakInFlight) c.peakInFlight = c.inFlight;
    return "ok";
  }

  #refusal(c: Counters, now: number, limits: Limits, isBatch: boolean): Admission | undefined {
    if (c.inFlight >= limits.concurrentRequests) return "concurrency";
    if (c.requests.count(now) >= limits.requestsPerMinute) return "rate";
    if (isBatch && c.batches.count(now) >= limits.batchRequestsPerMinute) return "batch";
    return undefined;
  }

  release(key: string): void {
    const c = this.#byKey.get(key);
    if (c && c.inFlight > 0) c.inFlight--;
  }

  /** Per key: requests in flight now and at most, the busiest minute, totals. */
  usage(): Usage[] {
    return [...this.#byKey].map(([key, c]) => ({
      key,
      inFlight: c.inFlight,
      peakInFlight: c.peakInFlight,
      peakPerMinute: c.peakPerMinute,
      requests: c.total,
      throttled: c.throttled,
    }));
  }

  /** Starts the peaks and totals again; requests still in flight keep counting. */
  resetPeaks(): void {
    for (const c of this.#byKey.values()) {
      c.peakInFlight = c.inFlight;
      c.seen = new Window();
      c.peakPerMinute = 0;
      c.total = 0;
      c.throttled = 0;
    }
  }

  /** Forgets every window (after limits change, so a test starts from a clean slate). */
  clear(): void {
    for (const c of this.#byKey.values()) {
      c.requests = new Window();
      c.batches = new Window();
    }
  }
}
