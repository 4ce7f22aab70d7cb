// Host records as QuickBooks Online objects: one entry point by collection.
import type { Account } from "#domain/account.ts";
import type { Bill } from "#domain/bill.ts";
import type { Customer } from "#domain/customer.ts";
import type { Invoice } from "#domain/invoice.ts";
import type { Item } from "#domain/item.ts";
import type { JournalEntry } from "#domain/journal-entry.ts";
import type { Payment } from "#domain/payment.ts";
import type { PurchaseOrder } from "#domain/purchase-order.ts";
import type { Term } from "#domain/term.ts";
import type { Vendor } from "#domain/vendor.ts";
import { mapBill, mapInvoice, mapJournalEntry, mapPayment, mapPurchaseOrder } from "./documents.ts";
import { mapAccount, mapCustomer, mapItem, mapTerm, mapVendor } from "./names.ts";
import type { Mapped, MappingContext } from "./types.ts";

export { ACCOUNT_TYPES } from "./names.ts";
export * from "./types.ts";
export {
  mapAccount,
  mapBill,
  mapCustomer,
  mapInvoice,
  mapItem,
  mapJournalEntry,
  mapPayment,
  mapPurchaseOrder,
  mapTerm,
  mapVendor,
};

/** How a company records some documents in QuickBooks. */
export interface DocumentChoices {
  /** Invoices as invoices (accounts receivable) or as sales receipts (paid at once). */
  invoicesAs?: "invoice" | "sales_receipt";
  /** Bills as bills (accounts payable) or as expenses paid at once. */
  billsAs?: "bill" | "expense";
}

/** The collections that go to QuickBooks Online. Sales orders, shipments and tax codes stay in the host. */
export const PUSHED_COLLECTIONS = [
  "accounts",
  "terms",
  "customers",
  "vendors",
  "items",
  "purchase-orders",
  "invoices",
  "bills",
  "journal-entries",
  "payments",
] as const;
export type PushedCollection = (typeof PUSHED_COLLECTIONS)[number];

export function isPushedCollection(collection: string): collection is PushedCollection {
  return (PUSHED_COLLECTIONS as readonly string[]).includes(collection);
}

/** A host record (already validated by its domain schema) as the QuickBooks object it becomes. */
export function mapRecord(
  collection: PushedCollection,
  record: unknown,
  ctx: MappingContext,
  choices: DocumentChoices = {},
): Mapped {
  switch (collection) {
    case "accounts":
      return mapAccount(record as Account, ctx);
    case "terms":
      return mapTerm(record as Term, ctx);
    case "customers":
      return mapCustomer(record as Customer, ctx);
    case "vendors":
      return mapVendor(record as Vendor, ctx);
    case "items":
      return mapItem(record as Item, ctx);
    case "purchase-orders":
      return mapPurchaseOrder(record as PurchaseOrder, ctx);
    case "invoices":
      return mapInvoice(record as Invoice, ctx, choices.invoicesAs);
    case "bills":
      return mapBill(record as Bill, ctx, choices.billsAs);
    case "journal-entries":
      return mapJournalEntry(record as JournalEntry, ctx);
    case "payments":
      return mapPayment(record as Payment, ctx);
  }
}
