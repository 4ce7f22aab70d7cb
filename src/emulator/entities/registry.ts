// Every entity the emulator serves, found by QuickBooks name ("JournalEntry") or by the lower-case
// resource segment of its URL ("journalentry").
import type { QboObject } from "../store/company.ts";
import { Deposit } from "./deposits.ts";
import { JournalEntry } from "./journal.ts";
import {
  Account,
  Class,
  CompanyInfo,
  Department,
  Item,
  PaymentMethod,
  Preferences,
  TaxAgency,
  TaxCode,
  TaxRate,
  Term,
} from "./lists.ts";
import { Customer, Employee, Vendor } from "./names.ts";
import { BillPayment, Payment } from "./payments.ts";
import { Bill, Purchase, PurchaseOrder, VendorCredit } from "./purchases.ts";
import { CreditMemo, Estimate, Invoice, RefundReceipt, SalesReceipt } from "./sales.ts";
import type { EntitySpec } from "./spec.ts";
import { Transfer } from "./transfers.ts";

export const SPECS: readonly EntitySpec[] = [
  Account,
  Customer,
  Vendor,
  Employee,
  Item,
  Term,
  TaxCode,
  TaxRate,
  TaxAgency,
  PaymentMethod,
  Class,
  Department,
  CompanyInfo,
  Preferences,
  Estimate,
  Invoice,
  SalesReceipt,
  Payment,
  CreditMemo,
  Bill,
  BillPayment,
  Purchase,
  PurchaseOrder,
  JournalEntry,
  Deposit,
  RefundReceipt,
  VendorCredit,
  Transfer,
];

const BY_NAME = new Map(SPECS.map((s) => [s.name, s]));
const BY_LOWER = new Map(SPECS.map((s) => [s.name.toLowerCase(), s]));

export function specByName(name: string): EntitySpec | undefined {
  return BY_NAME.get(name);
}

/** Case-insensitive lookup, as QuickBooks treats resource segments and query entity names. */
export function specByAnyCase(name: string): EntitySpec | undefined {
  return BY_NAME.get(name) ?? BY_LOWER.get(name.toLowerCase());
}

/** The company store's unique keys: each entity declares its own. */
export function uniqueKeys(entity: string, obj: QboObject): readonly string[] {
  return BY_NAME.get(entity)?.keys?.(obj) ?? [];
}
