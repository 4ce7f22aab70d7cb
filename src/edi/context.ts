// What the EDI flows need from the process that runs them.
import type { Database } from "#store/database.ts";

export interface EdiContext {
  db: Database;
  /** The key that seals transport secrets; read when first needed, so folder-only setups never need one. */
  secretKey: () => Buffer;
  /** The clock, so tests can move it (overdue acknowledgments). */
  now?: () => Date;
}

export const nowOf = (ctx: EdiContext): Date => ctx.now?.() ?? new Date();
