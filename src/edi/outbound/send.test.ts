import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { validateRecord } from "#domain/validate.ts";
import { listJobs } from "#jobs/index.ts";
import { createCompany } from "#store/companies.ts";
import { insertConnection } from "#store/edi/connections.ts";
import { insertMessage, listMessages } from "#store/edi/messages.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { setSsccSettings } from "#store/edi/sscc.ts";
import { upsertRecord } from "#store/records.ts";
import { parseX12 } from "#x12/reader.ts";
import { checkSscc18, read850, read856 } from "#x12/sets/index.ts";
import { withDatabases } from "../../../test/helpers/db.ts";
import type { EdiContext } from "../context.ts";
import { enqueueOutboundForChange } from "./jobs.ts";
import { sendOutbound } from "./send.ts";

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const PO = [
  "ISA*00*          *00*          *01*NORTHGATE      *ZZ*HARLAN         *261201*0900*U*00401*000000101*0*P*>~",
  "GS*PO*NORTHGATE*HARLAN*20261201*0900*101*X*004010~",
  "ST*850*0001~",
  "BEG*00*SA*PO-4471**20261201~",
  "N1*ST*NORTHGATE DC 7*92*0007~",
  "PO1*1*10*EA*2.50**IN*884422*UP*012345678905~",
  "PO1*2*5*EA*4.00**IN*884423~",
  "CTT*2*15~",
  "SE*7*0001~",
  "GE*1*101~",
  "IEA*1*000000101~",
].join("\n");

withDatabases("EDI outbound documents", (suite) => {
  async function setUp() {
    const db = suite.db.kysely;
    const ctx: EdiContext = {
      db: suite.db,
      secretKey: () => Buffer.alloc(32),
      now: () => new Date("2026-12-06T15:00:00Z"),
    };
    const company = await createCompany(db, { name: `Outbound ${Math.random()}` });
    const root = mkdtempSync(join(tmpdir(), "ledgerlink-edi-out-"));
    roots.push(root);
    const outbox = join(root, "out");
    mkdirSync(join(root, "in"));
    mkdirSync(outbox);
    const connection = await insertConnection(db, {
      companyId: company.id,
      name: "main",
      active: true,
      ourQualifier: "ZZ",
      ourId: "HARLAN",
      transport: "folder",
      settings: { inbox: join(root, "in"), outbox },
    });
    assert.ok(connection);
    const partner = await insertPartner(db, {
      companyId: company.id,
      connectionId: connection.id,
      name: "northgate",
      active: true,
      customerExternalId: "C-NG",
      qualifier: "01",
      interchangeId: "NORTHGATE",
      applicationId: null,
      version: "00401",
      separators: null,
      wants855: true,
      wants810: false,
      autoAccept: false,
      overdueAfterMinutes: 60,
      locations: [],
    });
    assert.ok(partner.ok);
    const put = async (collection: string, externalId: string, body: unknown) => {
      const valid = validateRecord(collection as never, body);
      assert.ok(valid.ok, JSON.stringify(valid));
      await upsertRecord(db, {
        companyId: company.id,
        collection,
        externalId,
        data: valid.value as Record<string, unknown>,
      });
    };
    await put("items", "P-1", { name: "Hex bolt", type: "inventory", sku: "HEX-10", unitPrice: "2.50" });
    await put("items", "P-2", { name: "Nut", type: "inventory", sku: "NUT-4", unitPrice: "4.00" });
    await put("sales-orders", "SO-1", {
      number: "SO-1",
      date: "2026-12-01",
      customerExternalId: "C-NG",
      customerPoNumber: "PO-4471",
      lines: [
        { lineId: "1", itemExternalId: "P-1", quantity: "10", unitPrice: "2.50", customerPoLineNumber: "1" },
        { lineId: "2", itemExternalId: "P-2", quantity: "5", unitPrice: "4.00", customerPoLineNumber: "2" },
      ],
    });
    const parsed = parseX12(PO);
    const set = parsed.interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(set);
    await insertMessage(db, {
      companyId: company.id,
      connectionId: connection.id,
      partnerId: partner.partner.id,
      fileId: null,
      direction: "inbound",
      type: "850",
      status: "accepted",
      senderQualifier: "01",
      senderId: "NORTHGATE",
      receiverQualifier: "ZZ",
      receiverId: "HARLAN",
      interchangeControl: "000000101",
      groupControl: "101",
      setControl: "0001",
      functionalId: "PO",
      reference: "PO-4471",
      raw: PO,
      parsed: read850(set).order,
      problems: [],
      reasons: [],
      recordCollection: "sales-orders",
      recordExternalId: "SO-1",
      dueAt: null,
    });
    const shipment = {
      number: "SH-1",
      customerExternalId: "C-NG",
      salesOrderExternalId: "SO-1",
      shipDate: "2026-12-06",
      carrierCode: "UPSN",
      shipFrom: { line1: "1 Mill Rd", city: "Dayton", region: "OH", postalCode: "45402" },
      cartons: [
        { items: [{ itemExternalId: "P-1", quantity: "10", orderLineId: "1" }] },
        { items: [{ itemExternalId: "P-2", quantity: "5", orderLineId: "2" }] },
      ],
    };
    await put("shipments", "SH-1", shipment);
    return { ctx, company, outbox, root, put, shipment };
  }

  test("a shipment against an EDI order leaves as an 856 once: SSCCs from the GS1 prefix, the partner's ship-to, the message sent", async () => {
    const { ctx, company, outbox } = await setUp();
    await setSsccSettings(ctx.db.kysely, company.id, { gs1Prefix: "0614141", extensionDigit: "0" });
    const first = await sendOutbound(ctx, company.id, { type: "856", externalId: "SH-1" });
    assert.equal(first.outcome, "sent", JSON.stringify(first));
    assert.ok(first.outcome === "sent");
    assert.deepEqual(readdirSync(outbox), [first.file]);
    assert.equal(first.message.status, "sent");
    assert.equal(first.message.interchangeControl, "000000001");
    assert.ok(first.message.dueAt);

    const parsed = parseX12(readFileSync(join(outbox, first.file)));
    assert.deepEqual(parsed.problems, []);
    const set = parsed.interchanges[0]?.groups[0]?.transactionSets[0];
    assert.ok(set);
    const notice = read856(set);
    assert.deepEqual(notice.problems, []);
    const packs = notice.shipment.orders[0]?.packs ?? [];
    assert.deepEqual(
      packs.map((p) => p.sscc),
      ["006141410000000012", "006141410000000029"],
    );
    for (const p of packs) assert.equal(checkSscc18(p.sscc ?? "").valid, true);
    assert.equal(notice.shipment.shipTo?.id, "0007");
    assert.deepEqual(
      packs.map((p) => [p.items?.[0]?.lineNumber, p.items?.[0]?.productIds[0]?.id]),
      [
        ["1", "884422"],
        ["2", "884423"],
      ],
    );

    // Run again (a retried job): nothing new is built or sent.
    const again = await sendOutbound(ctx, company.id, { type: "856", externalId: "SH-1" });
    assert.equal(again.outcome, "sent");
    const outbound = await listMessages(ctx.db.kysely, {
      companyId: company.id,
      direction: "outbound",
      limit: 10,
    });
    assert.equal(outbound.length, 1);
    assert.deepEqual(readdirSync(outbox), [first.file]);
  });

  test("an outbox that is away leaves the built 856 waiting; the retry sends the very same bytes", async () => {
    const { ctx, company, outbox, root } = await setUp();
    await setSsccSettings(ctx.db.kysely, company.id, { gs1Prefix: "0614141", extensionDigit: "0" });
    renameSync(outbox, join(root, "away"));
    await assert.rejects(sendOutbound(ctx, company.id, { type: "856", externalId: "SH-1" }), {
      code: "TRANSPORT_NOT_FOUND",
    });
    const [waiting] = await listMessages(ctx.db.kysely, {
      companyId: company.id,
      direction: "outbound",
      limit: 10,
    });
    assert.equal(waiting?.status, "new");
    renameSync(join(root, "away"), outbox);
    const sent = await sendOutbound(ctx, company.id, { type: "856", externalId: "SH-1" });
    assert.ok(sent.outcome === "sent");
    assert.equal(readFileSync(join(outbox, sent.file), "utf8"), waiting?.raw);
    assert.equal(
      (await listMessages(ctx.db.kysely, { companyId: company.id, direction: "outbound", limit: 10 })).length,
      1,
    );
  });

  test("what cannot become an 856 is kept as an error message with the reason, and nothing is sent", async () => {
    const { ctx, company, outbox } = await setUp();
    // No GS1 prefix and cartons without SSCC.
    const result = await sendOutbound(ctx, company.id, { type: "856", externalId: "SH-1" });
    assert.equal(result.outcome, "problems");
    assert.ok(result.outcome === "problems");
    assert.equal(result.message.status, "error");
    assert.match(
      String(result.message.reasons[0]),
      /cartons\[0\]\.sscc: carton has no SSCC and the company has no GS1 prefix/,
    );
    assert.deepEqual(readdirSync(outbox), []);
  });

  test("an 855 goes to a partner that wants one; an 810 not to one that does not; a shipment of a non-EDI order is left alone", async () => {
    const { ctx, company, outbox, put, shipment } = await setUp();
    const ack = await sendOutbound(ctx, company.id, { type: "855", externalId: "SO-1" });
    assert.ok(ack.outcome === "sent", JSON.stringify(ack));
    assert.match(readFileSync(join(outbox, ack.file), "utf8"), /BAK\*00\*AD\*PO-4471\*20261201\*\*\*\*SO-1/);
    await put("invoices", "INV-1", {
      number: "INV-1",
      date: "2026-12-07",
      customerExternalId: "C-NG",
      salesOrderExternalId: "SO-1",
      lines: [{ itemExternalId: "P-1", quantity: "10", unitPrice: "2.50" }],
    });
    const invoice = await sendOutbound(ctx, company.id, { type: "810", externalId: "INV-1" });
    assert.deepEqual(invoice, { outcome: "not_edi", reason: "partner northgate takes no 810" });
    await put("sales-orders", "SO-2", {
      number: "SO-2",
      date: "2026-12-01",
      customerExternalId: "C-NG",
      lines: [{ itemExternalId: "P-1", quantity: "1", unitPrice: "2.50" }],
    });
    await put("shipments", "SH-2", { ...shipment, number: "SH-2", salesOrderExternalId: "SO-2" });
    const other = await sendOutbound(ctx, company.id, { type: "856", externalId: "SH-2" });
    assert.deepEqual(other, { outcome: "not_edi", reason: 'sales order "SO-2" did not come by EDI' });
  });

  test("a changed shipment of a company with partners enqueues its document; other records and companies do not", async () => {
    const { ctx, company } = await setUp();
    const db = ctx.db.kysely;
    assert.equal(
      await enqueueOutboundForChange(db, {
        companyId: company.id,
        collection: "shipments",
        externalId: "SH-1",
      }),
      true,
    );
    assert.equal(
      await enqueueOutboundForChange(db, {
        companyId: company.id,
        collection: "customers",
        externalId: "C-NG",
      }),
      false,
    );
    const lonely = await createCompany(db, { name: `No EDI ${Math.random()}` });
    assert.equal(
      await enqueueOutboundForChange(db, { companyId: lonely.id, collection: "shipments", externalId: "S" }),
      false,
    );
    const jobs = await listJobs(db, { type: "edi.outbound" });
    assert.ok(jobs.some((j) => j.companyId === company.id && (j.payload as { type: string }).type === "856"));
  });
});
