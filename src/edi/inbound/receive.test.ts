import assert from "node:assert/strict";
import { test } from "node:test";
import { createCompany } from "#store/companies.ts";
import { insertConnection } from "#store/edi/connections.ts";
import { insertMessage, listMessages } from "#store/edi/messages.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { getRecord, upsertRecord } from "#store/records.ts";
import { parseX12 } from "#x12/reader.ts";
import { read997 } from "#x12/sets/index.ts";
import { writeX12 } from "#x12/writer.ts";
import { withDatabases } from "../../../test/helpers/db.ts";
import { readSample } from "../../../test/helpers/x12/samples.ts";
import type { EdiContext } from "../context.ts";
import { sha256Hex } from "../pickup.ts";
import { acceptMessage } from "./accept.ts";
import { receiveFile } from "./receive.ts";

const SAMPLE = "850-nodex12-1.edi"; // ISA 12:4405197800 → 01:999999999, PO 08292233294, six lines

withDatabases("EDI inbound", (suite) => {
  async function setUp(options: { autoAccept?: boolean } = {}) {
    const db = suite.db.kysely;
    const company = await createCompany(db, { name: "Harlan" });
    const ctx: EdiContext = { db: suite.db, secretKey: () => Buffer.alloc(32) };
    const put = (collection: string, externalId: string, data: Record<string, unknown>) =>
      upsertRecord(db, { companyId: company.id, collection, externalId, data });
    await put("customers", "C-XYZ", {
      name: "XYZ Retail",
      active: true,
      locations: [
        {
          code: "SOLON",
          name: "Solon store",
          partnerLocationId: "0003947268292",
          address: { line1: "31875 Solon Rd" },
        },
      ],
    });
    const item = (sku: string, extra: Record<string, unknown> = {}) =>
      put("items", `I-${sku}`, {
        name: sku,
        sku,
        type: "inventory",
        unitPrice: "1.00",
        active: true,
        ...extra,
      });
    // Lines 1-5 match by our SKU (VN), line 3 by the buyer's catalog number; line 6 (VN DX1875) matches nothing yet.
    for (const sku of ["AB3542", "RD5322", "VX2332", "RV0524"]) await item(sku);
    await item("LARGE", { partnerNumbers: [{ customerExternalId: "C-XYZ", buyerPartNumber: "060733-110" }] });
    const connection = await insertConnection(db, {
      companyId: company.id,
      name: "main",
      active: true,
      ourQualifier: "01",
      ourId: "999999999",
      transport: "folder",
      settings: { inbox: "/in", outbox: "/out" },
    });
    assert.ok(connection);
    const partner = await insertPartner(db, {
      companyId: company.id,
      connectionId: connection.id,
      name: "xyz",
      active: true,
      customerExternalId: "C-XYZ",
      qualifier: "12",
      interchangeId: "4405197800",
      applicationId: null,
      version: "00401",
      separators: null,
      wants855: false,
      wants810: false,
      autoAccept: options.autoAccept ?? false,
      overdueAfterMinutes: 60,
      locations: [],
    });
    assert.ok(partner.ok);
    const receive = (name: string, bytes: Buffer) =>
      receiveFile(ctx, connection, { name, bytes, sha256: sha256Hex(bytes) });
    return { ctx, db, company, connection, partner: partner.partner, item, receive };
  }

  test("an 850 becomes a message that says what to map, a 997 goes back, and accepting makes the sales order", async () => {
    const { ctx, db, company, item, receive } = await setUp();
    const first = await receive("po-1.edi", readSample(SAMPLE));
    assert.deepEqual(first.receipt, { outcome: "stored" });
    const [po, ack] = first.messages;
    assert.equal(po?.type, "850");
    assert.equal(po?.reference, "08292233294");
    assert.equal(po?.status, "needs_attention");
    assert.equal(po?.file, "po-1.edi");
    const attention = ((po?.reasons ?? []) as { code: string; attention: boolean; message: string }[]).filter(
      (r) => r.attention,
    );
    assert.deepEqual(
      attention.map((r) => r.code),
      ["ITEM_UNMATCHED"],
    );
    assert.match(attention[0]?.message ?? "", /^Line 6 \(CB 067504-118, PR RO, VN DX1875\) matches no item/);

    // The 997: from us to the partner, our first control numbers, accepting group 1421's set 000000010.
    assert.equal(ack?.type, "997");
    assert.equal(ack?.direction, "outbound");
    assert.equal(ack?.status, "new");
    assert.equal(ack?.interchangeControl, "000000001");
    const sent = parseX12(ack?.raw ?? "");
    assert.deepEqual(sent.problems, []);
    const interchange = sent.interchanges[0];
    assert.equal(interchange?.receiver, "4405197800");
    const group = interchange?.groups[0];
    const set = group?.transactionSets[0];
    assert.ok(group && set);
    const read = read997(set, group.version).acknowledgment;
    assert.deepEqual([read.functionalId, read.controlNumber, read.status.code], ["PO", "1421", "A"]);
    assert.deepEqual(
      read.sets.map((s) => [s.type, s.controlNumber, s.status.code]),
      [["850", "000000010", "A"]],
    );

    // The same file again (a pickup that died before archiving it) is not read twice.
    const again = await receive("po-1.edi", readSample(SAMPLE));
    assert.deepEqual(again, { receipt: { outcome: "duplicate" }, messages: [] });

    // Refused while a line is unmapped; accepted once the item exists.
    const refused = await acceptMessage(ctx, { companyId: company.id, messageId: po?.id ?? "" });
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? "" : refused.error.message, /Line 6/);
    await item("DX1875");
    const accepted = await acceptMessage(ctx, { companyId: company.id, messageId: po?.id ?? "" });
    assert.ok(accepted.ok, accepted.ok ? "" : accepted.error.message);
    assert.equal(accepted.value.salesOrderExternalId, "EDI-xyz-08292233294");
    const order = await getRecord(db, {
      companyId: company.id,
      collection: "sales-orders",
      externalId: "EDI-xyz-08292233294",
    });
    const data = order?.data as {
      customerExternalId: string;
      customerPoNumber: string;
      shippingAddress: unknown;
      lines: { itemExternalId: string; quantity: string; unitPrice: string; customerPoLineNumber: string }[];
    };
    assert.equal(data.customerExternalId, "C-XYZ");
    assert.equal(data.customerPoNumber, "08292233294");
    assert.deepEqual(data.shippingAddress, { line1: "31875 Solon Rd" });
    assert.deepEqual(
      data.lines.map((l) => [l.customerPoLineNumber, l.itemExternalId, l.quantity, l.unitPrice]),
      [
        ["1", "I-AB3542", "120", "9.25"],
        ["2", "I-RD5322", "220", "13.79"],
        ["3", "I-LARGE", "126", "10.99"],
        ["4", "I-VX2332", "76", "4.35"],
        ["5", "I-RV0524", "72", "7.50"],
        ["6", "I-DX1875", "696", "9.55"],
      ],
    );
    // The host learns of it through the change feed: a record.changed job waits for it.
    const jobs = await db
      .selectFrom("jobs")
      .select(["type", "payload"])
      .where("company_id", "=", company.id)
      .execute();
    assert.ok(
      jobs.some(
        (j) =>
          j.type === "record.changed" &&
          (j.payload as { externalId: string }).externalId === "EDI-xyz-08292233294",
      ),
    );
    const twice = await acceptMessage(ctx, { companyId: company.id, messageId: po?.id ?? "" });
    assert.match(
      twice.ok ? "" : twice.error.message,
      /already accepted into sales order EDI-xyz-08292233294/,
    );

    // The same PO in another file (the sample with newline terminators) is flagged and never accepted.
    const resend = await receive("po-2.edi", readSample("850-nodex12-2-newline-terminator.edi"));
    const dup = resend.messages[0];
    assert.equal(dup?.status, "needs_attention");
    assert.ok(((dup?.reasons ?? []) as { code: string }[]).some((r) => r.code === "DUPLICATE_PO"));
    const refusedDup = await acceptMessage(ctx, { companyId: company.id, messageId: dup?.id ?? "" });
    assert.match(refusedDup.ok ? "" : refusedDup.error.message, /already accepted/);
    // Its 997 takes the partner's next control numbers.
    assert.equal(resend.messages[1]?.interchangeControl, "000000002");
  });

  test("auto-accept turns a clean 850 into an order at once; a line without a price takes the item's and says so", async () => {
    const { db, company, item, receive } = await setUp({ autoAccept: true });
    await item("DX1875", { unitPrice: "8.40" });
    const noPrice = readSample(SAMPLE)
      .toString("latin1")
      .replace("PO1*6*696*EA*9.55*TE*", "PO1*6*696*EA**TE*");
    const { messages } = await receive("po.edi", Buffer.from(noPrice, "latin1"));
    const po = messages[0];
    assert.equal(po?.status, "accepted");
    assert.equal(po?.recordExternalId, "EDI-xyz-08292233294");
    assert.deepEqual(po?.reasons, [
      {
        code: "PRICE_FROM_ITEM",
        message: "Line 6 has no price: item I-DX1875's price 8.40 is used.",
        attention: false,
      },
    ]);
    const order = await getRecord(db, {
      companyId: company.id,
      collection: "sales-orders",
      externalId: "EDI-xyz-08292233294",
    });
    assert.equal(
      ((order?.data ?? { lines: [] }) as { lines: { unitPrice: string }[] }).lines[5]?.unitPrice,
      "8.40",
    );
  });

  test("an unknown sender needs a partner and gets no 997; a file that is not X12 fails with its reason, once", async () => {
    const { receive } = await setUp();
    const stranger = readSample(SAMPLE)
      .toString("latin1")
      .replace("*12*4405197800     *", "*12*5550001111     *");
    const { messages } = await receive("stranger.edi", Buffer.from(stranger, "latin1"));
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.status, "needs_attention");
    assert.match(
      ((messages[0]?.reasons ?? []) as { message: string }[])[0]?.message ?? "",
      /has sender id 12:5550001111: add one/,
    );

    const junk = Buffer.from("hello, this is not EDI\n");
    const failed = await receive("junk.txt", junk);
    assert.equal(failed.receipt.outcome, "failed");
    assert.match(
      failed.receipt.outcome === "failed" ? failed.receipt.reason : "",
      /not an X12 interchange: ISA_MISSING/,
    );
    assert.deepEqual(await receive("junk.txt", junk), failed);
  });

  test("a received 997 marks what we sent acknowledged or rejected, with the partner's reasons", async () => {
    const { db, company, connection, partner, receive } = await setUp();
    const sent = (group: string) =>
      insertMessage(db, {
        companyId: company.id,
        connectionId: connection.id,
        partnerId: partner.id,
        fileId: null,
        direction: "outbound",
        type: "856",
        status: "sent",
        senderQualifier: "01",
        senderId: "999999999",
        receiverQualifier: "12",
        receiverId: "4405197800",
        interchangeControl: `00000000${group}`,
        groupControl: group,
        setControl: "0001",
        functionalId: "SH",
        reference: `SHIP-${group}`,
        raw: "",
        parsed: null,
        problems: [],
        reasons: [],
        recordCollection: "shipments",
        recordExternalId: `SHIP-${group}`,
        dueAt: new Date(Date.now() + 3600_000),
      });
    const good = await sent("7");
    const bad = await sent("8");
    const ack = (group: string, ak5: string[]) =>
      writeX12({
        senderQualifier: "12",
        sender: "4405197800",
        receiverQualifier: "01",
        receiver: "999999999",
        controlNumber: `5${group}`,
        groups: [
          {
            functionalId: "FA",
            applicationSender: "4405197800",
            applicationReceiver: "999999999",
            controlNumber: `9${group}`,
            transactionSets: [
              {
                type: "997",
                controlNumber: "0001",
                segments: [
                  ["AK1", "SH", group],
                  ["AK2", "856", "0001"],
                  ...(ak5[0] === "R"
                    ? ([
                        ["AK3", "HL", "3", "", "8"],
                        ["AK4", "2", "734", "1"],
                      ] as [string, ...string[]][])
                    : []),
                  ["AK5", ...ak5],
                  ["AK9", ak5[0] === "A" ? "A" : "R", "1", "1", ak5[0] === "A" ? "1" : "0"],
                ],
              },
            ],
          },
        ],
      });
    const a = await receive("997-a.edi", Buffer.from(ack("7", ["A"])));
    const r = await receive("997-r.edi", Buffer.from(ack("8", ["R", "5"])));
    assert.equal(a.messages[0]?.status, "accepted");
    const [after7] = await listMessages(db, {
      companyId: company.id,
      type: "856",
      recordExternalId: "SHIP-7",
      limit: 1,
    });
    const [after8] = await listMessages(db, {
      companyId: company.id,
      type: "856",
      recordExternalId: "SHIP-8",
      limit: 1,
    });
    assert.equal(after7?.id, good.id);
    assert.equal(after7?.status, "acknowledged");
    assert.equal(after7?.acknowledgedBy, a.messages[0]?.id);
    assert.equal(after8?.id, bad.id);
    assert.equal(after8?.status, "rejected");
    assert.match(
      ((after8?.reasons ?? []) as { message: string }[])[0]?.message ?? "",
      /rejected it \(AK5 R .*segment HL at 3.*element 2/,
    );
    // A TA1 that rejects one of our interchanges rejects what we sent in it, with its note.
    const third = await sent("9");
    const ta1 = writeX12({
      senderQualifier: "12",
      sender: "4405197800",
      receiverQualifier: "01",
      receiver: "999999999",
      controlNumber: "60",
      ta1: [["TA1", "000000009", "261206", "1200", "R", "015"]],
      groups: [],
    });
    const t = await receive("ta1.edi", Buffer.from(ta1));
    assert.deepEqual(
      t.messages.map((m) => [m.type, m.status, m.reference]),
      [["TA1", "accepted", "000000009"]],
    );
    const [after9] = await listMessages(db, {
      companyId: company.id,
      type: "856",
      recordExternalId: "SHIP-9",
      limit: 1,
    });
    assert.equal(after9?.id, third.id);
    assert.equal(after9?.status, "rejected");
    assert.match(
      ((after9?.reasons ?? []) as { message: string }[])[0]?.message ?? "",
      /rejected interchange 000000009 \(TA1 015 /,
    );
    // A 997 is never answered with another.
    assert.deepEqual(
      r.messages.map((m) => [m.direction, m.type]),
      [["inbound", "997"]],
    );
  });
});
