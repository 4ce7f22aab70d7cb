// Which fields a query may filter on (WHERE) and sort by (ORDERBY), per entity. Intuit's entity reference
// marks each field "filterable" and/or "sortable" and refuses the rest with 4001 `QueryValidationError:
// property 'X' is not queryable` (quickbooks-ruby #403, raw response; Intuit staff on DotNET SDK #163:
// "The property which are mentioned as filterable are only queryable").
//
// Sources, per line below:
// - [xsd]  the Filterable/Sortable annotations of Intuit's XSD (../shared/qbo/xsd, Finance.xsd and
//          IntuitBaseTypes.xsd): Id and MetaData.CreateTime/LastUpdatedTime on every entity, and the
//          entity-specific marks quoted per line.
// - [ref]  Intuit's API reference pages (developer.intuit.com .../all-entities/<entity>) as mirrored
//          field by field in Nytely-Official/quickbooks-api (src/types/classes/*.ts, enums/filters.ts):
//          Customer, Invoice, Estimate, Account, Bill, Payment.
// - [rb403] quickbooks-ruby #403: the Vendor fields that are NOT filterable (SyncToken, Title,
//          PrimaryPhone, AlternatePhone, Mobile, Fax, PrimaryEmailAddr, WebAddr, BillAddr,
//          OtherContactInfo, TaxIdentifier, TermRef, Balance, AcctNum, Vendor1099, CurrencyRef,
//          TaxReportingBasis, APAccountRef); the rest of the page's fields are.
// - [mcp8] laf-rge/quickbooks-mcp #8: DepartmentRef and AccountRef on Purchase and Bill are not
//          filterable; `Line` sub-fields never are (DETAILS.md §11).
// - [doc]  Intuit's data-queries page: TxnDate and DocNumber are the documented filters of every
//          transaction (its examples and the transaction pages).
// Entities whose reference page could not be read keep the [xsd] marks plus [doc]; a field missing here
// that Intuit accepts makes the emulator stricter than Intuit, which a test notices at once (a 4001),
// whereas the reverse would hide a client's bug behind an empty answer.

import type { FieldCatalogue } from "../query/index.ts";
import { NESTED, PROPERTIES, REFERENCE_PROPERTIES } from "./fields.ts";

export interface Queryable {
  /** Field paths a WHERE clause may use, as Intuit spells them (`MetaData.LastUpdatedTime`). */
  filterable: readonly string[];
  /** Field paths an ORDERBY clause may use. */
  sortable: readonly string[];
}

/** On every entity [xsd]: IntuitEntity.Id, ModificationMetaData.CreateTime and LastUpdatedTime. */
const EVERY = ["Id", "MetaData.CreateTime", "MetaData.LastUpdatedTime"];

/** TxnDate and DocNumber on every transaction [doc][ref]. */
const TXN = ["TxnDate", "DocNumber"];

function fields(filterOnly: readonly string[], both: readonly string[], sortOnly: readonly string[] = []) {
  return {
    filterable: [...EVERY, ...both, ...filterOnly],
    sortable: [...EVERY, ...both, ...sortOnly],
  } satisfies Queryable;
}

const NAME_PARTS = [
  "DisplayName",
  "GivenName",
  "MiddleName",
  "FamilyName",
  "CompanyName",
  "PrintOnCheckName",
];

export const QUERYABLE: Readonly<Record<string, Queryable>> = {
  // [ref] customer page; [xsd] BalanceWithJobs filterable.
  Customer: fields(
    ["PrimaryEmailAddr"],
    [...NAME_PARTS, "Active", "Balance", "FullyQualifiedName", "BalanceWithJobs"],
  ),
  // [rb403] everything else on the Vendor page; Active filterable only.
  Vendor: fields(["Active", "Suffix"], NAME_PARTS),
  // [xsd] DisplayName, Active; name parts as on Customer and Vendor.
  Employee: fields(["Active"], NAME_PARTS),
  // [xsd] Name, Sku, Description filterable and sortable; Active, Type filterable; UnitPrice both;
  // QtyOnHand sortable. FullyQualifiedName as on the other hierarchical lists.
  Item: fields(
    ["Active", "Type"],
    ["Name", "Sku", "Description", "UnitPrice", "FullyQualifiedName"],
    ["QtyOnHand"],
  ),
  // [ref] account page; AcctNum is NOT (DotNET SDK #163).
  Account: fields(
    [],
    [
      "Name",
      "AccountType",
      "AccountSubType",
      "Classification",
      "Active",
      "FullyQualifiedName",
      "CurrentBalance",
      "CurrentBalanceWithSubAccounts",
    ],
  ),
  // [xsd] Name, Active.
  Term: fields(["Active"], ["Name"]),
  Class: fields(["Active"], ["Name", "FullyQualifiedName"]),
  Department: fields(["Active"], ["Name", "FullyQualifiedName"]),
  PaymentMethod: fields(["Active", "Type"], ["Name"]),
  // [xsd] Name both; Active, Hidden filterable (TaxCode); Name, Active, RateValue (TaxRate).
  TaxCode: fields(["Active", "Hidden"], ["Name"]),
  TaxRate: fields(["Active", "RateValue"], ["Name"]),
  TaxAgency: fields([], ["DisplayName"]),
  CompanyInfo: fields([], []),
  Preferences: fields([], []),
  // [ref] invoice page: CustomerRef, ProjectRef, SalesTermRef filterable; TxnDate, DueDate, Balance,
  // DocNumber both. [xsd] HomeBalance both. Sales receipts and credit memos carry the same marks in the
  // XSD (CustomerRef, DueDate, Balance, HomeBalance).
  Invoice: fields(
    ["CustomerRef", "ProjectRef", "SalesTermRef"],
    [...TXN, "DueDate", "Balance", "HomeBalance"],
  ),
  SalesReceipt: fields(["CustomerRef", "ProjectRef"], [...TXN, "DueDate", "Balance", "HomeBalance"]),
  CreditMemo: fields(["CustomerRef", "ProjectRef"], [...TXN, "DueDate", "Balance", "HomeBalance"]),
  RefundReceipt: fields(["CustomerRef", "ProjectRef"], [...TXN, "DueDate", "Balance", "HomeBalance"]),
  // [ref] estimate filters.
  Estimate: fields(
    ["CustomerRef", "ProjectRef"],
    [...TXN, "DueDate", "ExpirationDate", "AcceptedDate", "Balance", "HomeBalance"],
  ),
  // [ref] payment page: CustomerRef, ProjectRef filterable; TxnDate, TotalAmt both.
  Payment: fields(["CustomerRef", "ProjectRef"], [...TXN, "TotalAmt"]),
  // [ref] bill page; [mcp8] not DepartmentRef, APAccountRef.
  Bill: fields(["VendorRef", "SalesTermRef"], [...TXN, "DueDate", "TotalAmt", "Balance", "HomeBalance"]),
  // [xsd] PayType filterable, TotalAmt both; VendorRef as on bills.
  BillPayment: fields(["VendorRef", "PayType"], [...TXN, "TotalAmt"]),
  // [xsd] PaymentType, Credit filterable, TotalAmt both; [mcp8] not AccountRef, DepartmentRef.
  Purchase: fields(["PaymentType", "Credit"], [...TXN, "TotalAmt"]),
  // [xsd] VendorRef filterable, TotalAmt both. A purchase order has no CustomerRef of its own.
  PurchaseOrder: fields(["VendorRef"], [...TXN, "TotalAmt"]),
  // [xsd] VendorRef filterable, TotalAmt and Balance both.
  VendorCredit: fields(["VendorRef"], [...TXN, "TotalAmt", "Balance"]),
  JournalEntry: fields([], TXN),
  Deposit: fields([], TXN),
  Transfer: fields([], ["TxnDate"]),
};

const lower = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const CLASSES = new Map(Object.entries(PROPERTIES).map(([cls, props]) => [cls, lower(props)]));
const REFERENCE = lower(REFERENCE_PROPERTIES);

/** Whether a property path exists in a schema class, following nested classes; unknown classes pass. */
function hasPath(cls: string, path: readonly string[]): boolean {
  let current: string | undefined = cls;
  for (const segment of path) {
    if (current === undefined) return true;
    const props: ReadonlyMap<string, string> | undefined =
      current === "ReferenceType" ? REFERENCE : CLASSES.get(current);
    if (!props) return true;
    const name: string | undefined = props.get(segment.toLowerCase());
    if (name === undefined) return false;
    current = NESTED[current]?.[name];
  }
  return true;
}

const catalogues = new Map<string, FieldCatalogue>();

/** What a query on this entity may name, built once per entity. */
export function queryCatalogue(entity: string): FieldCatalogue {
  let catalogue = catalogues.get(entity);
  if (!catalogue) {
    const marks = QUERYABLE[entity] ?? fields([], []);
    catalogue = {
      has: (path) => hasPath(entity, path),
      filterable: new Set(marks.filterable.map((f) => f.toLowerCase())),
      sortable: new Set(marks.sortable.map((f) => f.toLowerCase())),
    };
    catalogues.set(entity, catalogue);
  }
  return catalogue;
}
