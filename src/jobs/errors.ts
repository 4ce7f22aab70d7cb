// Errors a job handler throws to tell the queue whether another attempt can help.

/** Retrying can not help (bad data, a refused request): the job fails now, whatever attempts remain. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/** Retry, but not before this delay (a rate limit's "try again in 60 seconds"). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "RetryLaterError";
  }
}

/**
 * The job cannot go on until a condition clears (conditions.ts) or a time passes: it waits, in state
 * `waiting`, without spending an attempt or its retry budget, and runs again when the condition is
 * cleared or at `until`. With a condition that is not (or no longer) set, it runs again at once.
 */
export class WaitError extends Error {
  readonly condition: string | undefined;
  readonly until: Date | undefined;
  constructor(message: string, options: { condition?: string; until?: Date; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.condition === undefined && options.until === undefined)
      throw new Error("WaitError needs a condition to wait on or a time to wait until");
    this.name = "WaitError";
    this.condition = options.condition;
    this.until = options.until;
  }
}

/** The text kept in job history: the message only, capped, never a stack or a request body. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
