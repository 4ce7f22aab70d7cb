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

/** The text kept in job history: the message only, capped, never a stack or a request body. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
