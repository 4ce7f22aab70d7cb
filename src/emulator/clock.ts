// The emulator's clock. Every time the emulator reasons about (token expiry, MetaData timestamps,
// rate-limit windows, CDC look-back) comes from here, so tests can move time forward through the
// control API instead of waiting. Time only moves forward: a clock that jumped back would let an
// expired token come back to life.

export class Clock {
  #offsetMs = 0;
  readonly #source: () => number;

  constructor(source: () => number = Date.now) {
    this.#source = source;
  }

  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number {
    return this.#source() + this.#offsetMs;
  }

  /** How far the clock runs ahead of real time, in milliseconds. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the clock only moves forward");
    this.#offsetMs += ms;
  }

  /** Restores a persisted offset; never moves the clock back behind real time. */
  restoreOffset(ms: number): void {
    if (Number.isFinite(ms) && ms > this.#offsetMs) this.#offsetMs = ms;
  }
}
