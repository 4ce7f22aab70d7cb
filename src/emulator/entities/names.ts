// Customers, vendors and employees: the "names" that share one DisplayName namespace, are never
// deleted (only made inactive), and carry balances QuickBooks computes.
import { fault } from "../faults.ts";
import type { QboObject } from "../store/company.ts";
import {
  type Ctx,
  checkBoolean,
  checkEmail,
  type Draft,
  defaultCurrency,
  type EntitySpec,
  lowerKey,
  markInactiveName,
  nonEmpty,
  resolveRef,
} from "./spec.ts";

const NAME_PARTS = ["Title", "GivenName", "MiddleName", "FamilyName", "Suffix"] as const;

/** QuickBooks builds a missing DisplayName from the name parts, in this order. */
function deriveDisplayName(draft: Draft): void {
  const given = nonEmpty(draft.DisplayName);
  if (given) {
    draft.DisplayName = given;
    return;
  }
  const parts = NAME_PARTS.map((p) => nonEmpty(draft[p])).filter((p): p is string => p !== undefined);
  if (parts.length === 0) throw fault.requiredParam("DisplayName");
  draft.DisplayName = parts.join(" ");
}

/** DisplayName is unique across customers, vendors and employees, ignoring case. */
export function checkUniqueDisplayName(
  ctx: Ctx,
  entity: string,
  draft: Draft,
  prev: QboObject | undefined,
): void {
  const key = lowerKey("name", draft.DisplayName);
  if (!key) return;
  const holder = ctx.company.holderOf(key);
  if (holder && holder !== `${entity}:${prev?.Id}`) throw fault.duplicateName(holder.split(":")[1] ?? "");
}

function nameKeys(obj: QboObject): string[] {
  const key = lowerKey("name", obj.DisplayName);
  return key ? [key] : [];
}

function commonNameRules(ctx: Ctx, entity: string, draft: Draft, prev: QboObject | undefined): void {
  deriveDisplayName(draft);
  checkBoolean(draft, "Active");
  markInactiveName(draft, "DisplayName", (candidate) => {
    const holder = ctx.company.holderOf(lowerKey("name", candidate) ?? "");
    return holder !== undefined && holder !== `${entity}:${prev?.Id}`;
  });
  if (entity !== "Employee" && String(draft.DisplayName).includes(":")) {
    // QuickBooks joins sub-customer names with ":"; a colon in a name is refused.
    throw fault.businessValidation("Names cannot contain a colon (:).", "DisplayName");
  }
  checkUniqueDisplayName(ctx, entity, draft, prev);
  checkBoolean(draft, "Active");
  if (draft.Active === undefined || draft.Active === null) draft.Active = true;
  checkEmail(draft, "PrimaryEmailAddr");
}

/** A name with money owed either way cannot be made inactive. */
function refuseInactiveWithBalance(draft: Draft, prev: QboObject | undefined): void {
  if (!prev || draft.Active !== false || prev.Active === false) return;
  const balance = Number(prev.Balance ?? 0);
  if (balance !== 0) throw fault.listHasBalance();
}

export const Customer: EntitySpec = {
  name: "Customer",
  kind: "name",
  sequence: "name",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: ["Balance", "BalanceWithJobs", "FullyQualifiedName", "Level", "IsProject"],
  normalize(ctx, draft, prev) {
    commonNameRules(ctx, "Customer", draft, prev);
    for (const f of ["Job", "BillWithParent", "Taxable"]) checkBoolean(draft, f);
    // A sub-customer (job) is exactly a customer with Job true and a parent.
    const hasParent = draft.ParentRef !== undefined && draft.ParentRef !== null;
    if ((draft.Job === true) !== hasParent) throw fault.parentRefRequired();
    // Turning a job back into a top-level customer fails in QuickBooks (PHP SDK #265); so it does here.
    if (prev?.ParentRef !== undefined && !hasParent) throw fault.parentRefRequired();
    const parent = resolveRef(ctx, draft, "ParentRef", ["Customer"]);
    if (parent && parent.Id === prev?.Id)
      throw fault.businessValidation("A customer cannot be its own parent.");
    if (parent) {
      const level = Number(parent.Level ?? 0) + 1;
      if (level > 4) throw fault.businessValidation("Sub-customers can only be nested 5 levels deep.");
      draft.Level = level;
      draft.FullyQualifiedName = `${parent.FullyQualifiedName ?? parent.DisplayName}:${draft.DisplayName}`;
    } else {
      draft.Job = false;
      draft.Level = 0;
      draft.FullyQualifiedName = draft.DisplayName;
    }
    if (draft.BillWithParent === undefined) draft.BillWithParent = false;
    resolveRef(ctx, draft, "SalesTermRef", ["Term"]);
    resolveRef(ctx, draft, "DefaultTaxCodeRef", ["TaxCode"]);
    refuseInactiveWithBalance(draft, prev);
    draft.Balance = prev?.Balance ?? 0;
    draft.BalanceWithJobs = prev?.BalanceWithJobs ?? 0;
    if (draft.Taxable === undefined) draft.Taxable = true;
    if (draft.PreferredDeliveryMethod === undefined) draft.PreferredDeliveryMethod = "Print";
    defaultCurrency(ctx, draft);
  },
  keys: nameKeys,
};

export const Vendor: EntitySpec = {
  name: "Vendor",
  kind: "name",
  sequence: "name",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: ["Balance"],
  normalize(ctx, draft, prev) {
    commonNameRules(ctx, "Vendor", draft, prev);
    checkBoolean(draft, "Vendor1099");
    if (draft.Vendor1099 === undefined) draft.Vendor1099 = false;
    const ap = resolveRef(ctx, draft, "APAccountRef", ["Account"]);
    if (ap && ap.AccountType !== "Accounts Payable") throw fault.invalidAccountType("APAccountRef");
    resolveRef(ctx, draft, "TermRef", ["Term"]);
    refuseInactiveWithBalance(draft, prev);
    draft.Balance = prev?.Balance ?? 0;
    defaultCurrency(ctx, draft);
  },
  keys: nameKeys,
};

export const Employee: EntitySpec = {
  name: "Employee",
  kind: "name",
  sequence: "name",
  cdc: true,
  deletable: false,
  voidable: false,
  readOnly: [],
  normalize(ctx, draft, prev) {
    if (!nonEmpty(draft.GivenName) && !nonEmpty(draft.FamilyName) && !nonEmpty(draft.DisplayName)) {
      throw fault.requiredParam("GivenName");
    }
    commonNameRules(ctx, "Employee", draft, prev);
    checkBoolean(draft, "BillableTime");
    if (draft.BillableTime === undefined) draft.BillableTime = false;
  },
  keys: nameKeys,
};
