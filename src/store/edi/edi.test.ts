import assert from "node:assert/strict";
import { test } from "node:test";
import { withDatabases } from "../../../test/helpers/db.ts";
import { createCompany } from "../companies.ts";
import { findConnection, insertConnection, listConnections } from "./connections.ts";
import { allocateControlNumbers, lastControlNumbers } from "./control-numbers.ts";
import { findFile, insertFile } from "./files.ts";
import {
  findPurchaseOrders,
  getMessage,
  insertMessage,
  listUnsentAcknowledgments,
  markMessagesSent,
  type NewEdiMessage,
  updateMessage,
} from "./messages.ts";
import { findPartnerBySender, insertPartner, type NewEdiPartner } from "./partners.ts";

withDatabases("EDI store", (suite) => {
  async function setUp() {
    const db = suite.db.kysely;
    const company = await createCompany(db, { name: `EDI ${Math.random()}` });
    const connection = await insertConnection(db, {
      companyId: company.id,
      name: "main",
      active: true,
      ourQualifier: "ZZ",
      ourId: "HARLAN",
      transport: "folder",
      settings: { inbox: "/in", outbox: "/out" },
    });
    assert.ok(connection);
    const partnerInput: NewEdiPartner = {
      companyId: company.id,
      connectionId: connection.id,
      name: "northgate",
      active: true,
      customerExternalId: "C-1",
      qualifier: "01",
      interchangeId: "123456789",
      applicationId: null,
      version: "00401",
      separators: null,
      wants855: false,
      wants810: true,
      autoAccept: false,
      overdueAfterMinutes: 60,
      locations: [{ partnerLocationId: "0007", locationCode: "DC-07" }],
    };
    const inserted = await insertPartner(db, partnerInput);
    assert.ok(inserted.ok);
    return { db, company, connection, partner: inserted.partner, partnerInput };
  }

  test("connections and partners: names unique per company, a partner found by its sender id", async () => {
    const { db, company, connection, partner, partnerInput } = await setUp();
    assert.equal(
      await insertConnection(db, { ...connection, companyId: company.id, settings: {} }),
      undefined,
      "a second connection by the same name",
    );
    assert.deepEqual(
      (await listConnections(db, company.id)).map((c) => c.name),
      ["main"],
    );
    assert.equal((await findConnection(db, company.id, "main"))?.id, connection.id);
    assert.equal((await findConnection(db, company.id, connection.id))?.name, "main");
    assert.equal(partner.connection, "main");
    assert.deepEqual(partner.locations, [{ partnerLocationId: "0007", locationCode: "DC-07" }]);
    assert.deepEqual(await insertPartner(db, partnerInput), { ok: false, conflict: "name" });
    assert.deepEqual(await insertPartner(db, { ...partnerInput, name: "other" }), {
      ok: false,
      conflict: "identity",
    });
    assert.equal((await findPartnerBySender(db, connection.id, "01", "123456789"))?.id, partner.id);
    // A changed qualifier still finds the only partner with that id.
    assert.equal((await findPartnerBySender(db, connection.id, "ZZ", "123456789"))?.id, partner.id);
    assert.equal(await findPartnerBySender(db, connection.id, "01", "999"), undefined);
  });

  test("control numbers count up per partner, direction and kind, and a rolled-back allocation is reused", async () => {
    const { partner } = await setUp();
    const db = suite.db;
    const take = (kind: "interchange" | "set", count: number) =>
      allocateControlNumbers(db.kysely, { partnerId: partner.id, direction: "outbound", kind, count });
    assert.deepEqual(await take("interchange", 1), [1]);
    assert.deepEqual(await take("interchange", 2), [2, 3]);
    assert.deepEqual(await take("set", 3), [1, 2, 3]);
    await assert.rejects(
      db.transaction(async (trx) => {
        await allocateControlNumbers(trx, {
          partnerId: partner.id,
          direction: "outbound",
          kind: "interchange",
          count: 5,
        });
        throw new Error("the file was never written");
      }),
      /never written/,
    );
    assert.deepEqual(await take("interchange", 1), [4]);
    assert.deepEqual(await lastControlNumbers(db.kysely, partner.id, "outbound"), {
      interchange: 4,
      group: 0,
      set: 3,
    });
    // Concurrent allocations never hand out the same number.
    const all = (await Promise.all(Array.from({ length: 8 }, () => take("interchange", 2)))).flat();
    assert.equal(new Set(all).size, 16);
    assert.deepEqual(
      all.toSorted((a, b) => a - b),
      Array.from({ length: 16 }, (_, i) => i + 5),
    );
  });

  test("a file is recorded once by connection, name and digest", async () => {
    const { db, company, connection } = await setUp();
    const file = {
      companyId: company.id,
      connectionId: connection.id,
      direction: "inbound" as const,
      name: "po1.edi",
      sha256: "a".repeat(64),
      size: 10,
      status: "processed" as const,
      error: null,
    };
    assert.ok(await insertFile(db, file));
    assert.equal(await insertFile(db, file), undefined);
    assert.ok(await insertFile(db, { ...file, sha256: "b".repeat(64) }), "same name, other content");
    assert.equal((await findFile(db, file))?.name, "po1.edi");
  });

  test("at most one 850 per partner and PO number is accepted", async () => {
    const { db, company, connection, partner } = await setUp();
    const po: NewEdiMessage = {
      companyId: company.id,
      connectionId: connection.id,
      partnerId: partner.id,
      fileId: null,
      direction: "inbound",
      type: "850",
      status: "new",
      senderQualifier: "01",
      senderId: "123456789",
      receiverQualifier: "ZZ",
      receiverId: "HARLAN",
      interchangeControl: "000000001",
      groupControl: "1",
      setControl: "0001",
      functionalId: "PO",
      reference: "PO-1",
      raw: "ST*850*0001~",
      parsed: { poNumber: "PO-1" },
      problems: [],
      reasons: [],
      recordCollection: null,
      recordExternalId: null,
      dueAt: null,
    };
    const first = await insertMessage(db, po);
    const second = await insertMessage(db, { ...po, interchangeControl: "000000002" });
    assert.equal(first.partner, "northgate");
    assert.deepEqual(
      (await findPurchaseOrders(db, { partnerId: partner.id, poNumber: "PO-1", excludeId: first.id })).map(
        (m) => m.id,
      ),
      [second.id],
    );
    await updateMessage(db, first.id, { status: "accepted" });
    await assert.rejects(
      updateMessage(db, second.id, { status: "accepted" }),
      /edi_messages_po_accepted|unique/,
    );
  });

  test("a stored message reads back as inserted; sent files are recorded with their messages, a file sent again linked as it was", async () => {
    const { db, company, connection, partner } = await setUp();
    const ack = (control: string): NewEdiMessage => ({
      companyId: company.id,
      connectionId: connection.id,
      partnerId: partner.id,
      fileId: null,
      direction: "outbound",
      type: "997",
      status: "new",
      senderQualifier: "ZZ",
      senderId: "HARLAN",
      receiverQualifier: "01",
      receiverId: "123456789",
      interchangeControl: control,
      groupControl: "1",
      setControl: "0001",
      functionalId: "FA",
      reference: "000000001",
      raw: "ST*997*0001~",
      parsed: { acknowledges: { interchange: "000000001", groups: ["1"] } },
      problems: [],
      reasons: [],
      recordCollection: null,
      recordExternalId: null,
      dueAt: null,
    });
    const a = await insertMessage(db, ack("000000011"));
    const b = await insertMessage(db, ack("000000012"));
    const c = await insertMessage(db, ack("000000013"));
    assert.deepEqual(await getMessage(db, company.id, a.id), a);
    assert.deepEqual(
      (await listUnsentAcknowledgments(db, { connectionId: connection.id, limit: 10 })).map((m) => m.id),
      [a.id, b.id, c.id],
    );
    assert.deepEqual(
      (await listUnsentAcknowledgments(db, { connectionId: connection.id, afterId: a.id, limit: 1 })).map(
        (m) => m.id,
      ),
      [b.id],
    );

    const due = new Date("2026-12-01T10:00:00.000Z");
    const ids = { companyId: company.id, connectionId: connection.id };
    await markMessagesSent(db, ids, [
      { messageId: a.id, name: "997-a.x12", sha256: "a".repeat(64), size: 12, dueAt: due },
      { messageId: b.id, name: "997-b.x12", sha256: "b".repeat(64), size: 12 },
    ]);
    // The same bytes under the same name again (a resend after a crash): linked to the file recorded first.
    await markMessagesSent(db, ids, [
      { messageId: c.id, name: "997-a.x12", sha256: "a".repeat(64), size: 12 },
    ]);
    const [sentA, sentB, sentC] = await Promise.all([a, b, c].map((m) => getMessage(db, company.id, m.id)));
    assert.equal(sentA?.status, "sent");
    assert.equal(sentA?.file, "997-a.x12");
    assert.deepEqual(sentA?.dueAt, due);
    assert.equal(sentB?.file, "997-b.x12");
    assert.equal(sentB?.dueAt, null);
    assert.equal(sentC?.status, "sent");
    assert.equal(sentC?.fileId, sentA?.fileId);
    assert.deepEqual(await listUnsentAcknowledgments(db, { connectionId: connection.id, limit: 10 }), []);
  });
});
