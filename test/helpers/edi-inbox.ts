// A company ready to receive 850s in a folder inbox: three items by SKU, a folder connection `main` and
// two auto-accepting partners (RETAILER1, RETAILER2) with their customers, and `drop(n)` to put n new
// purchase orders in the inbox, from the two partners in turn.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { createCompany } from "#store/companies.ts";
import { type EdiConnectionRow, insertConnection } from "#store/edi/connections.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { upsertRecord } from "#store/records.ts";
import type { Tables } from "#store/tables.ts";

/** An 850 from `sender`, PO `po`, three lines by our SKU, interchange `n`. */
export function purchaseOrder(sender: string, po: string, n: number): string {
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

export interface EdiInbox {
  root: string;
  inbox: string;
  outbox: string;
  companyId: string;
  connection: EdiConnectionRow;
  /** Drops `count` new orders (po-N.x12, PO number PO-N) in the inbox. */
  drop(count: number): void;
}

export async function setUpEdiInbox(db: Kysely<Tables>): Promise<EdiInbox> {
  const root = mkdtempSync(join(tmpdir(), "ledgerlink-edi-inbox-"));
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
  return {
    root,
    inbox,
    outbox,
    companyId: company.id,
    connection,
    drop(count) {
      for (let i = 0; i < count; i++) {
        n++;
        writeFileSync(join(inbox, `po-${n}.x12`), purchaseOrder(`RETAILER${(n % 2) + 1}`, `PO-${n}`, n));
      }
    },
  };
}
