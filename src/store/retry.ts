// Transactions that PostgreSQL may abort because of other writers. A deadlock (40P01) or a
// serialization failure (40001) rolls the whole transaction back and is safe to run again from the
// start; Ledgerlink takes row locks in one order (by external id) so deadlocks should not happen, and
// this is the second line of defence: a client never sees one.
import type { Kysely } from "kysely";
import type { Database } from "./database.ts";
import type { Tables } from "./tables.ts";

const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 5;

export function isRetryableConflict(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code))
  );
}

/**
 * Runs `fn` in a transaction, again (up to five times in all, after a short random pause) when the
 * database aborts it for a deadlock or a serialization failure. `fn` must do nothing outside the
 * transaction that cannot be repeated.
 */
export async function transactionRetrying<T>(
  db: Database,
  fn: (trx: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
