import assert from "node:assert/strict";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { countRecords } from "#store/records.ts";
import { withDatabases } from "../../../test/helpers/db.ts";
import { setUpEdiInbox } from "../../../test/helpers/edi-inbox.ts";
import { countingDatabase } from "../../../test/helpers/statements.ts";
import { pollConnection } from "./poll.ts";

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

withDatabases("EDI poll", (suite) => {
  async function setUp() {
    const db = suite.db.kysely;
    const { root, inbox, outbox, companyId, connection, drop } = await setUpEdiInbox(db);
    roots.push(root);
    const counted = countingDatabase(suite.db);
    const poll = async () => {
      counted.reset();
      const report = await pollConnection({ db: counted.db, secretKey: () => Buffer.alloc(32) }, connection);
      assert.equal(report.error, null);
      assert.deepEqual(report.deferred, []);
      return { report, statements: counted.statements(), kinds: counted.byKind() };
    };
    const salesOrders = () => countRecords(db, { companyId, collection: "sales-orders" });
    return { inbox, outbox, drop, poll, salesOrders };
  }

  test("a poll's statements per file do not grow with the orders already stored; partners, customers and items are read once a poll", async () => {
    const { inbox, outbox, drop, poll, salesOrders } = await setUp();

    drop(6);
    const first = await poll();
    assert.equal(first.report.stored, 6);
    assert.equal(first.report.acknowledgmentsSent, 6);
    assert.equal(await salesOrders(), 6);
    // Two partners, each with its customer, and the three SKUs: read once for six files.
    assert.equal(first.kinds["select edi_partners"], 2);
    assert.equal(first.kinds["select records"], 3, JSON.stringify(first.kinds));

    // Many orders later, six more files cost exactly what the first six did.
    drop(60);
    assert.equal((await poll()).report.stored, 60);
    drop(6);
    const later = await poll();
    assert.equal(later.report.stored, 6);
    assert.equal(await salesOrders(), 72);
    assert.equal(
      later.statements,
      first.statements,
      JSON.stringify({ first: first.kinds, later: later.kinds }),
    );

    // Twelve files cost twice the per-file statements of six, on top of the same few reads a poll.
    drop(12);
    const twelve = await poll();
    assert.equal(twelve.report.stored, 12);
    const perFile = (twelve.statements - first.statements) / 6;
    assert.ok(Number.isInteger(perFile), `${perFile} statements a file`);
    const perPoll = first.statements - 6 * perFile;
    assert.ok(perPoll >= 0 && perPoll <= 12, `${perPoll} statements a poll beside the files'`);
    assert.equal(twelve.kinds["select edi_partners"], 2);
    assert.equal(twelve.kinds["select records"], 3);

    assert.deepEqual(
      readdirSync(inbox).filter((name) => name.endsWith(".x12")),
      [],
      "every file archived",
    );
    assert.equal(readdirSync(join(inbox, "archive")).length, 84);
    assert.equal(readdirSync(outbox).filter((name) => name.startsWith("997-")).length, 84);
  });
});
