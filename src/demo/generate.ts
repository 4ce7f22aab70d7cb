// The demo company: Harlan Precision Fastener & Machine Co. of Rockford, Illinois, with a year of
// business on the host side. Generated from a seed and an anchor date only, so every run (and every
// machine) gets the same company, and records can be re-sent without creating duplicates.
import type { CollectionName } from "#domain/collections.ts";
import { addDays, DEMO_ANCHOR_DATE, parseIsoDate } from "./calendar.ts";
import { buildCatalog } from "./catalog.ts";
import { assignVendors, itemRecord } from "./items.ts";
import { journalEntryRecords } from "./journal.ts";
import { buildAccounts, buildTaxCodes, buildTerms } from "./ledger.ts";
import {
  buildCustomers,
  buildVendors,
  customerRecord,
  DEMO_COMPANY,
  NameBook,
  vendorRecord,
} from "./parties.ts";
import { billRecords, buildBills, buildPurchaseOrders, purchaseOrderRecord } from "./purchasing.ts";
import { Random } from "./random.ts";
import {
  buildInvoicePayments,
  buildInvoices,
  buildOrderPayments,
  buildSalesOrders,
  ItemPools,
  invoiceRecord,
  paymentRecords,
  salesOrderRecord,
  shipmentRecords,
} from "./sales.ts";
import type { DemoRecord } from "./types.ts";

export { DEMO_ANCHOR_DATE } from "./calendar.ts";
export { DEMO_COMPANY } from "./parties.ts";
export type { DemoRecord } from "./types.ts";

export type DemoCompany = { [C in CollectionName]: DemoRecord<C>[] } & {
  company: typeof DEMO_COMPANY;
  /** The last day of the demo's history; documents are dated before it. */
  anchorDate: string;
};

export interface DemoOptions {
  /** Day the history ends (YYYY-MM-DD); defaults to DEMO_ANCHOR_DATE so runs on any day agree. */
  anchorDate?: string;
  /** Sizes, for tests that need a smaller company; the defaults are the demo's. */
  counts?: Partial<DemoCounts>;
}

export interface DemoCounts {
  customers: number;
  items: number;
  invoices: number;
  bills: number;
  purchaseOrders: number;
  salesOrders: number;
}

export const DEMO_COUNTS: Readonly<DemoCounts> = {
  customers: 220,
  items: 500,
  invoices: 1000,
  bills: 100,
  purchaseOrders: 50,
  salesOrders: 12,
};

/**
 * The order to load collections in, so every reference points at a record that already exists:
 * reference data first, then orders, then the documents and payments that follow them.
 */
export const DEMO_LOAD_ORDER: readonly CollectionName[] = [
  "accounts",
  "terms",
  "tax-codes",
  "vendors",
  "customers",
  "items",
  "purchase-orders",
  "sales-orders",
  "invoices",
  "payments",
  "bills",
  "journal-entries",
  "shipments",
];

export function generateDemoCompany(seed = 1, options: DemoOptions = {}): DemoCompany {
  const anchor = options.anchorDate ?? DEMO_ANCHOR_DATE;
  parseIsoDate(anchor);
  const counts = { ...DEMO_COUNTS, ...options.counts };
  const root = new Random(seed);
  // Each part draws from its own stream, so changing how one is generated leaves the others as they were.
  const random = {
    customers: root.fork("customers"),
    vendors: root.fork("vendors"),
    items: root.fork("items"),
    invoices: root.fork("invoices"),
    payments: root.fork("payments"),
    orders: root.fork("orders"),
    purchasing: root.fork("purchasing"),
    journal: root.fork("journal"),
  };

  const names = new NameBook();
  const vendors = buildVendors(names);
  const customers = buildCustomers(random.customers, names, counts.customers);
  const parts = buildCatalog(random.items, counts.items);
  const items = assignVendors(random.items, parts, vendors);
  const pools = new ItemPools(items);

  const orders = buildSalesOrders(random.orders, pools, customers, anchor, counts.salesOrders);
  const invoices = buildInvoices(random.invoices, pools, customers, orders, anchor, counts.invoices);
  const payments = [
    ...buildInvoicePayments(random.payments, invoices, anchor),
    ...buildOrderPayments(random.payments, orders, anchor),
  ];
  const paid = new Set(payments.flatMap((p) => p.applications.map((a) => a.invoice?.externalId)));
  const writtenOff = invoices.find((i) => !paid.has(i.externalId) && i.date < addDays(anchor, -200));

  const purchaseOrders = buildPurchaseOrders(
    random.purchasing,
    vendors,
    items,
    anchor,
    counts.purchaseOrders,
  );
  const bills = buildBills(
    random.purchasing,
    vendors,
    purchaseOrders,
    customers.map((c) => c.externalId),
    anchor,
    counts.bills,
  );

  const upcs = random.items.sample(
    items.filter((i) => i.part.family === "fastener" && i.part.sku).map((i) => i.externalId),
    60,
  );
  const quantityAsOf = addDays(anchor, -365);

  return {
    company: DEMO_COMPANY,
    anchorDate: anchor,
    accounts: buildAccounts(),
    terms: buildTerms(),
    "tax-codes": buildTaxCodes(),
    vendors: vendors.map((v) => vendorRecord(random.vendors, names, v)),
    customers: customers.map((c) => customerRecord(random.customers, c)),
    items: items.map((i) => {
      const serial = upcs.indexOf(i.externalId);
      return itemRecord(i, quantityAsOf, serial >= 0 ? serial + 1 : undefined);
    }),
    "purchase-orders": purchaseOrders.map((po) => purchaseOrderRecord(po, random.purchasing)),
    "sales-orders": orders.map(salesOrderRecord),
    invoices: invoices.map((i) => invoiceRecord(random.invoices, i, anchor)),
    payments: paymentRecords(random.payments, payments),
    bills: billRecords(random.purchasing, bills),
    "journal-entries": journalEntryRecords(
      random.journal,
      anchor,
      writtenOff && {
        customerExternalId: writtenOff.customer.externalId,
        invoiceNumber: writtenOff.number,
        cents: writtenOff.totalCents,
      },
    ),
    shipments: shipmentRecords(random.orders, orders, DEMO_COMPANY.address, anchor),
  };
}

/** Every record of the demo in load order, for loaders that send them one collection at a time. */
export function* demoRecordsInOrder(
  demo: DemoCompany,
): Generator<{ collection: CollectionName; records: DemoRecord<CollectionName>[] }> {
  for (const collection of DEMO_LOAD_ORDER) {
    yield { collection, records: demo[collection] as DemoRecord<CollectionName>[] };
  }
}
