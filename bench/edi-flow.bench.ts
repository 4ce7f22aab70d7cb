// The EDI inbound flow under a burst: N purchase orders (10,000 by default) from 20 trading partners,
// dropped at once in a folder connection's inbox, picked up, stored, acknowledged with 997s and, the
// partners set to auto-accept, turned into sales orders — on the embedded database in a temp folder.
// Beside it, in the same run, the X12 reader's own speed on the same files (read, parse, map to a typed
// 850): the flow's cost over the reader is the database and file work around it. It prints the time per
// thousand files (wall and CPU), the statements sent to the database per file, the resident memory when
// the flow starts and at its peak (the embedded database itself takes most of it before the first file),
// and the machine's load average before and after, since the machine is shared.
//   npm run bench -- edi-flow                   10,000 files
//   npm run bench -- edi-flow -- --files 2000   fewer
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "#edi/connections.ts";
import { pollConnection } from "#edi/inbound/poll.ts";
import { createCompany } from "#store/companies.ts";
import { openDatabase } from "#store/database.ts";
import { findConnection } from "#store/edi/connections.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { migrate } from "#store/migrate.ts";
import { countRecords, upsertRecord } from "#store/records.ts";
import { parseX12 } from "#x12/reader.ts";
import { read850 } from "#x12/sets/po850.ts";
import { countingDatabase } from "../test/helpers/statements.ts";

const flag = process.argv.indexOf("--files");
const FILES = flag > 0 ? Number(process.argv[flag + 1]) : 10_000;
const PARTNERS = 20;

function partnerId(p: number): string {
  return `PARTNER${String(p).padStart(2, "0")}`;
}

/** One 850 from partner `p`, PO number `n`, three lines by our SKU. */
function purchaseOrder(p: number, n: number): string {
  const control = String(n).padStart(9, "0");
  const sender = partnerId(p).padEnd(15);
  const lines = [1, 2, 3].map((i) => `PO1*${i}*${i * 6}*EA*${(2.5 * i).toFixed(2)}**VN*SKU-${i}`);
  const body = [
    "ST*850*0001",
    `BEG*00*SA*PO-${p}-${n}**20261201`,
    "N1*ST*DISTRIBUTION CENTRE 7*92*0007",
    ...lines,
    `CTT*3*36`,
  ];
  return `${[
    `ISA*00*          *00*          *ZZ*${sender}*ZZ*BENCHMFG       *261201*0900*U*00401*${control}*0*P*>`,
    `GS*PO*${partnerId(p)}*BENCHMFG*20261201*0900*${n}*X*004010`,
    ...body,
    `SE*${body.length + 1}*0001`,
    `GE*1*${n}`,
    `IEA*1*${control}`,
  ].join("~\n")}~\n`;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

async function main() {
  const root = mkdtempSync(join(tmpdir(), "ledgerlink-bench-edi-flow-"));
  try {
    const inbox = join(root, "in");
    const outbox = join(root, "out");
    mkdirSync(inbox);
    mkdirSync(outbox);
    for (let n = 1; n <= FILES; n++)
      writeFileSync(join(inbox, `po-${n}.x12`), purchaseOrder((n % PARTNERS) + 1, n));
    console.log(
      `${FILES} 850s from ${PARTNERS} partners; ${availableParallelism()} cores; load average ${load()}`,
    );

    // The reader alone on the same files: read, parse, map.
    const readerStart = performance.now();
    let orders = 0;
    for (const name of readdirSync(inbox)) {
      const parsed = parseX12(readFileSync(join(inbox, name)));
      for (const i of parsed.interchanges)
        for (const g of i.groups) for (const s of g.transactionSets) if (read850(s).order.poNumber) orders++;
    }
    const readerMs = performance.now() - readerStart;
    const readerPeak = process.resourceUsage().maxRSS;

    const db = await openDatabase({ dataDir: join(root, "data") });
    await migrate(db);
    const ctx = { db, secretKey: () => Buffer.alloc(32) };
    const company = await createCompany(db.kysely, { name: "Bench Manufacturing" });
    const created = await createConnection(ctx, {
      companyId: company.id,
      body: {
        name: "main",
        ourQualifier: "ZZ",
        ourId: "BENCHMFG",
        transport: "folder",
        folder: { inbox, outbox },
      },
    });
    if (!created.ok) throw new Error(created.error.message);
    for (const i of [1, 2, 3]) {
      await upsertRecord(db.kysely, {
        companyId: company.id,
        collection: "items",
        externalId: `P-${i}`,
        data: {
          name: `Part ${i}`,
          type: "inventory",
          sku: `SKU-${i}`,
          unitPrice: (2.5 * i).toFixed(2),
          active: true,
        },
      });
    }
    for (let p = 1; p <= PARTNERS; p++) {
      const customer = `C-${p}`;
      await upsertRecord(db.kysely, {
        companyId: company.id,
        collection: "customers",
        externalId: customer,
        data: {
          name: `Retailer ${p}`,
          active: true,
          locations: [
            { code: "DC-07", name: "DC 7", address: { line1: "7 Dock Rd" }, partnerLocationId: "0007" },
          ],
        },
      });
      const partner = await insertPartner(db.kysely, {
        companyId: company.id,
        connectionId: created.value.id,
        name: `retailer-${p}`,
        active: true,
        customerExternalId: customer,
        qualifier: "ZZ",
        interchangeId: partnerId(p),
        applicationId: null,
        version: "00401",
        separators: null,
        wants855: false,
        wants810: false,
        autoAccept: true,
        overdueAfterMinutes: 1440,
        locations: [{ partnerLocationId: "0007", locationCode: "DC-07" }],
      });
      if (!partner.ok) throw new Error(`partner ${p}: ${partner.conflict}`);
    }
    const connection = await findConnection(db.kysely, company.id, "main");
    if (!connection) throw new Error("connection vanished");

    const counted = countingDatabase(db);
    const flowRssStart = process.memoryUsage.rss();
    let flowRssPeak = flowRssStart;
    const sampler = setInterval(() => {
      flowRssPeak = Math.max(flowRssPeak, process.memoryUsage.rss());
    }, 20);
    const cpuStart = process.cpuUsage();
    const flowStart = performance.now();
    const report = await pollConnection({ ...ctx, db: counted.db }, connection);
    const flowMs = performance.now() - flowStart;
    const cpu = process.cpuUsage(cpuStart);
    const flowCpuMs = (cpu.user + cpu.system) / 1000;
    clearInterval(sampler);
    flowRssPeak = Math.max(flowRssPeak, process.memoryUsage.rss());
    const flowPeak = process.resourceUsage().maxRSS;
    const salesOrders = await countRecords(db.kysely, { companyId: company.id, collection: "sales-orders" });
    const acks = readdirSync(outbox).filter((n) => n.startsWith("997")).length;
    await db.close();

    const perThousand = (ms: number) => `${((ms / FILES) * 1000).toFixed(0)} ms per 1,000`;
    console.log(
      `reader only:  ${orders} orders in ${(readerMs / 1000).toFixed(2)} s, ${perThousand(readerMs)}, peak RSS ${mb(readerPeak)}`,
    );
    console.log(
      `inbound flow: ${report.stored} stored, ${report.failed} failed, ${report.deferred.length} deferred, ${acks} 997 files, ` +
        `${salesOrders} sales orders in ${(flowMs / 1000).toFixed(2)} s, ${perThousand(flowMs)} ` +
        `(CPU ${perThousand(flowCpuMs)}), ${(counted.statements() / FILES).toFixed(1)} statements a file`,
    );
    console.log(
      `memory: RSS ${mb(flowRssStart / 1024)} as the flow starts (the database open), ${mb(flowRssPeak / 1024)} at its peak ` +
        `(+${mb((flowRssPeak - flowRssStart) / 1024)}); peak RSS of the process ${mb(flowPeak)}`,
    );
    console.log(`flow / reader: ${(flowMs / readerMs).toFixed(1)}×; load average now ${load()}`);
    if (report.error) console.log(`poll error: ${report.error}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
