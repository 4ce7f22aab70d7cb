import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { createCompany } from "#store/companies.ts";
import { insertMessage, listMessages } from "#store/edi/messages.ts";
import { insertPartner } from "#store/edi/partners.ts";
import { upsertRecord } from "#store/records.ts";
import { withDatabases } from "../../../test/helpers/db.ts";
import { samplesDir } from "../../../test/helpers/x12/samples.ts";
import { createConnection } from "../connections.ts";
import { EDI_POLL } from "../schedule.ts";
import { inboundJobHandlers } from "./jobs.ts";

const root = mkdtempSync(join(tmpdir(), "ll-edi-jobs-"));
after(() => rmSync(root, { recursive: true, force: true }));

withDatabases("EDI periodic job", (suite) => {
  test("the first connection starts the poll chain; a run picks up, acknowledges, marks overdue and schedules the next", async () => {
    const db = suite.db;
    const company = await createCompany(db.kysely, { name: "Harlan" });
    const dir = mkdtempSync(join(root, "c-"));
    const inbox = join(dir, "in");
    const outbox = join(dir, "out");
    mkdirSync(inbox);
    mkdirSync(outbox);
    const ctx = { db, secretKey: () => Buffer.alloc(32) };
    const created = await createConnection(ctx, {
      companyId: company.id,
      body: {
        name: "main",
        ourQualifier: "01",
        ourId: "999999999",
        transport: "folder",
        folder: { inbox, outbox },
      },
    });
    assert.ok(created.ok);
    const waiting = () =>
      db.kysely
        .selectFrom("jobs")
        .select(["id", "payload", "run_at"])
        .where("type", "=", EDI_POLL)
        .where("state", "=", "queued")
        .execute();
    const [first] = await waiting();
    assert.ok(first, "a poll waits once there is a connection");

    await upsertRecord(db.kysely, {
      companyId: company.id,
      collection: "customers",
      externalId: "C-XYZ",
      data: { name: "XYZ", active: true },
    });
    const partner = await insertPartner(db.kysely, {
      companyId: company.id,
      connectionId: created.value.id,
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
      autoAccept: false,
      overdueAfterMinutes: 60,
      locations: [],
    });
    assert.ok(partner.ok);
    const late = await insertMessage(db.kysely, {
      companyId: company.id,
      connectionId: created.value.id,
      partnerId: partner.partner.id,
      fileId: null,
      direction: "outbound",
      type: "856",
      status: "sent",
      senderQualifier: "01",
      senderId: "999999999",
      receiverQualifier: "12",
      receiverId: "4405197800",
      interchangeControl: "000000050",
      groupControl: "50",
      setControl: "0001",
      functionalId: "SH",
      reference: "SHIP-1",
      raw: "",
      parsed: null,
      problems: [],
      reasons: [],
      recordCollection: "shipments",
      recordExternalId: "SHIP-1",
      dueAt: new Date(Date.now() - 1000),
    });
    copyFileSync(join(samplesDir, "850-nodex12-1.edi"), join(inbox, "po.edi"));

    await db.kysely.deleteFrom("jobs").where("type", "=", EDI_POLL).execute();
    const handler = inboundJobHandlers(ctx.secretKey)[EDI_POLL];
    assert.ok(handler);
    const result = await handler(
      {
        id: 1,
        type: EDI_POLL,
        companyId: null,
        payload: { tick: 4 },
        attempt: 1,
        maxAttempts: 5,
        createdAt: new Date(),
      },
      { db, workerId: "test", signal: new AbortController().signal },
    );
    assert.deepEqual(result, { counts: { overdue: 1, stored: 1, failed: 0, acknowledgments: 1 } });
    assert.deepEqual(readdirSync(outbox), ["997-4405197800-000000001.x12"]);
    const [shipped] = await listMessages(db.kysely, {
      companyId: company.id,
      recordExternalId: "SHIP-1",
      limit: 1,
    });
    assert.equal(shipped?.id, late.id);
    assert.equal(shipped?.status, "overdue");
    const [next] = await waiting();
    assert.deepEqual(next?.payload, { tick: 5 });
    assert.ok((next?.run_at.getTime() ?? 0) > Date.now() + 30_000, "the next run is about a minute away");
  });
});
