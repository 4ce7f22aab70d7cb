// What the sync engine asks of an accounting provider (QuickBooks Online today; QuickBooks Desktop
// through the Web Connector later). The engine decides what to push, when, in which order, and keeps
// links, status and history; the provider turns a host record into its own object and talks to its
// service. Nothing here names a provider's JSON.

import type { NameChanges } from "#domain/remote-names.ts";

/** A remote object: its type in the provider's words ("Invoice"), id and version. */
export interface RemoteRef {
  type: string;
  id: string;
  version?: string | null | undefined;
}

/** What the engine learns of the remote company before pushing: its books' close date. */
export interface RemoteFacts {
  closeDate?: string | undefined;
}

/** What the provider may look up while planning a record: linked ids and other host records. */
export interface PlanLookups {
  /** The remote id of a host record already linked, or undefined. */
  idOf(collection: string, externalId: string): string | undefined;
  /** Another host record's data (an account's type, a tax code's rate), or undefined when absent. */
  hostRecord(collection: string, externalId: string): Record<string, unknown> | undefined;
}

export interface PlanProblem {
  /** missing_reference, unmapped_tax_code, no_default_account, … (the provider's vocabulary). */
  code: string;
  path: string;
  message: string;
  /** For a missing reference: the host record to push first. */
  reference?: { collection: string; externalId: string };
}

export type Plan =
  | { ok: true; remoteType: string; body: unknown; notes: string[] }
  | { ok: false; problems: PlanProblem[] };

/** Identifies a write so that a retried one is the same request to the provider (no second object). */
export interface WriteIdentity {
  companyId: string;
  recordId: number;
  generation: number;
}

export interface RemovalResult {
  /** What the provider did: made a name inactive, voided or deleted a transaction. */
  operation: "inactivate" | "void" | "delete";
  ref?: RemoteRef;
}

/**
 * How a provider reports a failure: a thrown error with `kind` (retryable, needs_user_action,
 * needs_reauthorization, defect), a short `code`, and for a duplicate name the remote id it collides
 * with. The engine reads these fields; any other error counts as a defect.
 */
export interface ProviderFailure {
  kind: "retryable" | "needs_user_action" | "needs_reauthorization" | "defect";
  code: string;
  message: string;
  duplicateOf?: string | undefined;
}

export interface SyncProvider {
  /** Stored with every link: "quickbooks_online". */
  readonly name: string;
  /**
   * Reads what planning needs of the remote company (its tax model, currency, tax codes, close date);
   * called before plan. `fresh` reads it again instead of answering what was read earlier.
   */
  prepare?(fresh?: boolean): Promise<RemoteFacts>;
  /** Whether records of this collection go to the provider at all. */
  handles(collection: string): boolean;
  /** Collections whose records are names: never deleted, made inactive; checked for duplicates first. */
  isName(collection: string): boolean;
  /** The record as the provider's object, or the problems that hold it. */
  plan(collection: string, data: Record<string, unknown>, lookups: PlanLookups): Plan;
  create(remoteType: string, body: unknown, write: WriteIdentity): Promise<RemoteRef>;
  update(ref: RemoteRef, body: unknown, write: WriteIdentity): Promise<RemoteRef>;
  remove(collection: string, ref: RemoteRef, write: WriteIdentity): Promise<RemovalResult>;
  /**
   * What changed in the provider's name lists since `since` (the provider's time of the last look), or
   * all of them when undefined: what keeps the engine's view of the lists up to date.
   */
  nameChanges(since: string | undefined): Promise<NameChanges>;
  /** The key a new name would have under the provider's uniqueness rule (`parentName` first for a sub-entry). */
  sameNameKey(remoteType: string, body: unknown, parentName?: string): string | undefined;
  /** The existing name a new one is named under (a sub-account's parent), if any. */
  parentOf?(remoteType: string, body: unknown): { type: string; id: string } | undefined;
}

export type { NameChanges, RemoteName } from "#domain/remote-names.ts";

export function providerFailureOf(error: unknown): ProviderFailure {
  if (typeof error === "object" && error !== null && "kind" in error && "code" in error) {
    const e = error as Partial<ProviderFailure> & { message?: unknown };
    const kinds = ["retryable", "needs_user_action", "needs_reauthorization", "defect"];
    if (typeof e.kind === "string" && kinds.includes(e.kind)) {
      return {
        kind: e.kind,
        code: String(e.code),
        message: typeof e.message === "string" ? e.message : String(e.code),
        duplicateOf: typeof e.duplicateOf === "string" ? e.duplicateOf : undefined,
      };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "defect", code: "defect", message };
}
