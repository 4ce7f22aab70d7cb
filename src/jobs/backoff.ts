// Exponential backoff with jitter: attempt n waits about base × 2^(n-1), capped, and spread over the
// upper half of that window so jobs failing together (an outage) do not all return at the same moment.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 60 * 60 * 1000 } as const;

/** Delay before the next attempt after `attempt` (1-based) failed; `random` in [0, 1). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const max = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
