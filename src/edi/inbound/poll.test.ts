import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { createCompany } from "#store/companies.ts";
import { insertConnection } from "#store/edi/connections.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { countRecords, upsertRecord } from "#store/records.ts";
import { withDatabases } from "../../../test/helpers/db.ts";
import { countingDatabase } from "../../../test/helpers/statements.ts";
import { pollConnection } from "./poll.ts";

/** An 850 from `sender`, PO `po`, three lines by our SKU, interchange `n`. */
function purchaseOrder(sender: string, po: string, n: number): string {
  const control = String(n).padStart(9, "0");
  const body = [
    "ST*850*0001",
    `BEG*00*SA*${po}**20261201`,
    "N1*ST*DISTRIBUTION CENTRE 7*92*0007",
    ...[1, 2, 3].map((i) => `PO1*${i}*${i * 6}*EA*${(2.5 * i).toFixed(2)}**VN*SKU-${i}`),
    "CTT*3*36",
  ];
  return `${[
    `ISA*00*          *00*          *ZZ*${sender.padEnd(15)}*ZZ*OURMFG         *261201*0900*U*00401*${control}*0*P*>`,
    `GS*PO*${sender}*OURMFG*20261201*0900*${n}*X*004010`,
    ...body,
    `SE*${body.length + 1}*0001`,
    `GE*1*${n}`,
    `IEA*1*${control}`,
  ].join("~\n")}~\n`;
}

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

withDatabases("EDI poll", (suite) => {
  async function setUp() {
    const db = suite.db.kysely;
    const root = mkdtempSync(join(tmpdir(), "ledgerlink-poll-"));
    roots.push(root);
    const inbox = join(root, "in");
    const outbox = join(root, "out");
    mkdirSync(inbox);
    mkdirSync(outbox);
    const company = await createCompany(db, { name: "Our Manufacturing" });
    for (const i of [1, 2, 3]) {
      await upsertRecord(db, {
        companyId: company.id,
        collection: "items",
        externalId: `P-${i}`,
        data: { name: `Part ${i}`, type: "inventory", sku: `SKU-${i}`, unitPrice: "2.50", active: true },
      });
    }
    const connection = await insertConnection(db, {
      companyId: company.id,
      name: "main",
      active: true,
      ourQualifier: "ZZ",
      ourId: "OURMFG",
      transport: "folder",
      settings: { inbox, outbox },
    });
    assert.ok(connection);
    for (const p of [1, 2]) {
      await upsertRecord(db, {
        companyId: company.id,
        collection: "customers",
        externalId: `C-${p}`,
        data: {
          name: `Retailer ${p}`,
          active: true,
          locations: [
            { code: "DC-07", name: "DC 7", address: { line1: "7 Dock Rd" }, partnerLocationId: "0007" },
          ],
        },
      });
      const partner = await insertPartner(db, {
        companyId: company.id,
        connectionId: connection.id,
        name: `retailer-${p}`,
        active: true,
        customerExternalId: `C-${p}`,
        qualifier: "ZZ",
        interchangeId: `RETAILER${p}`,
        applicationId: null,
        version: "00401",
        separators: null,
        wants855: false,
        wants810: false,
        autoAccept: true,
        overdueAfterMinutes: 1440,
        locations: [],
      });
      assert.ok(partner.ok);
    }
    let n = 0;
    /** Drops `count` new orders in the inbox, from the two partners in turn. */
    const drop = (count: number) => {
      for (let i = 0; i < count; i++) {
        n++;
        writeFileSync(join(inbox, `po-${n}.x12`), purchaseOrder(`RETAILER${(n % 2) + 1}`, `PO-${n}`, n));
      }
    };
    const counted = countingDatabase(suite.db);
    const poll = async () => {
      counted.reset();
      const report = await pollConnection({ db: counted.db, secretKey: () => Buffer.alloc(32) }, connection);
      assert.equal(report.error, null);
      assert.deepEqual(report.deferred, []);
      return { report, statements: counted.statements(), kinds: counted.byKind() };
    };
    const salesOrders = () => countRecords(db, { companyId: company.id, collection: "sales-orders" });
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
