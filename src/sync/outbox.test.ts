import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { listJobs } from "#jobs/history.ts";
import { createCompany } from "#store/companies.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { enqueueRecordChanges, RECORD_CHANGED, recordJobKey } from "./outbox.ts";

withDatabases("outbox", (suite) => {
  test("a record change is queued in the wire format jobs already waiting in databases use", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Wire Co" });
    await db.transaction((trx) =>
      enqueueRecordChanges(trx, company.id, "customers", [{ externalId: "C-1", version: 4 }]),
    );
    const rows = await sql<{ type: string; key: string; payload: unknown }>`
      select type, key, payload from jobs where company_id = ${company.id}`.execute(db.kysely);
    assert.deepEqual(rows.rows, [
      {
        type: "record.changed",
        key: `record.changed:${company.id}:customers:C-1`,
        payload: { collection: "customers", externalId: "C-1", version: 4 },
      },
    ]);
    assert.equal(recordJobKey(company.id, "customers", "C-1"), rows.rows[0]?.key);
  });

  test("record changes coalesce per record while waiting, keeping the latest version", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Coalesce Co" });
    await db.transaction((trx) =>
      enqueueRecordChanges(trx, company.id, "customers", [
        { externalId: "C-1", version: 1 },
        { externalId: "C-2", version: 1 },
      ]),
    );
    await db.transaction((trx) =>
      enqueueRecordChanges(trx, company.id, "customers", [{ externalId: "C-1", version: 2 }]),
    );
    const jobs = await listJobs(db.kysely, { companyId: company.id, type: RECORD_CHANGED });
    assert.deepEqual(
      jobs.map((j) => j.payload),
      [
        { collection: "customers", externalId: "C-1", version: 2 },
        { collection: "customers", externalId: "C-2", version: 1 },
      ],
    );
    // A change to another collection's record of the same external id is a job of its own.
    await enqueueRecordChanges(db.kysely, company.id, "vendors", [{ externalId: "C-1", version: 1 }]);
    assert.equal((await listJobs(db.kysely, { companyId: company.id, type: RECORD_CHANGED })).length, 3);
  });
});
