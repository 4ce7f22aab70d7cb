// What matching an inbound file reads from the host's records and the partner table: the partner behind a
// sender id, the partner's customer, and the items an order line's ids may mean. A poll reads each once
// (`pollLookups`) and answers every further file from memory, so ten thousand orders from twenty partners
// cost twenty partner and customer reads and one item read per distinct product id, not one per file;
// what the host changes during a poll counts from the next one. *Accept* from a user reads afresh
// (`freshLookups`): whatever was mapped since the message arrived counts at once.
import type { Kysely } from "kysely";
import type { Customer } from "#domain/customer.ts";
import { findItemsByNumbers, type ItemCandidate } from "#store/edi/item-numbers.ts";
import { type EdiPartnerRow, findPartnerBySender } from "#store/edi/partners.ts";
import { getRecord } from "#store/records.ts";
import type { Tables } from "#store/tables.ts";

export interface InboundLookups {
  partnerBySender(
    db: Kysely<Tables>,
    connectionId: string,
    qualifier: string,
    interchangeId: string,
  ): Promise<EdiPartnerRow | undefined>;
  /** The live customer with this external id, or undefined (missing or deleted). */
  customer(db: Kysely<Tables>, companyId: string, externalId: string): Promise<Customer | undefined>;
  /** Live items whose SKU, UPC or a partner number is one of `ids`, by external id. */
  itemsByNumbers(db: Kysely<Tables>, companyId: string, ids: readonly string[]): Promise<ItemCandidate[]>;
}

async function readCustomer(db: Kysely<Tables>, companyId: string, externalId: string) {
  const record = await getRecord(db, { companyId, collection: "customers", externalId });
  return record && !record.deletedAt ? (record.data as Customer) : undefined;
}

/** Reads the database on every call. */
export function freshLookups(): InboundLookups {
  return {
    partnerBySender: findPartnerBySender,
    customer: readCustomer,
    itemsByNumbers: findItemsByNumbers,
  };
}

/** Reads each partner, customer and product id once, then answers from memory: for one poll. */
export function pollLookups(): InboundLookups {
  const partners = new Map<string, EdiPartnerRow | undefined>();
  const customers = new Map<string, Customer | undefined>();
  // Per product id, the items it names (none is an answer too). Keyed by company as well.
  const items = new Map<string, ItemCandidate[]>();
  return {
    async partnerBySender(db, connectionId, qualifier, interchangeId) {
      const key = JSON.stringify([connectionId, qualifier, interchangeId]);
      if (!partners.has(key))
        partners.set(key, await findPartnerBySender(db, connectionId, qualifier, interchangeId));
      return partners.get(key);
    },
    async customer(db, companyId, externalId) {
      const key = JSON.stringify([companyId, externalId]);
      if (!customers.has(key)) customers.set(key, await readCustomer(db, companyId, externalId));
      return customers.get(key);
    },
    async itemsByNumbers(db, companyId, ids) {
      const keyOf = (id: string) => JSON.stringify([companyId, id]);
      const wanted = [...new Set(ids)];
      const missing = wanted.filter((id) => !items.has(keyOf(id)));
      if (missing.length > 0) {
        for (const id of missing) items.set(keyOf(id), []);
        const asked = new Set(missing);
        for (const candidate of await findItemsByNumbers(db, companyId, missing)) {
          for (const number of numbersOf(candidate.data)) {
            if (asked.has(number)) items.get(keyOf(number))?.push(candidate);
          }
        }
      }
      const found = new Map<string, ItemCandidate>();
      for (const id of wanted) for (const c of items.get(keyOf(id)) ?? []) found.set(c.externalId, c);
      return [...found.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
    },
  };
}

/** Every number an item answers to, as findItemsByNumbers compares them: SKU, UPC, partner numbers. */
function numbersOf(data: Record<string, unknown>): Set<string> {
  const numbers = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string" || typeof value === "number") numbers.add(String(value));
  };
  add(data.sku);
  add(data.upc);
  if (Array.isArray(data.partnerNumbers)) {
    for (const n of data.partnerNumbers) {
      if (!n || typeof n !== "object") continue;
      const { buyerPartNumber, vendorPartNumber, upc } = n as Record<string, unknown>;
      add(buyerPartNumber);
      add(vendorPartNumber);
      add(upc);
    }
  }
  return numbers;
}
