// Reference problems as lists: how `?problems=any` (an anti-join of each record's stored references
// against the company's records) and `?references=` (the GIN index on those references) cost beside
// the same lists unfiltered, measured in the same run. 20,000 invoices (BENCH_RECORDS), each naming a
// customer and two items; 1 in 100 names a customer never sent, 1 in 200 one since deleted. On the
// embedded database and on the PostgreSQL server when it answers, with table statistics taken (as
// autovacuum and the embedded database's maintenance keep them).
import { contentHash } from "#domain/hash.ts";
import { validateRecord } from "#domain/validate.ts";
import { createCompany } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { maintainTables } from "#store/maintenance.ts";
import {
  bulkUpsert,
  deleteRecord,
  type ListOptions,
  listRecords,
  referencingRecords,
} from "#store/records.ts";
import { openTestDatabase, serverUnavailableReason } from "../test/helpers/db.ts";

const TOTAL = Number(process.env.BENCH_RECORDS ?? 20_000);
const CUSTOMERS = 2000;
const ITEMS = 500;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 10);

function valid(collection: "customers" | "items" | "invoices", externalId: string, body: unknown) {
  const r = validateRecord(collection, body);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const data = r.value as Record<string, unknown>;
  return { externalId, data, hash: contentHash(data) };
}

async function seed(db: Database, companyId: string): Promise<void> {
  const write = async (collection: string, records: ReturnType<typeof valid>[]) => {
    for (let i = 0; i < records.length; i += 1000)
      await db.transaction((trx) =>
        bulkUpsert(trx, { companyId, collection, records: records.slice(i, i + 1000) }),
      );
  };
  await write(
    "customers",
    Array.from({ length: CUSTOMERS }, (_, i) => valid("customers", `C-${i}`, { name: `Customer ${i}` })),
  );
  await write(
    "items",
    Array.from({ length: ITEMS }, (_, i) => valid("items", `I-${i}`, { name: `Item ${i}`, type: "service" })),
  );
  await write(
    "invoices",
    Array.from({ length: TOTAL }, (_, i) =>
      valid("invoices", `INV-${i}`, {
        number: `INV-${i}`,
        customerExternalId: i % 100 === 7 ? `C-NEVER-${i}` : `C-${i % CUSTOMERS}`,
        date: "2026-11-02",
        lines: [
          { itemExternalId: `I-${i % ITEMS}`, quantity: "1", unitPrice: "10.00" },
          { itemExternalId: `I-${(i * 7) % ITEMS}`, quantity: "2", unitPrice: "4.50" },
        ],
      }),
    ),
  );
  // Customers whose number ends in 13 are deleted: 1 in 200 invoices names one of them.
  for (let c = 13; c < CUSTOMERS; c += 200)
    await deleteRecord(db.kysely, { companyId, collection: "customers", externalId: `C-${c}` });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const t = performance.now();
  for (let i = 0; i < REPEAT; i++) await fn();
  return (performance.now() - t) / REPEAT;
}

async function walk(db: Database, options: Omit<ListOptions, "cursor">): Promise<number> {
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = await listRecords(db.kysely, { ...options, cursor });
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

async function run(kind: "embedded" | "server"): Promise<void> {
  const { db, cleanup } = await openTestDatabase(kind);
  try {
    const { id: companyId } = await createCompany(db.kysely, { name: "Bench" });
    await seed(db, companyId);
    // As the server's autovacuum, and the embedded database's own maintenance, would have by now.
    await maintainTables(db.kysely);
    const list = { companyId, collection: "invoices", limit: 100 };
    const found = await walk(db, { ...list, problems: "any", limit: 1000 });
    const firstAll = await timed(() => listRecords(db.kysely, list));
    const firstProblems = await timed(() => listRecords(db.kysely, { ...list, problems: "any" }));
    const walkAll = await timed(() => walk(db, { ...list, limit: 1000 }));
    const walkProblems = await timed(() => walk(db, { ...list, problems: "any", limit: 1000 }));
    const namedBy = await timed(() =>
      referencingRecords(db.kysely, companyId, { collection: "customers", externalId: "C-42" }, 20),
    );
    const namingList = await timed(() =>
      listRecords(db.kysely, { ...list, references: { collection: "items", externalId: "I-42" } }),
    );
    console.log(
      `${kind}: ${TOTAL.toLocaleString()} invoices, ${found} with a missing or deleted reference (mean of ${REPEAT})`,
    );
    console.log(`  first page of 100, unfiltered (baseline)   ${firstAll.toFixed(1)} ms`);
    console.log(
      `  first page of 100, ?problems=any           ${firstProblems.toFixed(1)} ms  (${(firstProblems / firstAll).toFixed(1)}× the baseline)`,
    );
    console.log(`  every page of 1,000, unfiltered            ${walkAll.toFixed(1)} ms`);
    console.log(
      `  every page of 1,000, ?problems=any         ${walkProblems.toFixed(1)} ms  (${(walkProblems / walkAll).toFixed(2)}× the unfiltered walk)`,
    );
    console.log(
      `  records naming one customer (DELETE answer) ${namedBy.toFixed(1)} ms  (${(namedBy / firstAll).toFixed(2)}× the baseline)`,
    );
    console.log(
      `  ?references=items/I-42, first page         ${namingList.toFixed(1)} ms  (${(namingList / firstAll).toFixed(2)}× the baseline)`,
    );
  } finally {
    await cleanup();
  }
}

await run("embedded");
const unavailable = await serverUnavailableReason();
if (unavailable) console.log(`server: skipped (${unavailable})`);
else await run("server");
