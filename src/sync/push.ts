// Pushing one host record to the provider: decide whether it goes (switches, accounting controls,
// unchanged content), push what it references first, never create a second copy of a name, write
// with a request identity that makes a retried write the same write, and record the link, the
// record's status and a history row for every attempt.
import type { Kysely } from "kysely";
import type { SyncStatus } from "#domain/sync-status.ts";
import { RetryLaterError, WaitError } from "#jobs/errors.ts";
import { getRecord, type StoredRecord } from "#store/records.ts";
import {
  recordOfRemote,
  recordPushOutcome,
  recordWithLink,
  referencesOf,
  setLinkStatus,
} from "#store/sync-links.ts";
import type { Tables } from "#store/tables.ts";
import { connectionCondition } from "./connection-app.ts";
import { type AccountingControls, closedBooksMessage, controlDecision } from "./controls.ts";
import { nameCollision, sameNameInBooks } from "./names.ts";
import {
  type Plan,
  type PlanLookups,
  providerFailureOf,
  type RemoteFacts,
  type RemoteRef,
  type SyncProvider,
} from "./provider.ts";
import { isPushObject, type PushObject } from "./switches.ts";
import { holdForConnection } from "./tokens.ts";

export interface PushSettings {
  switches: ReadonlySet<PushObject>;
  controls(collection: string, remote: RemoteFacts): AccountingControls;
}

export interface PushDeps {
  db: Kysely<Tables>;
  provider: SyncProvider;
  settings: PushSettings;
}

export interface RecordKey {
  companyId: string;
  collection: string;
  externalId: string;
}

export type PushOutcomeKind = "synced" | "linked" | "unchanged" | "held" | "failed" | "skipped";

export interface PushResult {
  outcome: PushOutcomeKind;
  status?: SyncStatus;
  message?: string;
  /** The record version this attempt was about, and its remote id after it (when an attempt was recorded). */
  version?: number;
  remoteId?: string | null;
}

/** A retryable failure is tried again after this long (the client has already retried with backoff). */
const RETRY_AFTER_MS = 30_000;

/** How deep "push what it references first" goes: an invoice → its customer → the customer's parent… */
const MAX_DEPTH = 6;

/**
 * Terms have no switch of their own: they go when a customer or vendor that uses them goes. Terms and
 * accounts also go when a record being pushed refers to them (a bill's GL split, a customer's terms).
 */
function switchedOn(collection: string, switches: ReadonlySet<PushObject>, asDependency: boolean): boolean {
  if (isPushObject(collection) && switches.has(collection)) return true;
  if (asDependency && (collection === "terms" || collection === "accounts")) return true;
  if (collection === "terms") return switches.has("customers") || switches.has("vendors");
  return false;
}

export async function pushRecord(
  deps: PushDeps,
  key: RecordKey,
  trigger: "change" | "export" = "change",
  path: readonly string[] = [],
): Promise<PushResult> {
  const { db, provider, settings } = deps;
  if (!provider.handles(key.collection)) return { outcome: "skipped" };
  const found = await recordWithLink(db, key, provider.name);
  if (found === undefined) return { outcome: "skipped" };
  const { record, link } = found;

  if (!switchedOn(key.collection, settings.switches, path.length > 0)) {
    // Not pushed: a copy already in the books is now behind the host.
    if (link?.status === "synced" && link.pushedHash !== record.hash) {
      await setLinkStatus(db, key.companyId, provider.name, [record.id], "edited_since");
      return { outcome: "skipped", status: "edited_since" };
    }
    return { outcome: "skipped" };
  }
  const write = { companyId: key.companyId, recordId: record.id, generation: link?.generation ?? 0 };
  const held = (reason: string, message: string, operation = "check") =>
    recordPushOutcome(db, {
      recordId: record.id,
      companyId: key.companyId,
      provider: provider.name,
      operation,
      outcome: "held",
      status: "held",
      reason,
      code: reason,
      message,
    }).then(
      (l): PushResult => ({
        outcome: "held",
        status: "held",
        message,
        version: record.version,
        remoteId: l.remoteId,
      }),
    );

  if (record.deletedAt !== null) {
    if (!link?.remoteId || !link.remoteType) return { outcome: "skipped" };
    const ref: RemoteRef = { type: link.remoteType, id: link.remoteId, version: link.remoteVersion };
    try {
      const removed = await provider.remove(key.collection, ref, write);
      const l = await recordPushOutcome(db, {
        recordId: record.id,
        companyId: key.companyId,
        provider: provider.name,
        operation: removed.operation,
        outcome: "synced",
        status: "synced",
        reason: "deleted",
        remote: removed.ref ?? ref,
        pushed: { version: record.version, hash: record.hash },
        message: `${removed.operation === "inactivate" ? "made inactive" : removed.operation === "void" ? "voided" : "deleted"} in the books`,
      });
      return { outcome: "synced", status: "synced", version: record.version, remoteId: l.remoteId };
    } catch (error) {
      return failed(deps, record, key, "delete", error, undefined);
    }
  }

  if (link?.status === "synced" && link.pushedHash === record.hash)
    return { outcome: "unchanged", status: "synced" };

  let facts: RemoteFacts = {};
  try {
    facts = (await provider.prepare?.()) ?? {};
  } catch (error) {
    return failed(deps, record, key, "prepare", error, undefined);
  }
  const decision = controlDecision(
    record.data as { date?: string; locked?: boolean },
    settings.controls(key.collection, facts),
    trigger,
  );
  if (!decision.push) return held(decision.reason, decision.message);

  let plan = await planWithLookups(deps, key.companyId, key.collection, record.data);
  if (!plan.ok) {
    // What it references goes first; other problems hold the record until the user acts.
    const missing = plan.problems.filter((p) => p.code === "missing_reference" && p.reference);
    const others = plan.problems.filter((p) => !missing.includes(p));
    if (others.length > 0) {
      return held(others[0]?.code ?? "problem", others.map((p) => `${p.path}: ${p.message}`).join("; "));
    }
    const here = `${key.collection}/${key.externalId}`;
    for (const problem of missing) {
      const ref = problem.reference as { collection: string; externalId: string };
      const name = `${ref.collection}/${ref.externalId}`;
      if (path.includes(name) || path.length >= MAX_DEPTH) {
        return held("missing_reference", `${problem.path}: ${name} refers back to ${here}; push it by hand`);
      }
      const dependency = await pushRecord(deps, { companyId: key.companyId, ...ref }, trigger, [
        ...path,
        here,
      ]);
      if (dependency.outcome === "skipped") {
        const exists = await getRecord(db, { companyId: key.companyId, ...ref });
        const why =
          exists === undefined || exists.deletedAt !== null
            ? `${problem.path}: ${name} does not exist in the host`
            : `${problem.path}: ${name} is not pushed (turn on its kind of record)`;
        return held("missing_reference", why);
      }
      if (dependency.status !== "synced") {
        return held(
          "waiting_for_reference",
          `${problem.path}: waits for ${name}: ${dependency.message ?? dependency.status}`,
        );
      }
    }
    plan = await planWithLookups(deps, key.companyId, key.collection, record.data);
    if (!plan.ok)
      return held(
        plan.problems[0]?.code ?? "problem",
        plan.problems.map((p) => `${p.path}: ${p.message}`).join("; "),
      );
  }

  const pushed = { version: record.version, hash: record.hash };
  const done = (operation: string, outcome: "synced" | "linked", remote: RemoteRef, message?: string) =>
    recordPushOutcome(db, {
      recordId: record.id,
      companyId: key.companyId,
      provider: provider.name,
      operation,
      outcome,
      status: "synced",
      sent: plan.ok ? plan.body : undefined,
      remote: { type: remote.type, id: remote.id, version: remote.version ?? null },
      pushed,
      message: message ?? (plan.ok && plan.notes.length > 0 ? plan.notes.join("; ") : null),
    }).then(
      (l): PushResult => ({ outcome, status: "synced", version: record.version, remoteId: l.remoteId }),
    );

  const body = plan.body;
  try {
    if (link?.remoteId && link.remoteType) {
      const ref = await provider.update(
        { type: link.remoteType, id: link.remoteId, version: link.remoteVersion },
        body,
        write,
      );
      return await done("update", "synced", ref);
    }
    if (provider.isName(key.collection)) {
      // Never a second copy of a name: adopt the one the books already have (unless another record
      // owns it); a name held by another kind of record is a collision for a person to resolve.
      const same = await sameNameInBooks(db, provider, key.companyId, plan.remoteType, body);
      if (same.kind === "same") return await adopt(deps, record, key, same.ref, plan, write, done);
      if (same.kind === "other")
        return await failed(deps, record, key, "create", nameCollision(same.holder), body);
    }
    const ref = await provider.create(plan.remoteType, body, write);
    return await done("create", "synced", ref);
  } catch (error) {
    const failure = providerFailureOf(error);
    if (failure.duplicateOf && !link?.remoteId && provider.isName(key.collection)) {
      return duplicateArrived(deps, record, key, failure.duplicateOf, plan, write, done, error);
    }
    return failed(deps, record, key, link?.remoteId ? "update" : "create", error, plan.body);
  }
}

/**
 * The provider refused a new name as a duplicate (QuickBooks' 6240, naming the holder's Id): it was
 * created after the view's last look. The view is brought up to date again; when the holder is the
 * same kind of record the record is linked to it, otherwise it is a collision to resolve.
 */
async function duplicateArrived(
  deps: PushDeps,
  record: StoredRecord,
  key: RecordKey,
  holderId: string,
  plan: Extract<Plan, { ok: true }>,
  write: { companyId: string; recordId: number; generation: number },
  done: Done,
  error: unknown,
): Promise<PushResult> {
  try {
    const same = await sameNameInBooks(deps.db, deps.provider, key.companyId, plan.remoteType, plan.body);
    if (same.kind === "same" && same.ref.id === holderId) {
      return await adopt(deps, record, key, same.ref, plan, write, done);
    }
    if (same.kind === "other")
      return await failed(deps, record, key, "create", nameCollision(same.holder), plan.body);
  } catch (lookError) {
    return failed(deps, record, key, "create", lookError, plan.body);
  }
  return failed(deps, record, key, "create", error, plan.body);
}

type Done = (
  operation: string,
  outcome: "synced" | "linked",
  remote: RemoteRef,
  message?: string,
) => Promise<PushResult>;

/** Links a record to an existing remote name and brings that name up to the host's content. */
async function adopt(
  deps: PushDeps,
  record: StoredRecord,
  key: RecordKey,
  existing: RemoteRef,
  plan: Extract<Plan, { ok: true }>,
  write: { companyId: string; recordId: number; generation: number },
  done: Done,
): Promise<PushResult> {
  const owner = await recordOfRemote(deps.db, key.companyId, deps.provider.name, existing.type, existing.id);
  if (owner && owner.recordId !== record.id) {
    const message = `the name is already used in the books by ${existing.type} ${existing.id}, which is ${owner.collection}/${owner.externalId} here: rename one of them`;
    return recordPushOutcome(deps.db, {
      recordId: record.id,
      companyId: key.companyId,
      provider: deps.provider.name,
      operation: "create",
      outcome: "failed",
      status: "failed",
      reason: "duplicate_name",
      code: "duplicate_name",
      message,
    }).then(
      (l): PushResult => ({
        outcome: "failed",
        status: "failed",
        message,
        version: record.version,
        remoteId: l.remoteId,
      }),
    );
  }
  try {
    const ref = await deps.provider.update(existing, plan.body, write);
    return await done(
      "link",
      "linked",
      ref,
      `linked to the existing ${existing.type} ${existing.id} with the same name`,
    );
  } catch (error) {
    return failed(deps, record, key, "link", error, plan.body);
  }
}

/** Records a failed attempt. Retryable ones are thrown again so the queue retries them. */
async function failed(
  deps: PushDeps,
  record: StoredRecord,
  key: RecordKey,
  operation: string,
  error: unknown,
  sent: unknown,
): Promise<PushResult> {
  const failure = providerFailureOf(error);
  if (failure.kind === "needs_user_action" && failure.code === CLOSED_PERIOD) {
    return closedBooks(deps, record, key, operation, failure.message, sent);
  }
  const waiting = failure.kind === "retryable" || failure.kind === "needs_reauthorization";
  const status: SyncStatus = waiting ? "pending" : "failed";
  const link = await recordPushOutcome(deps.db, {
    recordId: record.id,
    companyId: key.companyId,
    provider: deps.provider.name,
    operation,
    outcome: waiting ? "retrying" : "failed",
    status,
    reason: failure.kind === "needs_reauthorization" ? "needs_reauthorization" : failure.code,
    code: failure.code,
    message: failure.message,
    sent,
  });
  // A connection needing a person: the job waits for the reconnect, spending no attempts.
  if (failure.kind === "needs_reauthorization") {
    await holdForConnection(deps.db, key.companyId, failure.message);
    throw new WaitError(failure.message, { condition: connectionCondition(key.companyId), cause: error });
  }
  if (waiting) throw new RetryLaterError(failure.message, RETRY_AFTER_MS, { cause: error });
  return {
    outcome: "failed",
    status,
    message: failure.message,
    version: record.version,
    remoteId: link.remoteId,
  };
}

/** The provider's code for a write refused because the books are closed for the document's date. */
const CLOSED_PERIOD = "closed_period";

/**
 * The provider refused the document because its books are closed for its date (QuickBooks' 6210 and
 * kin): the close date read earlier was out of date. It is read again at once, so the next documents
 * on or before it are held before anything is sent, and this one is held for closed books: held, not
 * failed and never retried, until the user reopens the period or changes the document.
 */
async function closedBooks(
  deps: PushDeps,
  record: StoredRecord,
  key: RecordKey,
  operation: string,
  refusal: string,
  sent: unknown,
): Promise<PushResult> {
  let closeDate: string | undefined;
  try {
    closeDate = (await deps.provider.prepare?.(true))?.closeDate;
  } catch {
    // The refusal itself says the books are closed; the date is only for the message.
  }
  const date = (record.data as { date?: unknown }).date;
  const message =
    typeof date === "string" && closeDate !== undefined && date.slice(0, 10) <= closeDate
      ? closedBooksMessage(date, closeDate)
      : `the books are closed for this document's date in QuickBooks (${refusal})`;
  const link = await recordPushOutcome(deps.db, {
    recordId: record.id,
    companyId: key.companyId,
    provider: deps.provider.name,
    operation,
    outcome: "held",
    status: "held",
    reason: "closed_books",
    code: CLOSED_PERIOD,
    message,
    sent,
  });
  return { outcome: "held", status: "held", message, version: record.version, remoteId: link.remoteId };
}

/**
 * Plans a record with its references resolved in one query: a first pass learns which records the
 * plan looks up, the second pass has them all answered.
 */
async function planWithLookups(
  deps: PushDeps,
  companyId: string,
  collection: string,
  data: Record<string, unknown>,
): Promise<Plan> {
  const asked = new Map<string, { collection: string; externalId: string }>();
  const note = (c: string, e: string) => {
    asked.set(`${c}/${e}`, { collection: c, externalId: e });
    return undefined;
  };
  deps.provider.plan(collection, data, { idOf: note, hostRecord: note });
  const { ids, records } = await referencesOf(deps.db, companyId, deps.provider.name, [...asked.values()]);
  const lookups: PlanLookups = {
    idOf: (c, e) => ids.get(`${c}/${e}`),
    hostRecord: (c, e) => records.get(`${c}/${e}`),
  };
  return deps.provider.plan(collection, data, lookups);
}
