// One QuickBooks company (realm): its objects in QuickBooks' own JSON shape, the tombstones of deleted
// transactions (for CDC), id and document-number sequences, the indexes the uniqueness rules need,
// and the responses remembered for `requestid` replays.

export type QboObject = Record<string, unknown> & { Id: string; SyncToken: string };

export interface Row {
  obj: QboObject;
  /** Epoch ms of the last change, finer than MetaData's whole seconds (CDC compares on it). */
  updatedMs: number;
}

export interface Tombstone {
  Id: string;
  deletedMs: number;
  /** MetaData.LastUpdatedTime as it was rendered at deletion. */
  lastUpdated: string;
}

export interface CachedResponse {
  status: number;
  body: string;
  contentType: string;
}

/** One line of the double-entry ledger: a debit (positive) or credit (negative) to an account. */
export interface Posting {
  account: string;
  amount: number;
  /** The customer (A/R) or vendor (A/P) the line belongs to. */
  name?: { type: "Customer" | "Vendor"; id: string };
}

/** What one transaction posts, dated by its TxnDate. */
export interface JournalEntry {
  entity: string;
  id: string;
  date: string;
  lines: Posting[];
}

/** Unique keys of an object: "what must be unique" strings; two live objects may not share one. */
export type KeyFunction = (entity: string, obj: QboObject) => readonly string[];

export interface CompanySnapshot {
  realmId: string;
  name: string;
  counters: Record<string, number>;
  tables: Record<string, QboObject[]>;
  updatedMs: Record<string, Record<string, number>>;
  tombstones: Record<string, Tombstone[]>;
  requestIds: [string, CachedResponse][];
  journal?: JournalEntry[];
}

/** How many `requestid` responses a company remembers; the oldest are forgotten first. */
const REQUEST_ID_MEMORY = 20_000;

export class Company {
  readonly realmId: string;
  name: string;
  readonly #tables = new Map<string, Map<string, Row>>();
  readonly #tombstones = new Map<string, Map<string, Tombstone>>();
  readonly #counters = new Map<string, number>();
  readonly #keys = new Map<string, string>();
  readonly #requestIds = new Map<string, CachedResponse>();
  readonly #journal = new Map<string, JournalEntry>();
  readonly #keyFn: KeyFunction;

  constructor(realmId: string, name: string, keyFn: KeyFunction) {
    this.realmId = realmId;
    this.name = name;
    this.#keyFn = keyFn;
  }

  get(entity: string, id: string): QboObject | undefined {
    return this.#tables.get(entity)?.get(id)?.obj;
  }

  row(entity: string, id: string): Row | undefined {
    return this.#tables.get(entity)?.get(id);
  }

  /** Live objects of one entity, in id order of creation. */
  all(entity: string): QboObject[] {
    const table = this.#tables.get(entity);
    if (!table) return [];
    const out: QboObject[] = new Array(table.size);
    let i = 0;
    for (const row of table.values()) out[i++] = row.obj;
    return out;
  }

  rows(entity: string): IterableIterator<Row> {
    return (this.#tables.get(entity) ?? new Map<string, Row>()).values();
  }

  count(entity: string): number {
    return this.#tables.get(entity)?.size ?? 0;
  }

  entities(): string[] {
    return [...this.#tables.keys()];
  }

  tombstones(entity: string): IterableIterator<Tombstone> {
    return (this.#tombstones.get(entity) ?? new Map<string, Tombstone>()).values();
  }

  isDeleted(entity: string, id: string): boolean {
    return this.#tombstones.get(entity)?.has(id) ?? false;
  }

  /** Who holds a unique key now, as "Entity:Id". */
  holderOf(key: string): string | undefined {
    return this.#keys.get(key);
  }

  /** Stores a new version of an object, moving its unique keys with it. */
  put(entity: string, obj: QboObject, updatedMs: number): void {
    let table = this.#tables.get(entity);
    if (!table) {
      table = new Map();
      this.#tables.set(entity, table);
    }
    const previous = table.get(obj.Id);
    const holder = `${entity}:${obj.Id}`;
    if (previous) this.#dropKeys(entity, previous.obj, holder);
    for (const key of this.#keyFn(entity, obj)) this.#keys.set(key, holder);
    table.set(obj.Id, { obj, updatedMs });
  }

  /** Removes an object for good, leaving a tombstone for CDC. */
  remove(entity: string, id: string, deletedMs: number, lastUpdated: string): QboObject | undefined {
    const table = this.#tables.get(entity);
    const row = table?.get(id);
    if (!table || !row) return undefined;
    this.#dropKeys(entity, row.obj, `${entity}:${id}`);
    table.delete(id);
    let tombs = this.#tombstones.get(entity);
    if (!tombs) {
      tombs = new Map();
      this.#tombstones.set(entity, tombs);
    }
    tombs.set(id, { Id: id, deletedMs, lastUpdated });
    return row.obj;
  }

  #dropKeys(entity: string, obj: QboObject, holder: string): void {
    for (const key of this.#keyFn(entity, obj)) {
      if (this.#keys.get(key) === holder) this.#keys.delete(key);
    }
  }

  /** The next id in a sequence; transactions share one sequence, as their ids do in QuickBooks. */
  nextId(sequence: string): string {
    const next = (this.#counters.get(sequence) ?? 0) + 1;
    this.#counters.set(sequence, next);
    return String(next);
  }

  /** Peeks a counter without moving it. */
  counter(sequence: string): number {
    return this.#counters.get(sequence) ?? 0;
  }

  /** Moves a counter forward to at least `value` (never back). */
  bumpCounter(sequence: string, value: number): void {
    if (value > (this.#counters.get(sequence) ?? 0)) this.#counters.set(sequence, value);
  }

  /** Replaces (or, with undefined, removes) what a transaction posts to the ledger. */
  setJournalEntry(entity: string, id: string, entry: JournalEntry | undefined): void {
    if (entry && entry.lines.length > 0) this.#journal.set(`${entity}:${id}`, entry);
    else this.#journal.delete(`${entity}:${id}`);
  }

  journalEntry(entity: string, id: string): JournalEntry | undefined {
    return this.#journal.get(`${entity}:${id}`);
  }

  /** Every transaction's postings, in the order they were first posted. */
  journal(): IterableIterator<JournalEntry> {
    return this.#journal.values();
  }

  rememberResponse(requestId: string, response: CachedResponse): void {
    if (this.#requestIds.size >= REQUEST_ID_MEMORY) {
      const oldest = this.#requestIds.keys().next().value;
      if (oldest !== undefined) this.#requestIds.delete(oldest);
    }
    this.#requestIds.set(requestId, response);
  }

  rememberedResponse(requestId: string): CachedResponse | undefined {
    return this.#requestIds.get(requestId);
  }

  snapshot(): CompanySnapshot {
    const tables: Record<string, QboObject[]> = {};
    const updatedMs: Record<string, Record<string, number>> = {};
    for (const [entity, table] of this.#tables) {
      tables[entity] = [...table.values()].map((r) => r.obj);
      updatedMs[entity] = Object.fromEntries([...table.values()].map((r) => [r.obj.Id, r.updatedMs]));
    }
    const tombstones: Record<string, Tombstone[]> = {};
    for (const [entity, tombs] of this.#tombstones) tombstones[entity] = [...tombs.values()];
    return {
      realmId: this.realmId,
      name: this.name,
      counters: Object.fromEntries(this.#counters),
      tables,
      updatedMs,
      tombstones,
      requestIds: [...this.#requestIds],
      journal: [...this.#journal.values()],
    };
  }

  static restore(snapshot: CompanySnapshot, keyFn: KeyFunction): Company {
    const company = new Company(snapshot.realmId, snapshot.name, keyFn);
    for (const [seq, value] of Object.entries(snapshot.counters)) company.#counters.set(seq, value);
    for (const [entity, objs] of Object.entries(snapshot.tables)) {
      const times = snapshot.updatedMs[entity] ?? {};
      for (const obj of objs) company.put(entity, obj, times[obj.Id] ?? 0);
    }
    for (const [entity, tombs] of Object.entries(snapshot.tombstones)) {
      company.#tombstones.set(entity, new Map(tombs.map((t) => [t.Id, t])));
    }
    for (const [id, response] of snapshot.requestIds ?? []) company.#requestIds.set(id, response);
    for (const entry of snapshot.journal ?? []) company.#journal.set(`${entry.entity}:${entry.id}`, entry);
    return company;
  }
}
