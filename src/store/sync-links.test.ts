import assert from "node:assert/strict";
import { test } from "node:test";
import { withDatabases } from "../../test/helpers/db.ts";
import { createCompany } from "./companies.ts";
import { deleteRecord, getRecord, upsertRecord } from "./records.ts";
import {
  getLink,
  pushHistory,
  recordOfRemote,
  recordPushOutcome,
  referencesOf,
  setLinkStatus,
} from "./sync-links.ts";

const QBO = "quickbooks_online";

withDatabases("sync links", (suite) => {
  async function setUp() {
    const db = suite.db.kysely;
    const companyId = (await createCompany(db, { name: "Links Co" })).id;
    const customer = await upsertRecord(db, {
      companyId,
      collection: "customers",
      externalId: "C-1",
      data: { name: "Acme" },
    });
    const invoice = await upsertRecord(db, {
      companyId,
      collection: "invoices",
      externalId: "INV-1",
      data: { number: "1" },
    });
    return { db, companyId, customerId: customer.record.id, invoiceId: invoice.record.id };
  }

  test("a confirmed push stores the remote copy, starts the next generation and sets the record's status", async () => {
    const { db, companyId, customerId } = await setUp();
    const failed = await recordPushOutcome(db, {
      recordId: customerId,
      companyId,
      provider: QBO,
      operation: "create",
      outcome: "retrying",
      status: "pending",
      code: "500",
      message: "QuickBooks answered 503",
      sent: { DisplayName: "Acme" },
    });
    assert.equal(failed.generation, 0, "a retry keeps the generation, so its request id repeats");
    assert.equal(failed.lastError, "QuickBooks answered 503");

    const synced = await recordPushOutcome(db, {
      recordId: customerId,
      companyId,
      provider: QBO,
      operation: "create",
      outcome: "synced",
      status: "synced",
      remote: { type: "Customer", id: "58", version: "0" },
      pushed: { version: 1, hash: "h1" },
      sent: { DisplayName: "Acme" },
    });
    assert.deepEqual(
      [synced.generation, synced.remoteId, synced.remoteVersion, synced.pushedHash, synced.lastError],
      [1, "58", "0", "h1", null],
    );
    const record = await getRecord(db, { companyId, collection: "customers", externalId: "C-1" });
    assert.equal(record?.sync.status, "synced");
    assert.equal(record?.sync.quickbooksId, "58");

    const history = await pushHistory(db, customerId, QBO);
    assert.deepEqual(
      history.map((h) => [h.outcome, h.generation, h.code]),
      [
        ["synced", 0, null],
        ["retrying", 0, "500"],
      ],
    );
    assert.deepEqual(history[0]?.sent, { DisplayName: "Acme" });
  });

  test("remote ids of many references in one query, and the record behind a remote object", async () => {
    const { db, companyId, customerId } = await setUp();
    await recordPushOutcome(db, {
      recordId: customerId,
      companyId,
      provider: QBO,
      operation: "create",
      outcome: "synced",
      status: "synced",
      remote: { type: "Customer", id: "77" },
      pushed: { version: 1, hash: "h" },
    });
    const refs = await referencesOf(db, companyId, QBO, [
      { collection: "customers", externalId: "C-1" },
      { collection: "invoices", externalId: "INV-1" },
      { collection: "items", externalId: "P-404" },
    ]);
    assert.deepEqual([...refs.ids], [["customers/C-1", "77"]], "linked records only");
    assert.deepEqual(
      [...refs.records.keys()].sort(),
      ["customers/C-1", "invoices/INV-1"],
      "every live record, linked or not",
    );
    assert.deepEqual(refs.records.get("customers/C-1"), { name: "Acme" });
    assert.deepEqual(await recordOfRemote(db, companyId, QBO, "Customer", "77"), {
      recordId: customerId,
      collection: "customers",
      externalId: "C-1",
    });
    assert.equal(await recordOfRemote(db, companyId, QBO, "Vendor", "77"), undefined);
  });

  test("two records cannot link to the same remote object", async () => {
    const { db, companyId, customerId, invoiceId } = await setUp();
    const link = {
      companyId,
      provider: QBO,
      operation: "create",
      outcome: "synced" as const,
      status: "synced" as const,
      remote: { type: "Customer", id: "9" },
    };
    await recordPushOutcome(db, { ...link, recordId: customerId });
    await assert.rejects(recordPushOutcome(db, { ...link, recordId: invoiceId }));
    assert.equal((await pushHistory(db, invoiceId, QBO)).length, 0, "the refused link left no history");
  });

  test("statuses set without an attempt keep the remote side", async () => {
    const { db, companyId, customerId, invoiceId } = await setUp();
    await recordPushOutcome(db, {
      recordId: customerId,
      companyId,
      provider: QBO,
      operation: "create",
      outcome: "synced",
      status: "synced",
      remote: { type: "Customer", id: "5" },
    });
    await setLinkStatus(db, companyId, QBO, [customerId, invoiceId], "held", "before_go_live");
    const customer = await getLink(db, customerId, QBO);
    assert.deepEqual(
      [customer?.status, customer?.reason, customer?.remoteId],
      ["held", "before_go_live", "5"],
    );
    assert.equal((await getLink(db, invoiceId, QBO))?.status, "held");
    assert.equal(
      (await getRecord(db, { companyId, collection: "invoices", externalId: "INV-1" }))?.sync.status,
      "held",
    );
  });

  test("a host edit or delete of a synced record shows it as edited since; other statuses stay", async () => {
    const { db, companyId, customerId } = await setUp();
    await recordPushOutcome(db, {
      recordId: customerId,
      companyId,
      provider: QBO,
      operation: "create",
      outcome: "synced",
      status: "synced",
      remote: { type: "Customer", id: "12" },
    });
    const key = { companyId, collection: "customers", externalId: "C-1" };
    await upsertRecord(db, { ...key, data: { name: "Acme" } });
    assert.equal((await getRecord(db, key))?.sync.status, "synced", "the same content is no edit");
    await upsertRecord(db, { ...key, data: { name: "Acme Tools" } });
    assert.equal((await getRecord(db, key))?.sync.status, "edited_since");
    await recordPushOutcome(db, {
      recordId: customerId,
      companyId,
      provider: QBO,
      operation: "update",
      outcome: "synced",
      status: "synced",
    });
    await deleteRecord(db, key);
    assert.equal((await getRecord(db, key))?.sync.status, "edited_since");
    const invoiceKey = { companyId, collection: "invoices", externalId: "INV-1" };
    await upsertRecord(db, { ...invoiceKey, data: { number: "2" } });
    assert.equal((await getRecord(db, invoiceKey))?.sync.status, "not_synced");
  });
});
