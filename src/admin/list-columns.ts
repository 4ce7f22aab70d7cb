// What each collection's list shows besides the record's title and sync status: for documents, the
// date, who it is with, the money and where it stands, as a bookkeeper reads a register. Declared as
// data; src/store/browse.ts turns each source into the SQL that both shows and sorts the column.
import { type CollectionName, collections } from "#domain/collections.ts";
import { recordSortKeys, type ValueSource } from "#store/browse.ts";

/** How the web app shows a column's value. */
export type ColumnLook = "date" | "money" | "reference" | "code" | "text";

export interface ListColumn {
  key: string;
  label: string;
  look: ColumnLook;
  /** For "reference" columns, the collection the link leads into. */
  target?: CollectionName;
  source: ValueSource;
}

/** The columns as the web app receives them (how each value is computed stays on the server). */
export type ListColumnView = Omit<ListColumn, "source">;

const text = (key: string, label: string, look: ColumnLook = "text", from = key): ListColumn => ({
  key,
  label,
  look,
  source: { kind: "text", field: from },
});

const party = (target: "customers" | "vendors"): ListColumn => {
  const key = target === "customers" ? "customer" : "vendor";
  return {
    key,
    label: target === "customers" ? "Customer" : "Vendor",
    look: "reference",
    target,
    source: { kind: "name", field: `${key}ExternalId`, target, titleField: collections[target].titleField },
  };
};

const total: ListColumn = { key: "total", label: "Total", look: "money", source: { kind: "total" } };

const columns: Partial<Record<CollectionName, ListColumn[]>> = {
  invoices: [
    text("date", "Date", "date"),
    party("customers"),
    text("dueDate", "Due", "date"),
    total,
    {
      key: "balance",
      label: "Balance",
      look: "money",
      source: { kind: "balance", paid: { appliedBy: "payments", appliedField: "invoiceExternalId" } },
    },
  ],
  "sales-orders": [
    text("date", "Date", "date"),
    party("customers"),
    total,
    {
      key: "balance",
      label: "Balance",
      look: "money",
      source: { kind: "balance", paid: { field: "amountPaid" } },
    },
    text("status", "Status", "code"),
  ],
  bills: [text("date", "Date", "date"), party("vendors"), text("dueDate", "Due", "date"), total],
  "purchase-orders": [
    text("date", "Date", "date"),
    party("vendors"),
    text("expectedDate", "Expected", "date"),
    { ...total, source: { kind: "lines-sum", field: "amount" } },
    text("status", "Status", "code"),
  ],
  "journal-entries": [
    text("date", "Date", "date"),
    text("memo", "Memo"),
    { ...total, source: { kind: "lines-sum", field: "debit" } },
  ],
  payments: [
    text("date", "Date", "date"),
    party("customers"),
    text("method", "Method", "code"),
    { key: "total", label: "Amount", look: "money", source: { kind: "number", field: "amount" } },
  ],
  shipments: [text("shipDate", "Shipped", "date"), party("customers"), text("carrier", "Carrier")],
};

/** The extra columns of a collection's list; none for names such as customers and items. */
export function listColumns(collection: CollectionName): ListColumn[] {
  return columns[collection] ?? [];
}

/** What a list's title column is called: documents go by their number, names by their name. */
export function titleLabel(collection: CollectionName): "Number" | "Name" {
  return collections[collection].titleField === "number" ? "Number" : "Name";
}

/** Every key a collection's list may be sorted by. */
export function sortKeys(collection: CollectionName): string[] {
  return [...recordSortKeys, ...listColumns(collection).map((c) => c.key)];
}

/** A document list opens with the latest date first; a list of names with the latest change first. */
export function defaultSort(collection: CollectionName): { by: string; direction: "asc" | "desc" } {
  const dated = listColumns(collection).find((c) => c.look === "date");
  return { by: dated?.key ?? "updated", direction: "desc" };
}
