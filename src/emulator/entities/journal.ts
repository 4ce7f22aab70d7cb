// JournalEntry: balanced debit and credit lines posted straight to accounts. Lines on Accounts
// Receivable need a customer, lines on Accounts Payable a vendor.
import { fault } from "../faults.ts";
import { cents, dec } from "../money.ts";
import { checkBoolean, checkEnum, type EntitySpec, isObject, nonEmpty, resolveRef } from "./spec.ts";
import {
  bumpDocSequence,
  docKeys,
  lineArray,
  lineDetail,
  numberLines,
  readNumber,
  TXN_READ_ONLY,
  txnCommon,
} from "./txn.ts";

const POSTING_TYPES = ["Credit", "Debit"];
const ENTITY_TYPES = ["Customer", "Vendor", "Employee"];

export const JournalEntry: EntitySpec = {
  name: "JournalEntry",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft) {
    txnCommon(ctx, draft);
    checkBoolean(draft, "Adjustment");
    if (draft.Adjustment === undefined) draft.Adjustment = false;
    const lines = lineArray(draft, true);
    let debits = dec(0);
    let credits = dec(0);
    let postingLines = 0;
    for (const line of lines) {
      const type = checkEnum(line.DetailType, ["JournalEntryLineDetail", "DescriptionOnly"], "DetailType");
      if (!type) throw fault.requiredParam("DetailType", "Line.DetailType");
      if (type === "DescriptionOnly") continue;
      postingLines++;
      const detail = lineDetail(line, "JournalEntryLineDetail");
      const posting = checkEnum(detail.PostingType, POSTING_TYPES, "PostingType");
      if (!posting) throw fault.requiredParam("PostingType");
      const account = resolveRef(ctx, detail, "AccountRef", ["Account"], { required: true });
      const amount = readNumber(line, "Amount");
      if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
      line.Amount = cents(amount);
      if (posting === "Debit") debits = debits.plus(cents(amount));
      else credits = credits.plus(cents(amount));
      const entityType = entityOf(ctx, detail);
      if (account?.AccountType === "Accounts Receivable" && entityType !== "Customer") {
        throw fault.businessValidation(
          "When you use Accounts Receivable, you must choose a customer in the Name field.",
        );
      }
      if (account?.AccountType === "Accounts Payable" && entityType !== "Vendor") {
        throw fault.businessValidation(
          "When you use Accounts Payable, you must select a vendor in the Name field.",
        );
      }
      resolveRef(ctx, detail, "ClassRef", ["Class"]);
      resolveRef(ctx, detail, "DepartmentRef", ["Department"]);
    }
    if (postingLines < 2) throw fault.businessValidation("Fill out at least two detail lines to continue.");
    if (!debits.equals(credits)) {
      throw fault.businessValidation(
        `The debits (${debits.toFixed(2)}) and credits (${credits.toFixed(2)}) of a journal entry must be equal.`,
      );
    }
    numberLines(lines);
    // From minor version 54 a journal entry gets a number only when the client asks for one.
    if (ctx.include.has("allowautodocnum") && !nonEmpty(draft.DocNumber)) {
      let next = ctx.company.counter("doc:je") + 1;
      while (ctx.company.holderOf(`doc:JournalEntry::${next}`)) next++;
      draft.DocNumber = String(next);
    }
    // QuickBooks reports no total for a journal entry.
    draft.TotalAmt = 0;
  },
  keys: docKeys("JournalEntry"),
  effects(ctx, next) {
    if (next) bumpDocSequence(ctx, "doc:je", next);
  },
};

/** Resolves a line's Entity (customer, vendor or employee) and returns its type. */
function entityOf(
  ctx: Parameters<EntitySpec["normalize"]>[0],
  detail: Record<string, unknown>,
): string | undefined {
  if (!isObject(detail.Entity)) return undefined;
  const entity = { ...detail.Entity };
  detail.Entity = entity;
  const declared =
    typeof entity.Type === "string" && ENTITY_TYPES.includes(entity.Type) ? [entity.Type] : ENTITY_TYPES;
  const found = resolveRef(ctx, entity, "EntityRef", declared, { required: true, element: "Entity" });
  const type = declared.find((t) => ctx.company.get(t, String(found?.Id)) === found);
  if (type) entity.Type = type;
  return type;
}
