// The columns a CSV import understands, per collection. Each column names the record field it fills
// and the header spellings people actually use (a QuickBooks export, an ERP report, a hand-made sheet),
// so a file can usually be imported without renaming its headers. docs/import.md documents these
// tables; a test keeps the two in step.

export type ImportCollection = "customers" | "vendors" | "items" | "accounts" | "terms";

export const importCollections: readonly ImportCollection[] = [
  "customers",
  "vendors",
  "items",
  "accounts",
  "terms",
];

export function isImportCollection(name: string): name is ImportCollection {
  return (importCollections as readonly string[]).includes(name);
}

export type ColumnKind = "text" | "decimal" | "integer" | "boolean" | "enum";

export interface ColumnSpec {
  /** Dotted path of the record field the column fills ("billingAddress.line1"); "externalId" is the id. */
  field: string;
  /** The documented header. */
  header: string;
  /** Other headers accepted for the same column, compared without case, spaces or punctuation. */
  aliases: readonly string[];
  kind: ColumnKind;
  /** For enum columns: accepted spellings (normalised like headers) and the value each stands for. */
  values?: Readonly<Record<string, string>>;
  description: string;
}

function col(
  field: string,
  header: string,
  kind: ColumnKind,
  description: string,
  aliases: readonly string[] = [],
  values?: Readonly<Record<string, string>>,
): ColumnSpec {
  return values
    ? { field, header, aliases, kind, description, values }
    : { field, header, aliases, kind, description };
}

function address(prefix: string, label: string, aliasPrefixes: readonly string[]): ColumnSpec[] {
  const names = (suffixes: readonly string[]) =>
    aliasPrefixes.flatMap((p) => suffixes.map((s) => `${p} ${s}`.trim()));
  const header = (suffix: string) => `${label} ${suffix}`.trim();
  return [
    col(`${prefix}.line1`, header("Address Line 1"), "text", "Street address", [
      ...names(["Address", "Address 1", "Address Line 1", "Street", "Street 1", "Addr 1"]),
    ]),
    col(`${prefix}.line2`, header("Address Line 2"), "text", "Suite, unit, building", [
      ...names(["Address 2", "Address Line 2", "Street 2", "Addr 2"]),
    ]),
    col(`${prefix}.line3`, header("Address Line 3"), "text", "Third address line", [
      ...names(["Address 3", "Address Line 3", "Street 3", "Addr 3"]),
    ]),
    col(`${prefix}.city`, header("City"), "text", "City", [...names(["City", "Town"])]),
    col(`${prefix}.region`, header("State"), "text", "State, province or region code, e.g. IL", [
      ...names(["State", "Region", "Province", "State/Province"]),
    ]),
    col(
      `${prefix}.postalCode`,
      header("ZIP"),
      "text",
      "ZIP or postal code (kept as text: leading zeros stay)",
      [...names(["ZIP", "ZIP Code", "Postal Code", "Postcode", "Zip/Postal Code"])],
    ),
    col(`${prefix}.country`, header("Country"), "text", "Country, preferably an ISO code such as US", [
      ...names(["Country", "Country Code"]),
    ]),
  ];
}

const externalId = (aliases: readonly string[]) =>
  col("externalId", "External ID", "text", "Your system's identifier of the record", [
    "ExternalId",
    "ID",
    "Host ID",
    "Record ID",
    ...aliases,
  ]);

const active = col("active", "Active", "boolean", "yes/no (default yes)", ["Is Active", "Enabled"]);
const currency = col("currency", "Currency", "text", "Three-letter code such as USD", ["Currency Code"]);
const notes = col("notes", "Notes", "text", "Free text", ["Note", "Comments", "Memo"]);

/**
 * A spreadsheet has one row per customer, so its ship-to locations come as numbered groups of columns
 * ("Location 1 Code", "Location 2 Code"…), filled in order. More locations than this go through the API.
 */
export const CSV_LOCATIONS = 3;

function locationColumns(n: number): ColumnSpec[] {
  const field = `locations.${n - 1}`;
  const label = `Location ${n}`;
  const first = (aliases: readonly string[]) => (n === 1 ? aliases : []);
  return [
    col(
      `${field}.code`,
      `${label} Code`,
      "text",
      `Your code for ship-to location ${n}, unique within the customer`,
      [...first(["Location Code", "Ship To Code", "Store Code"])],
    ),
    col(`${field}.name`, `${label} Name`, "text", `Name of ship-to location ${n}`, [
      ...first(["Location Name", "Ship To Name", "Store Name"]),
    ]),
    col(
      `${field}.partnerLocationId`,
      `${label} Partner ID`,
      "text",
      "The customer's own id of the location in its EDI orders (N1*ST N104): a store or DC number, a GLN",
      [...first(["Partner Location ID", "Store Number", "DC Number"])],
    ),
    ...address(`${field}.address`, label, [label]),
  ];
}

/** Items: numbered groups of partner numbers ("Partner 1 Customer ID", "Partner 1 Buyer Part Number"…). */
export const CSV_PARTNER_NUMBERS = 3;

function partnerNumberColumns(n: number): ColumnSpec[] {
  const field = `partnerNumbers.${n - 1}`;
  const label = `Partner ${n}`;
  const first = (aliases: readonly string[]) => (n === 1 ? aliases : []);
  return [
    col(
      `${field}.customerExternalId`,
      `${label} Customer ID`,
      "text",
      "External ID of the customer these numbers belong to; empty: every partner",
      [...first(["Partner Customer ID"])],
    ),
    col(
      `${field}.buyerPartNumber`,
      `${label} Buyer Part Number`,
      "text",
      "The buyer's item number (PO1 BP)",
      [...first(["Buyer Part Number", "Buyer Item Number", "Customer Part Number"])],
    ),
    col(
      `${field}.vendorPartNumber`,
      `${label} Vendor Part Number`,
      "text",
      "Your item number as the partner orders it (PO1 VN)",
      [...first(["Vendor Part Number", "Vendor Item Number"])],
    ),
    col(`${field}.upc`, `${label} UPC`, "text", "The barcode the partner orders by, when it differs", []),
  ];
}

const numbered = (count: number, group: (n: number) => ColumnSpec[]) =>
  Array.from({ length: count }, (_, i) => group(i + 1)).flat();

const CUSTOMERS: readonly ColumnSpec[] = [
  externalId(["Customer ID", "Customer Number", "Customer No", "Customer #", "Cust ID", "Cust No"]),
  col("name", "Name", "text", "Display name, unique among customers and vendors", [
    "Customer Name",
    "Customer",
    "Display Name",
    "Customer Display Name",
  ]),
  col("companyName", "Company Name", "text", "Legal or trading name, when it differs", [
    "Company",
    "Business Name",
  ]),
  col("givenName", "First Name", "text", "Contact's first name", ["Given Name", "Contact First Name"]),
  col("familyName", "Last Name", "text", "Contact's last name", [
    "Family Name",
    "Surname",
    "Contact Last Name",
  ]),
  col("parentExternalId", "Parent ID", "text", "External ID of the parent customer (for branches and jobs)", [
    "Parent",
    "Parent External ID",
    "Parent Customer",
    "Parent Customer ID",
  ]),
  col("email", "Email", "text", "Billing e-mail address", [
    "E-mail",
    "Email Address",
    "E-mail Address",
    "Billing Email",
    "Main Email",
  ]),
  col("phone", "Phone", "text", "Main phone", ["Phone Number", "Telephone", "Main Phone", "Work Phone"]),
  col("mobile", "Mobile", "text", "Mobile phone", ["Mobile Phone", "Cell", "Cell Phone"]),
  ...address("billingAddress", "Billing", ["Billing", "Bill To", "Bill", ""]),
  ...address("shippingAddress", "Shipping", ["Shipping", "Ship To", "Ship"]),
  ...numbered(CSV_LOCATIONS, locationColumns),
  col("termsExternalId", "Terms", "text", "External ID of the payment term", [
    "Terms ID",
    "Payment Terms",
    "Term",
  ]),
  col("taxCodeExternalId", "Tax Code", "text", "External ID of the default tax code", [
    "Tax Code ID",
    "Sales Tax Code",
  ]),
  col("taxable", "Taxable", "boolean", "yes/no", ["Is Taxable"]),
  col("taxExemptionReason", "Tax Exemption Reason", "text", "Why the customer is exempt, e.g. resale", [
    "Exemption Reason",
    "Tax Exempt Reason",
  ]),
  currency,
  notes,
  active,
];

const VENDORS: readonly ColumnSpec[] = [
  externalId(["Vendor ID", "Vendor Number", "Vendor No", "Vendor #", "Supplier ID"]),
  col("name", "Name", "text", "Display name, unique among customers and vendors", [
    "Vendor Name",
    "Vendor",
    "Supplier",
    "Supplier Name",
    "Display Name",
  ]),
  col("companyName", "Company Name", "text", "Legal or trading name, when it differs", [
    "Company",
    "Business Name",
  ]),
  col("email", "Email", "text", "E-mail address", [
    "E-mail",
    "Email Address",
    "E-mail Address",
    "Remit Email",
  ]),
  col("phone", "Phone", "text", "Main phone", ["Phone Number", "Telephone", "Main Phone"]),
  ...address("address", "", ["", "Vendor", "Remit To", "Billing"]),
  col("termsExternalId", "Terms", "text", "External ID of the payment term", [
    "Terms ID",
    "Payment Terms",
    "Term",
  ]),
  col("accountNumber", "Account Number", "text", "Your account number with this vendor", [
    "Account No",
    "Acct No",
    "Our Account Number",
  ]),
  col("taxId", "Tax ID", "text", "Vendor's tax identification number (EIN)", [
    "EIN",
    "TIN",
    "Business ID No",
  ]),
  col("is1099", "1099", "boolean", "yes/no: the vendor gets a 1099", [
    "Track 1099",
    "Is 1099",
    "1099 Vendor",
  ]),
  currency,
  notes,
  active,
];

const ITEM_TYPES: Record<string, string> = {
  inventory: "inventory",
  inventorypart: "inventory",
  inventoryitem: "inventory",
  stock: "inventory",
  noninventory: "non_inventory",
  noninventorypart: "non_inventory",
  noninventoryitem: "non_inventory",
  nonstock: "non_inventory",
  service: "service",
  services: "service",
  labor: "service",
};

const ITEMS: readonly ColumnSpec[] = [
  externalId(["Item ID", "Product ID", "Part ID"]),
  col("sku", "SKU", "text", "Stock keeping unit; may be empty", [
    "Part Number",
    "Part No",
    "Part #",
    "Item Code",
    "Item Number",
  ]),
  col("name", "Name", "text", "Item name, unique among items", [
    "Item Name",
    "Item",
    "Product Name",
    "Product/Service",
    "Product/Service Name",
    "Part Name",
  ]),
  col("description", "Description", "text", "Sales description", ["Sales Description", "Item Description"]),
  col("purchaseDescription", "Purchase Description", "text", "Description on purchase orders", [
    "Purchasing Description",
  ]),
  col(
    "type",
    "Type",
    "enum",
    "Inventory, Non-inventory or Service",
    ["Item Type", "Product Type"],
    ITEM_TYPES,
  ),
  col(
    "unitPrice",
    "Unit Price",
    "decimal",
    "Sales price, e.g. 12.50 ($ and thousands separators are accepted)",
    ["Price", "Sales Price", "Rate", "Sales Price/Rate", "List Price"],
  ),
  col("unitCost", "Unit Cost", "decimal", "Purchase cost", ["Cost", "Purchase Cost", "Standard Cost"]),
  col("quantityOnHand", "Quantity On Hand", "decimal", "Inventory items only", [
    "Qty On Hand",
    "QOH",
    "On Hand",
    "Quantity",
    "Qty",
  ]),
  col("quantityAsOf", "Quantity As Of", "text", "Date of the count, YYYY-MM-DD", [
    "As Of Date",
    "Inventory As Of",
    "Qty As Of",
  ]),
  col("incomeAccountExternalId", "Income Account", "text", "External ID of the income account", [
    "Income Account ID",
    "Sales Account",
  ]),
  col("expenseAccountExternalId", "Expense Account", "text", "External ID of the expense or COGS account", [
    "Expense Account ID",
    "COGS Account",
    "Cost Of Goods Sold Account",
  ]),
  col("assetAccountExternalId", "Asset Account", "text", "External ID of the inventory asset account", [
    "Asset Account ID",
    "Inventory Asset Account",
    "Inventory Account",
  ]),
  col("preferredVendorExternalId", "Preferred Vendor", "text", "External ID of the usual vendor", [
    "Preferred Vendor ID",
    "Vendor ID",
    "Vendor",
  ]),
  col("upc", "UPC", "text", "UPC/EAN/GTIN, 8 to 14 digits", ["EAN", "GTIN", "Barcode"]),
  ...numbered(CSV_PARTNER_NUMBERS, partnerNumberColumns),
  col("taxable", "Taxable", "boolean", "yes/no", ["Is Taxable", "Sales Tax"]),
  active,
];

const ACCOUNT_TYPES: Record<string, string> = {
  bank: "bank",
  accountsreceivable: "accounts_receivable",
  accountsreceivablear: "accounts_receivable",
  ar: "accounts_receivable",
  othercurrentasset: "other_current_asset",
  othercurrentassets: "other_current_asset",
  fixedasset: "fixed_asset",
  fixedassets: "fixed_asset",
  otherasset: "other_asset",
  otherassets: "other_asset",
  accountspayable: "accounts_payable",
  accountspayableap: "accounts_payable",
  ap: "accounts_payable",
  creditcard: "credit_card",
  othercurrentliability: "other_current_liability",
  othercurrentliabilities: "other_current_liability",
  longtermliability: "long_term_liability",
  longtermliabilities: "long_term_liability",
  equity: "equity",
  income: "income",
  revenue: "income",
  otherincome: "other_income",
  costofgoodssold: "cost_of_goods_sold",
  cogs: "cost_of_goods_sold",
  expense: "expense",
  expenses: "expense",
  otherexpense: "other_expense",
};

const ACCOUNTS: readonly ColumnSpec[] = [
  externalId(["Account ID"]),
  col("number", "Number", "text", "Account number in the chart of accounts", [
    "Account Number",
    "Account No",
    "Acct No",
    "Acct Num",
    "Account #",
  ]),
  col("name", "Name", "text", "Account name (no ':')", ["Account Name", "Account", "Full Name"]),
  col(
    "type",
    "Type",
    "enum",
    "Bank, Accounts Receivable, Other Current Asset, Fixed Asset, Other Asset, Accounts Payable, Credit Card, Other Current Liability, Long Term Liability, Equity, Income, Other Income, Cost of Goods Sold, Expense or Other Expense",
    ["Account Type"],
    ACCOUNT_TYPES,
  ),
  col("subType", "Detail Type", "text", "QuickBooks detail type, when known", [
    "Sub Type",
    "Subtype",
    "Account Subtype",
  ]),
  col("description", "Description", "text", "What the account is for", ["Account Description"]),
  col("parentExternalId", "Parent ID", "text", "External ID of the parent account", [
    "Parent",
    "Parent Account",
    "Subaccount Of",
  ]),
  currency,
  active,
];

const TERMS: readonly ColumnSpec[] = [
  externalId(["Term ID", "Terms ID"]),
  col("name", "Name", "text", "Term name as printed, e.g. Net 30", ["Term", "Terms", "Term Name"]),
  col("dueDays", "Due Days", "integer", "Days after the document date the amount is due", [
    "Net Due Days",
    "Net Days",
    "Due In Days",
    "Days",
  ]),
  col("dayOfMonthDue", "Day Of Month Due", "integer", "For date-driven terms: day of the month it is due", [
    "Due Day",
  ]),
  col(
    "dueNextMonthDays",
    "Due Next Month Days",
    "integer",
    "Date-driven terms: documents this close roll to next month",
    ["Due Next Month If Within"],
  ),
  col("discountPercent", "Discount Percent", "decimal", "Early-payment discount, e.g. 2 or 2%", [
    "Discount %",
    "Discount",
    "Early Payment Discount",
  ]),
  col("discountDays", "Discount Days", "integer", "Days within which the discount applies", [
    "Discount If Paid Within",
    "Discount Within Days",
  ]),
  active,
];

export const importColumns: Readonly<Record<ImportCollection, readonly ColumnSpec[]>> = {
  customers: CUSTOMERS,
  vendors: VENDORS,
  items: ITEMS,
  accounts: ACCOUNTS,
  terms: TERMS,
};

/**
 * When a file has no External ID column, these collections take the id from another column that is
 * unique by nature; customers and vendors have no such column and must carry an id.
 */
export const externalIdFallback: Readonly<Partial<Record<ImportCollection, string>>> = {
  accounts: "number",
  terms: "name",
  items: "sku",
};

/** Lowercase letters and digits only: "E-mail Address" and "email_address" compare equal. */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKD")
    .toLowerCase()
    .replace(/#/g, "number")
    .replace(/[^a-z0-9]/g, "");
}
