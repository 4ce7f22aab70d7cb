// The admin API for EDI connections and trading partners, through a real server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { receiveFile } from "#edi/inbound/receive.ts";
import { sha256Hex } from "#edi/pickup.ts";
import { findConnection } from "#store/edi/connections.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { readSample } from "./helpers/x12/samples.ts";

let s: TestServer;
before(async () => {
  s = await startTestServer();
  const customer = await s.api("/api/v1/customers/C-NG", {
    method: "PUT",
    json: {
      name: "Northgate Stores",
      locations: [
        {
          code: "DC-07",
          name: "Columbus DC",
          partnerLocationId: "0007",
          address: { line1: "7 Logistics Pkwy" },
        },
      ],
    },
  });
  assert.equal(customer.status, 201);
});
after(() => s.close());

function admin(path: string, json?: unknown) {
  return fetch(`${s.url}/api/admin/companies/${s.companyA.id}/edi${path}`, {
    method: json === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${s.internalToken}`,
      ...(json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

const folder = {
  name: "main",
  ourQualifier: "ZZ",
  ourId: "ACMEMFG",
  transport: "folder",
  folder: { inbox: "/srv/edi/in", outbox: "/srv/edi/out" },
};

const partner = {
  name: "northgate",
  connection: "main",
  customerExternalId: "C-NG",
  qualifier: "01",
  interchangeId: "123456789",
  autoAccept: true,
  locations: [{ partnerLocationId: "0007", locationCode: "DC-07" }],
};

describe("EDI connections and partners", () => {
  test("a folder connection is created once, listed and found by name", async () => {
    const created = await admin("/connections", folder);
    assert.equal(created.status, 201);
    const body = (await created.json()) as {
      id: string;
      settings: unknown;
      secrets: unknown;
      active: boolean;
    };
    assert.deepEqual(body.settings, folder.folder);
    assert.deepEqual(body.secrets, { password: false, privateKey: false });
    assert.equal(body.active, true);

    const again = await admin("/connections", folder);
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { code: string }).code, "connection_exists");

    const list = (await (await admin("/connections")).json()) as { items: { name: string }[] };
    assert.deepEqual(
      list.items.map((c) => c.name),
      ["main"],
    );
    assert.equal(((await (await admin("/connections/main")).json()) as { id: string }).id, body.id);
    assert.equal((await admin(`/connections/${body.id}`)).status, 200);
    assert.equal((await admin("/connections/nope")).status, 404);
  });

  test("a bad connection is refused with every field named, and nothing is saved", async () => {
    const res = await admin("/connections", {
      ...folder,
      name: "bad name",
      ourQualifier: "Z",
      ourId: "ID-LONGER-THAN-15",
      folder: { inbox: "relative/in", outbox: "/out" },
    });
    assert.equal(res.status, 400);
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    assert.equal(problem.code, "invalid_connection");
    assert.deepEqual(problem.errors.map((e) => e.path).sort(), [
      "/folder/inbox",
      "/name",
      "/ourId",
      "/ourQualifier",
    ]);
    const sftp = await admin("/connections", {
      name: "remote",
      ourQualifier: "ZZ",
      ourId: "ACMEMFG",
      transport: "sftp",
      sftp: { host: "sftp.example", username: "acme", inbox: "/in", outbox: "/out", pollSeconds: 1 },
    });
    assert.deepEqual(
      ((await sftp.json()) as { errors: { path: string }[] }).errors.map((e) => e.path),
      ["/sftp/pollSeconds"],
    );
  });

  test("a partner needs an existing connection, customer and customer locations", async () => {
    const noConnection = await admin("/partners", { ...partner, connection: "other" });
    assert.equal(noConnection.status, 404);
    assert.equal(((await noConnection.json()) as { code: string }).code, "connection_not_found");

    const noCustomer = await admin("/partners", { ...partner, customerExternalId: "C-NONE" });
    assert.equal(noCustomer.status, 400);
    assert.equal(((await noCustomer.json()) as { code: string }).code, "customer_not_found");

    const noLocation = await admin("/partners", {
      ...partner,
      locations: [{ partnerLocationId: "0009", locationCode: "DC-09" }],
    });
    assert.equal(noLocation.status, 400);
    assert.deepEqual(((await noLocation.json()) as { errors: unknown }).errors, [
      { path: "/locations/0/locationCode", message: "is not a location of customer C-NG" },
    ]);

    const created = await admin("/partners", partner);
    assert.equal(created.status, 201);
    const view = (await created.json()) as Record<string, unknown>;
    assert.equal(view.connection, "main");
    assert.equal(view.version, "00401");
    assert.equal(view.autoAccept, true);
    assert.equal(view.wants855, false);
    assert.equal(view.overdueAfterMinutes, 1440);

    const sameId = await admin("/partners", { ...partner, name: "northgate-2" });
    assert.equal(sameId.status, 409);
    assert.deepEqual(((await sameId.json()) as { errors: unknown }).errors, [
      { path: "/interchangeId", message: "is another partner's on this connection" },
    ]);
    const list = (await (await admin("/partners?connection=main")).json()) as { items: { name: string }[] };
    assert.deepEqual(
      list.items.map((p) => p.name),
      ["northgate"],
    );
    assert.equal((await admin("/partners/northgate")).status, 200);
  });

  test("the message inbox lists what came in, shows one message whole, and accepts an 850 when it can", async () => {
    // The sample's sender 12:4405197800 becomes a partner of its own; its ship-to and items are unknown here.
    await admin("/partners", {
      ...partner,
      name: "xyz",
      qualifier: "12",
      interchangeId: "4405197800",
      autoAccept: false,
      locations: [],
    });
    const connection = await findConnection(s.db.kysely, s.companyA.id, "main");
    assert.ok(connection);
    const bytes = readSample("850-nodex12-1.edi");
    await receiveFile({ db: s.db, secretKey: () => Buffer.alloc(32) }, connection, {
      name: "po.edi",
      bytes,
      sha256: sha256Hex(bytes),
    });

    const inbox = (await (await admin("/messages?partner=xyz&direction=inbound")).json()) as {
      items: {
        id: string;
        type: string;
        status: string;
        file: string;
        reference: string;
        controlNumbers: unknown;
        reasons: { code: string }[];
      }[];
      nextBefore: string | null;
    };
    assert.equal(inbox.items.length, 1);
    const po = inbox.items[0];
    assert.deepEqual(
      [po?.type, po?.status, po?.file, po?.reference],
      ["850", "needs_attention", "po.edi", "08292233294"],
    );
    assert.deepEqual(po?.controlNumbers, { interchange: "000003438", group: "1421", set: "000000010" });
    assert.ok(po?.reasons.some((r) => r.code === "LOCATION_UNMAPPED"));
    const out = (await (await admin("/messages?direction=outbound&type=997")).json()) as {
      items: { status: string }[];
    };
    assert.equal(out.items.length, 1);

    const detail = (await (await admin(`/messages/${po?.id}`)).json()) as {
      raw: string;
      parsed: { order: { poNumber: string } };
    };
    assert.match(detail.raw, /^ST\*850\*000000010~BEG\*00\*SA\*08292233294/);
    assert.equal(detail.parsed.order.poNumber, "08292233294");

    const refused = await admin(`/messages/${po?.id}/accept`, {});
    assert.equal(refused.status, 409);
    const problem = (await refused.json()) as { code: string; detail: string };
    assert.equal(problem.code, "message_not_acceptable");
    assert.match(problem.detail, /Ship-to 0003947268292 \(XYZ RETAIL\) is not a location of customer C-NG/);
    assert.equal((await admin("/messages/999999/accept", {})).status, 404);
    assert.equal((await admin("/messages?status=lost")).status, 400);
  });

  test("Reject: an order waiting for a decision is rejected with the user's note, once; nothing else can be", async () => {
    const [po] = (
      (await (await admin("/messages?partner=xyz&type=850")).json()) as { items: { id: string }[] }
    ).items;
    assert.ok(po);
    const tooLong = await admin(`/messages/${po.id}/reject`, { reason: "x".repeat(501) });
    assert.equal(tooLong.status, 400);
    assert.deepEqual(
      ((await tooLong.json()) as { errors: { path: string }[] }).errors.map((e) => e.path),
      ["/reason"],
    );
    const rejected = await admin(`/messages/${po.id}/reject`, { reason: "  not a store we ship to  " });
    assert.equal(rejected.status, 200);
    const view = (await rejected.json()) as { status: string; reasons: { code: string; message: string }[] };
    assert.equal(view.status, "rejected");
    assert.deepEqual(view.reasons.at(-1), {
      code: "REJECTED_BY_USER",
      message: "Rejected by a user: not a store we ship to",
      attention: false,
    });
    assert.ok(
      view.reasons.some((r) => r.code === "LOCATION_UNMAPPED"),
      "what it needed stays on record",
    );

    const again = await admin(`/messages/${po.id}/reject`, {});
    assert.equal(again.status, 409);
    const problem = (await again.json()) as { code: string; detail: string };
    assert.equal(problem.code, "message_not_rejectable");
    assert.match(problem.detail, /is rejected: only an order still waiting for a decision can be rejected/);
    assert.equal(
      (await admin(`/messages/${po.id}/accept`, {})).status,
      409,
      "a rejected order is not accepted",
    );
    const [ack] = (
      (await (await admin("/messages?direction=outbound&type=997")).json()) as {
        items: { id: string }[];
      }
    ).items;
    const outbound = await admin(`/messages/${ack?.id}/reject`, {});
    assert.equal(((await outbound.json()) as { code: string }).code, "message_not_rejectable");
    assert.equal((await admin("/messages/999999/reject", {})).status, 404);
  });

  test("another company sees none of them", async () => {
    const res = await fetch(`${s.url}/api/admin/companies/${s.companyB.id}/edi/partners`, {
      headers: { authorization: `Bearer ${s.internalToken}` },
    });
    assert.deepEqual(await res.json(), { items: [] });
  });
});
