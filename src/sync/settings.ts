// A company's push settings: which objects go (with their prerequisites), which go in real time and
// which only on export, the go-live date, default accounts, tax code mapping and how invoices and bills
// are recorded. Stored as one document per company and provider; every change is recorded.
import type { Kysely } from "kysely";
import { z } from "zod";
import { DateOnly, Ref } from "#domain/common.ts";
import type { SyncErrorCode } from "#domain/errors.ts";
import { err, type FieldIssue, ok, type Result } from "#domain/result.ts";
import { getCompany, isUuid } from "#store/companies.ts";
import {
  readSyncSettings,
  type SettingChange,
  settingChanges,
  writeSyncSettings,
} from "#store/sync-settings.ts";
import type { Tables } from "#store/tables.ts";
import type { AccountingControls } from "./controls.ts";
import type { RemoteFacts } from "./provider.ts";
import type { PushSettings } from "./push.ts";
import {
  checkSwitches,
  labelOf,
  PUSH_OBJECTS,
  type PushObject,
  prerequisitesOf,
  turnOff,
  turnOn,
} from "./switches.ts";

type Db = Kysely<Tables>;

/** The provider a company connects to today (QuickBooks Desktop will sit beside it). */
export const ACTIVE_PROVIDER = "quickbooks_online";

const remoteId = z.string().trim().min(1).max(50);

export const DEFAULT_ACCOUNT_KINDS = [
  "income",
  "expense",
  "asset",
  "accountsPayable",
  "deposit",
  "payment",
  "discount",
] as const;
export type DefaultAccountKind = (typeof DEFAULT_ACCOUNT_KINDS)[number];

export const PushSettingsDocument = z.strictObject({
  switches: z.array(z.enum(PUSH_OBJECTS)).max(PUSH_OBJECTS.length).default([]),
  /** Objects exported by hand (finalised documents only); the others go in real time. */
  manualExport: z.array(z.enum(PUSH_OBJECTS)).max(PUSH_OBJECTS.length).default([]),
  goLiveDate: DateOnly.optional(),
  defaultAccounts: z.partialRecord(z.enum(DEFAULT_ACCOUNT_KINDS), remoteId).default({}),
  /** Host tax code external id → remote tax code id; unmapped codes are matched by name. */
  taxCodes: z.record(Ref, remoteId).default({}),
  invoicesAs: z.enum(["invoice", "sales_receipt"]).default("invoice"),
  billsAs: z.enum(["bill", "expense"]).default("bill"),
  deliveryFeeItemId: remoteId.optional(),
  defaultSalesItemId: remoteId.optional(),
});
export type PushSettingsDocument = z.output<typeof PushSettingsDocument>;

export interface SwitchView {
  object: PushObject;
  label: string;
  on: boolean;
  mode: "real_time" | "manual_export";
  needs: PushObject[];
}

export interface PushSettingsView {
  settings: PushSettingsDocument;
  switches: SwitchView[];
  changes: Array<{
    at: string;
    setting: string;
    oldValue: unknown;
    newValue: unknown;
    changedBy: string | null;
  }>;
}

/** Checks a default account against the remote chart (type and detail type); undefined when it fits. */
export type AccountCheck = (kind: DefaultAccountKind, remoteId: string) => Promise<string | undefined>;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function loadPushSettings(
  db: Db,
  companyId: string,
  provider: string,
): Promise<PushSettingsDocument> {
  const stored = await readSyncSettings(db, companyId, provider);
  const parsed = PushSettingsDocument.safeParse(stored ?? {});
  return parsed.success ? parsed.data : PushSettingsDocument.parse({});
}

/** The settings as the push engine reads them. */
export function enginePushSettings(doc: PushSettingsDocument): PushSettings {
  const goLiveDate = doc.goLiveDate ?? today();
  const manual = new Set(doc.manualExport);
  return {
    switches: new Set(doc.switches),
    controls: (collection: string, remote: RemoteFacts): AccountingControls => ({
      goLiveDate,
      closeDate: remote.closeDate,
      mode: manual.has(collection as PushObject) ? "manual_export" : "real_time",
    }),
  };
}

async function view(
  db: Db,
  companyId: string,
  provider: string,
  doc: PushSettingsDocument,
): Promise<PushSettingsView> {
  const manual = new Set(doc.manualExport);
  return {
    settings: doc,
    switches: PUSH_OBJECTS.map((object) => ({
      object,
      label: labelOf(object),
      on: doc.switches.includes(object),
      mode: manual.has(object) ? "manual_export" : "real_time",
      needs: prerequisitesOf(object),
    })),
    changes: (await settingChanges(db, companyId, provider, 50)).map((c) => ({
      at: c.at.toISOString(),
      setting: c.setting,
      oldValue: c.oldValue,
      newValue: c.newValue,
      changedBy: c.changedBy,
    })),
  };
}

export async function getPushSettings(
  db: Db,
  companyId: string,
  provider: string,
): Promise<Result<PushSettingsView, SyncErrorCode>> {
  if (!(await companyExists(db, companyId))) return err("company_not_found", "No such company.");
  return ok(await view(db, companyId, provider, await loadPushSettings(db, companyId, provider)));
}

/**
 * Changes some settings (the keys given replace the stored ones). Switches must carry their
 * prerequisites; default accounts are checked against the remote chart when a checker is given.
 */
export async function updatePushSettings(
  db: Db,
  companyId: string,
  provider: string,
  patch: unknown,
  options: { changedBy?: string | null; checkAccount?: AccountCheck } = {},
): Promise<Result<PushSettingsView, SyncErrorCode>> {
  if (!(await companyExists(db, companyId))) return err("company_not_found", "No such company.");
  const partial = PushSettingsDocument.partial().safeParse(patch);
  if (!partial.success) {
    return err("invalid_settings", "The settings are not valid.", partial.error.issues.map(toIssue));
  }
  const current = await loadPushSettings(db, companyId, provider);
  // Only the keys the patch names change (a partial schema still fills in the defaults of the others).
  const named = new Set(typeof patch === "object" && patch !== null ? Object.keys(patch) : []);
  const given = Object.fromEntries(
    Object.entries(partial.data).filter(([k, v]) => named.has(k) && v !== undefined),
  );
  const next = PushSettingsDocument.parse({ ...current, ...given });
  const switchProblem = checkSwitches(new Set(next.switches));
  if (switchProblem)
    return err("invalid_settings", "The settings are not valid.", [
      { path: "/switches", message: switchProblem },
    ]);
  const issues: FieldIssue[] = [];
  if (options.checkAccount) {
    for (const kind of DEFAULT_ACCOUNT_KINDS) {
      const id = next.defaultAccounts[kind];
      if (id === undefined || id === current.defaultAccounts[kind]) continue;
      const problem = await options.checkAccount(kind, id);
      if (problem) issues.push({ path: `/defaultAccounts/${kind}`, message: problem });
    }
  }
  if (issues.length > 0) return err("invalid_settings", "The settings are not valid.", issues);
  await save(db, companyId, provider, current, next, options.changedBy ?? null);
  return ok(await view(db, companyId, provider, next));
}

/**
 * Turns one object on (with what it needs) or off (refused while something that needs it is on).
 * The answer lists the switches as they now are.
 */
export async function setSwitch(
  db: Db,
  companyId: string,
  provider: string,
  object: string,
  on: boolean,
  changedBy: string | null = null,
): Promise<Result<PushSettingsView & { alsoTurnedOn: PushObject[] }, SyncErrorCode>> {
  if (!(await companyExists(db, companyId))) return err("company_not_found", "No such company.");
  if (!(PUSH_OBJECTS as readonly string[]).includes(object)) {
    return err("invalid_settings", `There is no switch named ${object}.`, [
      { path: "/object", message: `must be one of ${PUSH_OBJECTS.join(", ")}, got "${object}"` },
    ]);
  }
  const current = await loadPushSettings(db, companyId, provider);
  const set = new Set(current.switches);
  let switches: Set<PushObject>;
  let alsoTurnedOn: PushObject[] = [];
  if (on) {
    ({ switches, alsoTurnedOn } = turnOn(set, object as PushObject));
  } else {
    const off = turnOff(set, object as PushObject);
    if (!off.ok) return err("switch_refused", off.message);
    switches = off.switches;
  }
  const next = { ...current, switches: PUSH_OBJECTS.filter((o) => switches.has(o)) };
  await save(db, companyId, provider, current, next, changedBy);
  return ok({ ...(await view(db, companyId, provider, next)), alsoTurnedOn });
}

async function save(
  db: Db,
  companyId: string,
  provider: string,
  before: PushSettingsDocument,
  after: PushSettingsDocument,
  changedBy: string | null,
): Promise<void> {
  const changes: SettingChange[] = [];
  for (const key of Object.keys(after) as Array<keyof PushSettingsDocument>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes.push({ setting: key, oldValue: before[key], newValue: after[key] });
    }
  }
  await writeSyncSettings(db, companyId, provider, after as Record<string, unknown>, changes, changedBy);
}

async function companyExists(db: Db, companyId: string): Promise<boolean> {
  return isUuid(companyId) && (await getCompany(db, companyId)) !== undefined;
}

function toIssue(issue: z.core.$ZodIssue): FieldIssue {
  return { path: issue.path.length === 0 ? "" : `/${issue.path.join("/")}`, message: issue.message };
}
