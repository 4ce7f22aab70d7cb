import assert from "node:assert/strict";
import { test } from "node:test";
import { createCompany } from "#store/companies.ts";
import { withDatabases } from "../../../test/helpers/db.ts";
import { allocateSsccSerials, getSsccSettings, setSsccSettings } from "./sscc.ts";

withDatabases("SSCC serials", (suite) => {
  test("a company without a GS1 prefix gets no serials; with one, serials grow and survive a change of prefix", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Serial Co" });
    assert.equal(await allocateSsccSerials(db.kysely, company.id, 2), undefined);
    await setSsccSettings(db.kysely, company.id, { gs1Prefix: "0614141", extensionDigit: "0" });
    assert.deepEqual(await allocateSsccSerials(db.kysely, company.id, 2), [1n, 2n]);
    await setSsccSettings(db.kysely, company.id, { gs1Prefix: "08123450", extensionDigit: "3" });
    assert.deepEqual(await allocateSsccSerials(db.kysely, company.id, 1), [3n]);
    assert.deepEqual(await getSsccSettings(db.kysely, company.id), {
      gs1Prefix: "08123450",
      extensionDigit: "3",
      lastSerial: 3n,
    });
  });

  test("serials taken in a transaction that rolls back are handed out again; none is handed out twice", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Rollback Co" });
    await setSsccSettings(db.kysely, company.id, { gs1Prefix: "0614141", extensionDigit: "0" });
    await assert.rejects(
      db.transaction(async (trx) => {
        await allocateSsccSerials(trx, company.id, 5);
        throw new Error("the notice was not stored");
      }),
      /not stored/,
    );
    const taken = await Promise.all([1, 2, 3].map(() => allocateSsccSerials(db.kysely, company.id, 2)));
    assert.deepEqual(
      taken.flatMap((t) => t ?? []).sort((a, b) => Number(a - b)),
      [1n, 2n, 3n, 4n, 5n, 6n],
    );
  });

  test("a prefix that is not 7 to 10 digits is refused by the database too", async () => {
    const { db } = suite;
    const company = await createCompany(db.kysely, { name: "Bad Prefix Co" });
    await assert.rejects(setSsccSettings(db.kysely, company.id, { gs1Prefix: "12AB", extensionDigit: "0" }));
  });
});
