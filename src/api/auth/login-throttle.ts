// Slows password guessing: after too many failed sign-ins for one username from one address, further
// attempts are refused for a while. Kept in memory: it protects one process, which is where the web
// app signs in; a restart forgets it, which only helps the legitimate user.
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  now?: () => number;
}

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #options: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions) {
    this.#options = { now: Date.now, ...options };
  }

  /** Milliseconds until another attempt is allowed; 0 when it is allowed now. */
  retryAfterMs(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.#options.maxFailures) return 0;
    const oldest = recent[0] ?? this.#options.now();
    return Math.max(0, oldest + this.#options.windowMs - this.#options.now());
  }

  recordFailure(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#options.now());
    this.#failures.set(key, recent);
    // Bound memory under a flood of distinct usernames.
    if (this.#failures.size > 10_000) {
      const first = this.#failures.keys().next().value;
      if (first !== undefined) this.#failures.delete(first);
    }
  }

  recordSuccess(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#options.now() - this.#options.windowMs;
    return (this.#failures.get(key) ?? []).filter((t) => t > since);
  }
}
