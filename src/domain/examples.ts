// One valid body per collection, as a host would send it. The OpenAPI document shows them, and tests
// use them as the starting point for "what if this field were wrong".
import type { CollectionName, RecordInput } from "./collections.ts";

export const examples: { [C in CollectionName]: RecordInput<C> } = {
  customers: {
    name: "Acme Tools Inc",
    email: "billing@acme.example",
    phone: "+1 937-555-0100",
    billingAddress: { line1: "1 Main St", city: "Dayton", region: "OH", postalCode: "45402", country: "US" },
    termsExternalId: "NET30",
    locations: [
      {
        code: "DC-07",
        name: "Columbus distribution centre",
        address: {
          line1: "7 Logistics Pkwy",
          city: "Columbus",
          region: "OH",
          postalCode: "43217",
          country: "US",
        },
        partnerLocationId: "0007",
      },
    ],
  },
  vendors: {
    name: "Buckeye Steel Supply",
    email: "ar@buckeyesteel.example",
    address: { line1: "400 Mill Rd", city: "Toledo", region: "OH", postalCode: "43604", country: "US" },
    termsExternalId: "NET30",
  },
  items: {
    sku: "WID-100",
    name: "Widget 100",
    type: "inventory",
    unitPrice: "12.50",
    unitCost: "7.10",
    quantityOnHand: "40",
    incomeAccountExternalId: "4000",
    expenseAccountExternalId: "5000",
    assetAccountExternalId: "1300",
    upc: "036000291452",
    partnerNumbers: [
      { customerExternalId: "C-1001", buyerPartNumber: "ACME-88213", vendorPartNumber: "WID-100" },
    ],
  },
  accounts: { number: "4000", name: "Sales", type: "income" },
  terms: { name: "Net 30", dueDays: 30 },
  "tax-codes": { name: "OH Sales Tax", rate: "7.25" },
  "sales-orders": {
    number: "SO-5001",
    customerExternalId: "C-1001",
    date: "2026-11-01",
    lines: [{ itemExternalId: "P-100", quantity: "10", unitPrice: "12.50" }],
    deliveryFee: "15.00",
    discount: "5.00",
    paymentStatus: "unpaid",
  },
  invoices: {
    number: "INV-1001",
    customerExternalId: "C-1001",
    date: "2026-11-02",
    dueDate: "2026-12-02",
    lines: [{ itemExternalId: "P-100", quantity: "3", unitPrice: "12.50" }],
    taxAmount: "2.72",
  },
  bills: {
    number: "BS-88121",
    vendorExternalId: "V-200",
    date: "2026-10-28",
    dueDate: "2026-11-27",
    lines: [
      { accountExternalId: "6100", description: "Shop supplies", amount: "84.20" },
      { itemExternalId: "P-100", quantity: "100", unitCost: "7.10" },
    ],
  },
  "purchase-orders": {
    number: "PO-3001",
    vendorExternalId: "V-200",
    date: "2026-10-20",
    lines: [{ itemExternalId: "P-100", quantity: "100", unitCost: "7.10" }],
    receipts: [{ date: "2026-10-27", lines: [{ line: 1, quantity: "60" }] }],
  },
  "journal-entries": {
    number: "JE-12",
    date: "2026-10-31",
    memo: "October depreciation",
    lines: [
      { accountExternalId: "6900", debit: "1250.00" },
      { accountExternalId: "1590", credit: "1250.00" },
    ],
  },
  payments: {
    customerExternalId: "C-1001",
    date: "2026-11-20",
    amount: "40.22",
    method: "check",
    reference: "10442",
    applications: [{ invoiceExternalId: "INV-1001", amount: "40.22" }],
  },
  shipments: {
    number: "SH-7001",
    customerExternalId: "C-1001",
    salesOrderExternalId: "SO-5001",
    shipDate: "2026-11-03",
    carrier: "UPS",
    carrierCode: "UPSN",
    cartons: [{ sscc: "000123450000000010", items: [{ itemExternalId: "P-100", quantity: "10" }] }],
  },
};
