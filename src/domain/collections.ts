// The collections the host API exposes, one per canonical record type. Everything that iterates over
// record types (routes, OpenAPI, the web browser, CSV import, the demo) reads this table.
import type { z } from "zod";
import { Account } from "./account.ts";
import { Bill } from "./bill.ts";
import { Customer } from "./customer.ts";
import { Invoice } from "./invoice.ts";
import { Item } from "./item.ts";
import { JournalEntry } from "./journal-entry.ts";
import { Payment } from "./payment.ts";
import { PurchaseOrder } from "./purchase-order.ts";
import { SalesOrder } from "./sales-order.ts";
import { Shipment } from "./shipment.ts";
import { TaxCode } from "./tax-code.ts";
import { Term } from "./term.ts";
import { Vendor } from "./vendor.ts";

/** "list" records are names QuickBooks never deletes (only deactivates); "transaction" records are documents. */
export type RecordKind = "list" | "transaction";

export interface Collection<S extends z.ZodType = z.ZodType> {
  /** URL segment and stored collection name, e.g. "sales-orders". */
  name: string;
  /** One record, for messages: "sales order". */
  singular: string;
  /** Heading for screens: "Sales orders". */
  label: string;
  kind: RecordKind;
  schema: S;
  /** Top-level data fields searched by the records browser (text match), besides the external id. */
  searchFields: readonly string[];
  /** Field shown as the record's title in lists. */
  titleField: string;
  /** Field shown under the title. */
  subtitleField?: string;
}

function define<S extends z.ZodType>(c: Collection<S>): Collection<S> {
  return c;
}

export const collections = {
  customers: define({
    name: "customers",
    singular: "customer",
    label: "Customers",
    kind: "list",
    schema: Customer,
    searchFields: ["name", "companyName", "email", "phone"],
    titleField: "name",
    subtitleField: "email",
  }),
  vendors: define({
    name: "vendors",
    singular: "vendor",
    label: "Vendors",
    kind: "list",
    schema: Vendor,
    searchFields: ["name", "companyName", "email", "phone"],
    titleField: "name",
    subtitleField: "email",
  }),
  items: define({
    name: "items",
    singular: "item",
    label: "Items",
    kind: "list",
    schema: Item,
    searchFields: ["sku", "name", "description"],
    titleField: "name",
    subtitleField: "sku",
  }),
  accounts: define({
    name: "accounts",
    singular: "account",
    label: "Accounts",
    kind: "list",
    schema: Account,
    searchFields: ["number", "name"],
    titleField: "name",
    subtitleField: "number",
  }),
  terms: define({
    name: "terms",
    singular: "payment term",
    label: "Payment terms",
    kind: "list",
    schema: Term,
    searchFields: ["name"],
    titleField: "name",
  }),
  "tax-codes": define({
    name: "tax-codes",
    singular: "tax code",
    label: "Tax codes",
    kind: "list",
    schema: TaxCode,
    searchFields: ["name", "description"],
    titleField: "name",
    subtitleField: "rate",
  }),
  "sales-orders": define({
    name: "sales-orders",
    singular: "sales order",
    label: "Sales orders",
    kind: "transaction",
    schema: SalesOrder,
    searchFields: ["number", "customerExternalId", "customerPoNumber"],
    titleField: "number",
    subtitleField: "customerExternalId",
  }),
  invoices: define({
    name: "invoices",
    singular: "invoice",
    label: "Invoices",
    kind: "transaction",
    schema: Invoice,
    searchFields: ["number", "customerExternalId", "customerPoNumber"],
    titleField: "number",
    subtitleField: "customerExternalId",
  }),
  bills: define({
    name: "bills",
    singular: "bill",
    label: "Bills",
    kind: "transaction",
    schema: Bill,
    searchFields: ["number", "vendorExternalId"],
    titleField: "number",
    subtitleField: "vendorExternalId",
  }),
  "purchase-orders": define({
    name: "purchase-orders",
    singular: "purchase order",
    label: "Purchase orders",
    kind: "transaction",
    schema: PurchaseOrder,
    searchFields: ["number", "vendorExternalId"],
    titleField: "number",
    subtitleField: "vendorExternalId",
  }),
  "journal-entries": define({
    name: "journal-entries",
    singular: "journal entry",
    label: "Journal entries",
    kind: "transaction",
    schema: JournalEntry,
    searchFields: ["number", "memo"],
    titleField: "number",
    subtitleField: "date",
  }),
  payments: define({
    name: "payments",
    singular: "payment",
    label: "Payments",
    kind: "transaction",
    schema: Payment,
    searchFields: ["number", "customerExternalId", "reference"],
    titleField: "number",
    subtitleField: "customerExternalId",
  }),
  shipments: define({
    name: "shipments",
    singular: "shipment",
    label: "Shipments",
    kind: "transaction",
    schema: Shipment,
    searchFields: ["number", "customerExternalId", "customerPoNumber", "trackingNumber"],
    titleField: "number",
    subtitleField: "customerExternalId",
  }),
} as const;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
/** The validated (normalised) data of a record in a collection. */
export type RecordData<C extends CollectionName> = z.output<Collections[C]["schema"]>;
/** What a host may send for a record in a collection (amounts as numbers or strings). */
export type RecordInput<C extends CollectionName> = z.input<Collections[C]["schema"]>;

export const collectionNames = Object.keys(collections) as CollectionName[];

export function isCollection(name: string): name is CollectionName {
  return Object.hasOwn(collections, name);
}

export function getCollection(name: CollectionName): Collection {
  return collections[name];
}
