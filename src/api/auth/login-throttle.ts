// Slows password guessing: after too many sign-ins for one username from one address within the window,
// further attempts are refused until the oldest leaves it. An attempt is counted before its password is
// checked, in the same synchronous step that decides whether it may go ahead, so a burst of simultaneous
// guesses gets at most the limit evaluated; a correct password clears the count.
//
// Kept in memory: it protects one process, which is where the web app signs in; a restart forgets it,
// which only helps the legitimate user. Memory is bounded: past `maxEntries` names, an entry whose
// attempts have all left the window goes first, else the one with the fewest attempts among the oldest,
// so a flood of other names (one guess each) never frees a name under attack.
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  maxEntries?: number;
  now?: () => number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  /** Attempt times per key, oldest first; a Map keeps insertion order, oldest key first. */
  readonly #attempts = new Map<string, number[]>();
  readonly #options: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions) {
    this.#options = { now: Date.now, maxEntries: 10_000, ...options };
  }

  /**
   * Decides whether an attempt may go ahead and, when it may, counts it at once: call it before the
   * password is checked, without awaiting anything in between.
   */
  admit(key: string): Admission {
    const now = this.#options.now();
    const recent = this.#recent(key, now);
    if (recent.length >= this.#options.maxFailures) {
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterMs: Math.max(1, oldest + this.#options.windowMs - now) };
    }
    recent.push(now);
    // Re-inserted, so the key moves to the young end of the map.
    this.#attempts.delete(key);
    this.#attempts.set(key, recent);
    this.#bound(now);
    return { allowed: true };
  }

  /** Milliseconds until another attempt is allowed; 0 when it is allowed now. Counts nothing. */
  retryAfterMs(key: string): number {
    const now = this.#options.now();
    const recent = this.#recent(key, now);
    if (recent.length < this.#options.maxFailures) return 0;
    return Math.max(1, (recent[0] ?? now) + this.#options.windowMs - now);
  }

  /** The attempt was the right password: its name starts afresh. */
  recordSuccess(key: string): void {
    this.#attempts.delete(key);
  }

  /** Forgets one key's attempts (an administrator clearing a lockout). */
  clear(key: string): void {
    this.#attempts.delete(key);
  }

  /**
   * Forgets a user name's attempts from every address (`ledgerlink user unlock NAME`); returns how many
   * addresses it was counted from. Keys are `name|address`, the name lower-cased.
   */
  clearName(username: string): number {
    const prefix = `${username.toLowerCase()}|`;
    let cleared = 0;
    for (const key of [...this.#attempts.keys()]) {
      if (key.startsWith(prefix)) {
        this.#attempts.delete(key);
        cleared++;
      }
    }
    return cleared;
  }

  get size(): number {
    return this.#attempts.size;
  }

  #recent(key: string, now: number): number[] {
    const since = now - this.#options.windowMs;
    return (this.#attempts.get(key) ?? []).filter((t) => t > since);
  }

  #bound(now: number): void {
    if (this.#attempts.size <= this.#options.maxEntries) return;
    const since = now - this.#options.windowMs;
    // Among the oldest entries, the one with the fewest attempts in the window goes (the youngest of
    // equals); an expired one goes at once. A flood of new names, one guess each, so always evicts its
    // own entries before a name with more guesses against it.
    let victim: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    let scanned = 0;
    for (const [key, times] of this.#attempts) {
      const live = times.filter((t) => t > since).length;
      if (live === 0) {
        this.#attempts.delete(key);
        return;
      }
      if (live <= fewest) {
        fewest = live;
        victim = key;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    if (victim !== undefined) this.#attempts.delete(victim);
  }
}

/** Entries looked at, oldest first, to choose one to drop when the throttle is full. */
const EVICTION_SCAN = 64;
