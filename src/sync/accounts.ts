// What the push settings read of the company's QuickBooks books: its chart of accounts (default
// accounts are chosen from it by name and checked against it by type and detail type) and its books'
// close date. Read through the connection, within the realm's request budget.
import { err, ok, type Result } from "#domain/result.ts";
import {
  checkDefaultAccount,
  DEFAULT_ACCOUNT_RULES,
  type QboAccountSummary,
  type QuickBooksClient,
} from "#quickbooks/index.ts";
import { connectedClient } from "./connection.ts";
import type { ConnectionDeps } from "./connection-app.ts";
import { type AccountCheck, DEFAULT_ACCOUNT_KINDS, type DefaultAccountKind } from "./settings.ts";

type ReadError = "not_connected" | "provider_unavailable";

export interface AccountChoice {
  id: string;
  name: string;
  type: string;
  subType: string | null;
  /** Why it cannot serve as this default (it would be refused), or null when it can. */
  problem: string | null;
}

export interface AccountSearch {
  kind: DefaultAccountKind;
  /** What the default must be, in a bookkeeper's words ("Income with detail type …"). */
  need: string;
  accounts: AccountChoice[];
}

export interface BooksView {
  companyName: string | null;
  /** The books' close date in QuickBooks; documents on or before it are held. Null when none is set. */
  closeDate: string | null;
  /** The default accounts chosen, as QuickBooks names them now (null when none is chosen). */
  defaultAccounts: Record<DefaultAccountKind, AccountChoice | null>;
}

const MAX_RESULTS = 25;

async function withClient<T>(
  deps: ConnectionDeps,
  companyId: string,
  read: (client: QuickBooksClient) => Promise<T>,
): Promise<Result<T, ReadError>> {
  const client = await connectedClient(deps, companyId);
  if (!client) return err("not_connected", "Connect the company to QuickBooks first.");
  try {
    return ok(await read(client));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err("provider_unavailable", `QuickBooks did not answer: ${message}`);
  }
}

async function chartOf(client: QuickBooksClient): Promise<QboAccountSummary[]> {
  const rows = await client.query("select * from Account maxresults 1000");
  return rows.map((row) => ({
    Id: String(row.Id),
    Name: String(row.FullyQualifiedName ?? row.Name),
    AccountType: String(row.AccountType),
    AccountSubType: typeof row.AccountSubType === "string" ? row.AccountSubType : undefined,
    Active: row.Active !== false,
  }));
}

/**
 * The company's active QuickBooks accounts whose name contains the text, those fit for the default
 * first; each says why it would be refused when it does not fit.
 */
export async function searchDefaultAccounts(
  deps: ConnectionDeps,
  companyId: string,
  kind: DefaultAccountKind,
  text: string,
): Promise<Result<AccountSearch, ReadError>> {
  const needle = text.trim().toLowerCase();
  return withClient(deps, companyId, async (client) => {
    const found = (await chartOf(client))
      .filter((a) => a.Active !== false && a.Name.toLowerCase().includes(needle))
      .map((a) => ({ account: a, problem: checkDefaultAccount(kind, a) ?? null }))
      .sort(
        (a, b) =>
          Number(a.problem !== null) - Number(b.problem !== null) ||
          Number(!a.account.Name.toLowerCase().startsWith(needle)) -
            Number(!b.account.Name.toLowerCase().startsWith(needle)) ||
          a.account.Name.localeCompare(b.account.Name),
      )
      .slice(0, MAX_RESULTS);
    return {
      kind,
      need: DEFAULT_ACCOUNT_RULES[kind].need,
      accounts: found.map(({ account, problem }) => choiceOf(account, problem ?? undefined)),
    };
  });
}

/**
 * Checks chosen default accounts against the company's chart: an account that does not exist, is
 * inactive, or is not of the type needed is refused with the type needed. Without a connection nothing
 * can be checked, so every choice is refused with that reason.
 */
export function remoteAccountCheck(deps: ConnectionDeps, companyId: string): AccountCheck {
  let chart: Promise<Result<QboAccountSummary[], ReadError>> | undefined;
  return async (kind, remoteId) => {
    chart ??= withClient(deps, companyId, chartOf);
    const accounts = await chart;
    if (!accounts.ok) return accounts.error.message;
    const account = accounts.value.find((a) => a.Id === remoteId);
    if (!account) return `there is no account with Id ${remoteId} in QuickBooks`;
    return checkDefaultAccount(kind, account);
  };
}

function choiceOf(account: QboAccountSummary, problem: string | undefined): AccountChoice {
  return {
    id: account.Id,
    name: account.Name,
    type: account.AccountType,
    subType: account.AccountSubType ?? null,
    problem: problem ?? null,
  };
}

/**
 * The QuickBooks company's name, its books' close date and the chosen default accounts by name (each
 * checked again: an account made inactive or changed in QuickBooks since says so), read now.
 */
export async function readBooks(
  deps: ConnectionDeps,
  companyId: string,
  chosen: Partial<Record<DefaultAccountKind, string>>,
): Promise<Result<BooksView, ReadError>> {
  return withClient(deps, companyId, async (client) => {
    const [info, prefs, chart] = await Promise.all([
      client.query("select * from CompanyInfo"),
      client.query("select * from Preferences"),
      chartOf(client),
    ]);
    const name = info[0]?.CompanyName;
    const accounting = (prefs[0]?.AccountingInfoPrefs ?? {}) as Record<string, unknown>;
    const close = accounting.BookCloseDate;
    const defaultAccounts = Object.fromEntries(
      DEFAULT_ACCOUNT_KINDS.map((kind) => {
        const id = chosen[kind];
        const account = id === undefined ? undefined : chart.find((a) => a.Id === id);
        if (id === undefined) return [kind, null];
        if (!account) {
          const gone = { id, name: `Account ${id}`, type: "", subType: null };
          return [kind, { ...gone, problem: "this account is no longer in QuickBooks" }];
        }
        return [kind, choiceOf(account, checkDefaultAccount(kind, account))];
      }),
    ) as BooksView["defaultAccounts"];
    return {
      companyName: typeof name === "string" ? name : null,
      closeDate: typeof close === "string" && close !== "" ? close.slice(0, 10) : null,
      defaultAccounts,
    };
  });
}
