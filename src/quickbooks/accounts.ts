// The company's default accounts are chosen from its QuickBooks chart of accounts, and each must be of
// the type (and detail type) QuickBooks needs where it is used: an inventory item refuses an asset
// account that is not Other Current Asset, for instance.

export type DefaultAccountKind =
  | "asset"
  | "income"
  | "expense"
  | "accountsPayable"
  | "deposit"
  | "payment"
  | "discount";

interface Rule {
  label: string;
  /** Allowed AccountType values (QuickBooks' words). */
  types: readonly string[];
  /** Allowed AccountSubType values, when the detail type matters. */
  subTypes?: readonly string[];
  /** How the need reads in a message. */
  need: string;
}

export const DEFAULT_ACCOUNT_RULES: Readonly<Record<DefaultAccountKind, Rule>> = {
  asset: {
    label: "inventory asset",
    types: ["Other Current Asset"],
    subTypes: ["Inventory"],
    need: "Other Current Asset with detail type Inventory",
  },
  income: {
    label: "income",
    types: ["Income"],
    subTypes: ["SalesOfProductIncome"],
    need: "Income with detail type Sales of Product Income",
  },
  expense: {
    label: "expense (cost of goods sold)",
    types: ["Cost of Goods Sold"],
    subTypes: ["SuppliesMaterialsCogs"],
    need: "Cost of Goods Sold with detail type Supplies and Materials",
  },
  accountsPayable: {
    label: "accounts payable",
    types: ["Accounts Payable"],
    need: "Accounts Payable",
  },
  deposit: {
    label: "deposit",
    types: ["Bank", "Other Current Asset"],
    need: "Bank, or Other Current Asset (such as Undeposited Funds)",
  },
  payment: {
    label: "payment",
    types: ["Bank", "Credit Card"],
    need: "Bank or Credit Card",
  },
  discount: {
    label: "discount",
    types: ["Income"],
    need: "Income (such as Discounts given)",
  },
};

export interface QboAccountSummary {
  Id: string;
  Name: string;
  AccountType: string;
  AccountSubType?: string | undefined;
  Active?: boolean | undefined;
}

/** Undefined when the account fits; otherwise the message naming the type needed. */
export function checkDefaultAccount(
  kind: DefaultAccountKind,
  account: QboAccountSummary,
): string | undefined {
  const rule = DEFAULT_ACCOUNT_RULES[kind];
  const fits =
    rule.types.includes(account.AccountType) &&
    (rule.subTypes === undefined || rule.subTypes.includes(account.AccountSubType ?? ""));
  if (account.Active === false) return `${account.Name} is inactive in QuickBooks`;
  if (fits) return undefined;
  const is = account.AccountSubType
    ? `${account.AccountType} (${account.AccountSubType})`
    : account.AccountType;
  return `the ${rule.label} account must be ${rule.need}; ${account.Name} is ${is}`;
}

/** Accounts fit for a default, best first, for the search box that chooses one by name. */
export function searchAccounts(
  kind: DefaultAccountKind,
  accounts: readonly QboAccountSummary[],
  text: string,
): QboAccountSummary[] {
  const needle = text.trim().toLowerCase();
  return accounts
    .filter((a) => checkDefaultAccount(kind, a) === undefined)
    .filter((a) => needle === "" || a.Name.toLowerCase().includes(needle))
    .sort((a, b) => {
      const ap = a.Name.toLowerCase().startsWith(needle) ? 0 : 1;
      const bp = b.Name.toLowerCase().startsWith(needle) ? 0 : 1;
      return ap - bp || a.Name.localeCompare(b.Name);
    });
}
