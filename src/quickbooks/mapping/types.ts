// What the mapping from host records to QuickBooks Online objects needs to know, and what it answers.
// The mapping is pure: everything it looks up (QuickBooks Ids of linked records, the company's default
// accounts, its tax set-up) arrives through a MappingContext, so it reads no tables and makes no calls.

import type { AccountType } from "#domain/account.ts";

/** A QuickBooks Online object body as sent to the data API (PascalCase, QuickBooks' own field names). */
export type QboBody = Record<string, unknown>;

/** The QuickBooks entities host records become. */
export type QboEntity =
  | "Account"
  | "Bill"
  | "Customer"
  | "Invoice"
  | "Item"
  | "JournalEntry"
  | "Payment"
  | "Purchase"
  | "PurchaseOrder"
  | "SalesReceipt"
  | "Term"
  | "Vendor";

/** A host record named by its collection and external id. */
export interface HostRef {
  collection: string;
  externalId: string;
}

/**
 * Why a record cannot be sent as it is. Each one holds the record with its message until the user acts
 * (or, for a missing reference, until the referenced record has been pushed first).
 */
export type MappingProblemCode =
  /** A referenced host record has no QuickBooks Id yet: push it first. */
  | "missing_reference"
  /** A host tax code has no QuickBooks tax code mapped to it. */
  | "unmapped_tax_code"
  /** A default account the record needs has not been chosen. */
  | "no_default_account"
  /** A sales line or delivery fee needs a QuickBooks item and none is chosen. */
  | "no_default_item"
  /** A bill or expense line splits to an accounts payable account, which QuickBooks refuses. */
  | "ap_account_split"
  /** A journal entry line on an A/R or A/P account names no customer or vendor. */
  | "name_required"
  /** A value longer than QuickBooks keeps (it would be cut, and nothing is cut silently). */
  | "too_long"
  /** A currency other than the company's home currency (multicurrency is not supported). */
  | "currency";

export interface MappingProblem {
  code: MappingProblemCode;
  /** Where in the host record, as a JSON path ("/lines/2/itemExternalId"). */
  path: string;
  message: string;
  /** For missing_reference: the record to push first. */
  reference?: HostRef;
}

export type Mapped =
  | {
      ok: true;
      entity: QboEntity;
      body: QboBody;
      /** Things worth telling the user that do not stop the push ("applied to a sales order: kept as credit"). */
      notes: string[];
    }
  | { ok: false; problems: MappingProblem[] };

/** The company's default accounts, as QuickBooks Account Ids, chosen in the connection settings. */
export interface DefaultAccounts {
  /** Income (Sales of Product Income) for items without their own. */
  income?: string;
  /** Cost of goods sold (Supplies and Materials) or expense, for items without their own. */
  expense?: string;
  /** Inventory asset (Other Current Asset / Inventory) for inventory items without their own. */
  asset?: string;
  /** Accounts payable, for bills and purchase orders without their own. */
  accountsPayable?: string;
  /** Where payments and sales receipts are deposited (Undeposited Funds when absent: QuickBooks' default). */
  deposit?: string;
  /** The bank or credit card account expenses are paid from. */
  payment?: string;
  /** The income account a document's discount line posts to (QuickBooks' default discount account when absent). */
  discount?: string;
}

/**
 * How the company's QuickBooks handles sales tax, as read from its preferences:
 * `us` — a tax code (group of rates) on the transaction and TAX/NON on lines (manual or automated);
 * `per_line` — a tax code on every line (Canada, UK, Australia and other non-US companies).
 */
export type TaxModel = "us" | "per_line";

export interface MappingContext {
  /** QuickBooks Id of a host record already linked, or undefined when it is not in QuickBooks yet. */
  idOf(collection: string, externalId: string): string | undefined;
  /** A host account's type, when the account is known to the host (to refuse A/P splits). */
  accountTypeOf(externalId: string): AccountType | undefined;
  /** Whether a host tax code is taxable (US model: a line's TAX or NON); undefined when unknown. */
  taxCodeTaxable(externalId: string): boolean | undefined;
  /** QuickBooks tax code Id mapped to a host tax code (by name by default, editable), or undefined. */
  taxCodeOf(externalId: string): string | undefined;
  taxModel: TaxModel;
  /** ISO 4217 code of the QuickBooks company's home currency. */
  homeCurrency: string;
  defaults: DefaultAccounts;
  /**
   * The QuickBooks item a delivery fee becomes. US companies with shipping turned on have the
   * `SHIPPING_ITEM_ID` pseudo item; others choose a service item.
   */
  deliveryFeeItemId?: string;
  /** The QuickBooks item for sales lines that name no item (QuickBooks ignores the amount of a line without one). */
  defaultSalesItemId?: string;
  /** The date inventory items count their opening quantity from when the host gives none (the go-live date). */
  inventoryStartDate: string;
}
