// The demo company, its customers and its vendors. Customers are mostly distributors and manufacturers
// around the Great Lakes; some are branches of one parent that pays centrally (and shares its accounts
// payable e-mail), a few are sole proprietors, a few share an outside bookkeeper's inbox, and some have
// no e-mail at all — the mix a matching engine and an invoice mailer meet in real books.

import type { RecordInput } from "#domain/collections.ts";
import type { Address } from "#domain/common.ts";
import { type DemoTaxCode, type DemoTerm, TAX_CODES, TERMS } from "./ledger.ts";
import {
  CITIES,
  type City,
  COMPANY_SUFFIXES,
  CUSTOMER_TRADES,
  FIRST_NAMES,
  LAST_NAMES,
  NAME_STEMS,
  STREETS,
  SUITES,
  VENDORS,
  type VendorProfile,
} from "./places.ts";
import type { Random } from "./random.ts";
import type { DemoRecord } from "./types.ts";

export const DEMO_COMPANY = {
  name: "Harlan Precision Fastener & Machine Co.",
  address: {
    line1: "2450 Harrison Ave",
    city: "Rockford",
    region: "IL",
    postalCode: "61104",
    country: "US",
  } satisfies Address,
  phone: "(815) 555-0100",
  email: "office@harlanprecision.example",
};

export type CustomerKind = "distributor" | "manufacturer" | "individual" | "branch" | "parent";

/** What the document generators need to know about a customer besides its record. */
export interface DemoCustomer {
  externalId: string;
  name: string;
  kind: CustomerKind;
  email?: string;
  terms: DemoTerm;
  taxCode: DemoTaxCode;
  billing: Address;
  shipping: Address;
  active: boolean;
  /** Relative share of the invoices: a few customers buy most. */
  volume: number;
  /** How the customer numbers its purchase orders, when it sends them. */
  poPrefix?: string;
  parentExternalId?: string;
  givenName?: string;
  familyName?: string;
}

export interface DemoVendor {
  externalId: string;
  name: string;
  profile: VendorProfile;
  terms: DemoTerm;
}

export class NameBook {
  readonly #taken = new Set<string>();
  readonly #domains = new Set<string>();

  /** Claims a display name; QuickBooks compares them without case across customers and vendors. */
  claim(name: string): boolean {
    const key = name.toLowerCase();
    if (this.#taken.has(key)) return false;
    this.#taken.add(key);
    return true;
  }

  domainFor(name: string): string {
    const base = name
      .toLowerCase()
      .replace(/&/g, "and")
      .replace(/\b(inc|llc|co|corp|company|the)\b\.?/g, "")
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 28);
    let domain = `${base}.example`;
    for (let n = 2; this.#domains.has(domain); n++) domain = `${base}${n}.example`;
    this.#domains.add(domain);
    return domain;
  }
}

function term(id: string): DemoTerm {
  const found = TERMS.find((t) => t.externalId === id);
  if (!found) throw new Error(`no demo term ${id}`);
  return found;
}

function taxCode(id: string): DemoTaxCode {
  const found = TAX_CODES.find((t) => t.externalId === id);
  if (!found) throw new Error(`no demo tax code ${id}`);
  return found;
}

export function cityNamed(name: string): City {
  const found = CITIES.find((c) => c.city === name);
  if (!found) throw new Error(`no demo city ${name}`);
  return found;
}

function pickCity(random: Random): City {
  return random.weighted(CITIES.map((c) => [c, c.weight] as const));
}

function street(random: Random): Pick<Address, "line1" | "line2"> {
  const line1 = `${random.int(100, 9899)} ${random.pick(STREETS)}`;
  return random.chance(0.2) ? { line1, line2: random.pick(SUITES) } : { line1 };
}

function addressIn(random: Random, city: City): Address {
  return {
    ...street(random),
    city: city.city,
    region: city.region,
    postalCode: city.postalCode,
    country: "US",
  };
}

function phoneIn(random: Random, city: City): string {
  return `(${city.areaCode}) 555-01${String(random.int(0, 99)).padStart(2, "0")}`;
}

function customerTerms(random: Random): DemoTerm {
  return term(
    random.weighted([
      ["net-30", 50],
      ["2-10-net-30", 14],
      ["net-15", 10],
      ["due-on-receipt", 7],
      ["net-45", 8],
      ["net-60", 4],
      ["1-10-net-30", 3],
      ["10th-prox", 4],
    ]),
  );
}

/** Distributors buy for resale; manufacturers in Illinois and Wisconsin pay sales tax unless exempt. */
function customerTaxCode(random: Random, kind: CustomerKind, city: City): DemoTaxCode {
  if (city.region !== "IL" && city.region !== "WI") return taxCode("NON");
  if (kind === "distributor" || kind === "parent" || kind === "branch") return taxCode("RESALE");
  if (kind === "manufacturer" && random.chance(0.25)) return taxCode("MFG");
  return taxCode(city.region);
}

function companyName(random: Random, names: NameBook, trades: readonly string[]): string {
  for (;;) {
    const suffix = random.weighted(COMPANY_SUFFIXES);
    const name = `${random.pick(NAME_STEMS)} ${random.pick(trades)}${suffix ? ` ${suffix}` : ""}`;
    if (names.claim(name)) return name;
  }
}

function payablesEmail(random: Random, domain: string): string {
  return `${random.pick(["ap", "accountspayable", "invoices", "payables", "billing", "ap.invoices"])}@${domain}`;
}

const DISTRIBUTOR_TRADES = CUSTOMER_TRADES.slice(0, 4);
const MANUFACTURER_TRADES = CUSTOMER_TRADES.slice(4);

const NOTES = [
  "Mill certs required with every shipment",
  "PO number must appear on the invoice",
  "Ship on customer's freight account",
  "Deliver to receiving dock, 7am-2pm only",
  "Send invoices by e-mail only",
  "Credit hold if over 60 days",
];

/** Builds `count` customers: parents and their branches first, so a branch never precedes its parent. */
export function buildCustomers(random: Random, names: NameBook, count: number): DemoCustomer[] {
  const out: DemoCustomer[] = [];
  let next = 1001;
  const id = () => `C-${next++}`;

  const base = (kind: CustomerKind, name: string, city: City, email: string | undefined): DemoCustomer => {
    const billing = addressIn(random, city);
    const shipping = random.chance(0.25) ? addressIn(random, city) : billing;
    const customer: DemoCustomer = {
      externalId: id(),
      name,
      kind,
      terms: customerTerms(random),
      taxCode: customerTaxCode(random, kind, city),
      billing,
      shipping,
      active: !random.chance(0.03),
      volume:
        kind === "individual"
          ? 0.3
          : random.weighted([
              [0.5, 5],
              [1, 8],
              [3, 4],
              [8, 1],
            ]),
    };
    if (email) customer.email = email;
    if (kind !== "individual" && random.chance(0.7))
      customer.poPrefix = random.pick(["PO", "4500", "P", "PO-", "REQ"]);
    return customer;
  };

  // Parents with branches: the branches ship locally but are billed to the parent's head office.
  for (let p = 0; p < 10; p++) {
    const name = companyName(random, names, DISTRIBUTOR_TRADES);
    const hq = pickCity(random);
    const domain = names.domainFor(name);
    const parent = base("parent", name, hq, payablesEmail(random, domain));
    parent.volume = 2;
    out.push(parent);
    const branchCities = random.sample(
      CITIES.filter((c) => c !== hq),
      random.int(2, 4),
    );
    for (const city of branchCities) {
      const branchName = `${name.replace(/\s+(Inc\.?|LLC|Co\.|Corp\.|Company)$/, "")} - ${city.city}`;
      if (!names.claim(branchName)) continue;
      const branch = base("branch", branchName, city, parent.email);
      branch.billing = parent.billing;
      branch.shipping = addressIn(random, city);
      branch.terms = parent.terms;
      branch.parentExternalId = parent.externalId;
      out.push(branch);
    }
  }

  // Three small shops whose books are kept by the same outside bookkeeper.
  const bookkeeper = "invoices@statelinebookkeeping.example";
  for (let i = 0; i < 3; i++) {
    const city = cityNamed(random.pick(["Rockford", "Loves Park", "Belvidere"]));
    out.push(base("manufacturer", companyName(random, names, MANUFACTURER_TRADES), city, bookkeeper));
  }

  // Sole proprietors: a farmer, a hobby machinist, a millwright who buys on his own account.
  for (let i = 0; i < 8; i++) {
    let first: string;
    let last: string;
    do {
      first = random.pick(FIRST_NAMES);
      last = random.pick(LAST_NAMES);
    } while (!names.claim(`${first} ${last}`));
    const city = pickCity(random);
    const email = random.chance(0.6)
      ? `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, "")}@${random.pick(["mail", "inbox", "post"])}.example`
      : undefined;
    const person = base("individual", `${first} ${last}`, city, email);
    person.givenName = first;
    person.familyName = last;
    person.terms = term("due-on-receipt");
    out.push(person);
  }

  while (out.length < count) {
    const kind: CustomerKind = random.chance(0.35) ? "distributor" : "manufacturer";
    const name = companyName(
      random,
      names,
      kind === "distributor" ? DISTRIBUTOR_TRADES : MANUFACTURER_TRADES,
    );
    const email = random.chance(0.9) ? payablesEmail(random, names.domainFor(name)) : undefined;
    out.push(base(kind, name, pickCity(random), email));
  }
  return out.slice(0, count);
}

export function customerRecord(random: Random, customer: DemoCustomer): DemoRecord<"customers"> {
  const data: RecordInput<"customers"> = {
    name: customer.name,
    billingAddress: customer.billing,
    termsExternalId: customer.terms.externalId,
    taxCodeExternalId: customer.taxCode.externalId,
    taxable: customer.taxCode.basisPoints !== undefined,
    active: customer.active,
  };
  if (customer.kind !== "individual") data.companyName = customer.name.replace(/ - .*$/, "");
  if (customer.givenName) data.givenName = customer.givenName;
  if (customer.familyName) data.familyName = customer.familyName;
  if (customer.parentExternalId) data.parentExternalId = customer.parentExternalId;
  if (customer.email) data.email = customer.email;
  // A branch answers its own phone: its number is local to where it ships, not to head office.
  const city = CITIES.find(
    (c) => c.city === (customer.kind === "branch" ? customer.shipping : customer.billing).city,
  );
  if (city && random.chance(0.92)) data.phone = phoneIn(random, city);
  if (customer.shipping !== customer.billing) data.shippingAddress = customer.shipping;
  if (customer.taxCode.externalId === "RESALE") data.taxExemptionReason = "Resale";
  if (customer.taxCode.externalId === "MFG") data.taxExemptionReason = "Manufacturing machinery";
  if (random.chance(0.12)) data.notes = random.pick(NOTES);
  return { externalId: customer.externalId, data };
}

/** Vendors claim their names first, so a generated customer name can never take one. */
export function buildVendors(names: NameBook): DemoVendor[] {
  return VENDORS.map((profile, i) => {
    if (!names.claim(profile.name)) throw new Error(`vendor name ${profile.name} is listed twice`);
    return { externalId: `V-${2001 + i}`, name: profile.name, profile, terms: term(profile.terms) };
  });
}

/** Professional services, couriers and landlords are the ones that get a 1099. */
const FILES_1099 = /CPAs|LLP|Courier|Properties|Calibration|Repair/;

export function vendorRecord(random: Random, names: NameBook, vendor: DemoVendor): DemoRecord<"vendors"> {
  const city = cityNamed(vendor.profile.city);
  const data: RecordInput<"vendors"> = {
    name: vendor.name,
    companyName: vendor.name,
    address: addressIn(random, city),
    phone: phoneIn(random, city),
    termsExternalId: vendor.terms.externalId,
  };
  if (random.chance(0.85))
    data.email = `${random.pick(["ar", "billing", "accounts", "remit"])}@${names.domainFor(vendor.name)}`;
  if (random.chance(0.6)) data.accountNumber = `${random.int(1000, 99999)}-${random.int(10, 99)}`;
  if (FILES_1099.test(vendor.name)) {
    data.is1099 = true;
    data.taxId = `${random.int(20, 99)}-${random.int(1000000, 9999999)}`;
  }
  return { externalId: vendor.externalId, data };
}
