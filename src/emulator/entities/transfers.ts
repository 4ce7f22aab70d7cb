// Transfer: money moved between two balance-sheet accounts (checking to savings, a card paid from the
// bank). Intuit: FromAccountRef, ToAccountRef and Amount are required, the two accounts differ, the
// amount is positive (transfer reference). It has no lines and no name.
import { fault } from "../faults.ts";
import { cents } from "../money.ts";
import { type EntitySpec, resolveRef } from "./spec.ts";
import { readNumber, txnCommon } from "./txn.ts";

/**
 * Accounts money can be moved between. A/R and A/P are left out (they move through payments);
 * Intuit does not publish the list **(emulator choice)**.
 */
const TRANSFER_TYPES = [
  "Bank",
  "Other Current Asset",
  "Fixed Asset",
  "Other Asset",
  "Credit Card",
  "Other Current Liability",
  "Long Term Liability",
  "Equity",
];

export const Transfer: EntitySpec = {
  name: "Transfer",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: [],
  normalize(ctx, draft) {
    txnCommon(ctx, draft);
    delete draft.DocNumber;
    const from = resolveRef(ctx, draft, "FromAccountRef", ["Account"], { required: true });
    const to = resolveRef(ctx, draft, "ToAccountRef", ["Account"], { required: true });
    if (!TRANSFER_TYPES.includes(String(from?.AccountType))) throw fault.invalidAccountType("FromAccountRef");
    if (!TRANSFER_TYPES.includes(String(to?.AccountType))) throw fault.invalidAccountType("ToAccountRef");
    if (from?.Id === to?.Id) {
      throw fault.businessValidation(
        "The accounts to transfer from and to must be different.",
        "ToAccountRef",
      );
    }
    const amount = readNumber(draft, "Amount");
    if (amount === undefined) throw fault.requiredParam("Amount");
    if (!amount.greaterThan(0))
      throw fault.businessValidation("The transfer amount must be more than zero.", "Amount");
    draft.Amount = cents(amount);
    resolveRef(ctx, draft, "ClassRef", ["Class"]);
  },
};
