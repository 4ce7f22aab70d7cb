// The whole EDI flow through the real server, once over a folder pair and once over SFTP (a loopback
// server): a partner's 850 lands in the inbox, one poll picks it up and sends the 997, *Accept* makes the
// sales order (the host's webhook hears `record.created`, and the partner its 855), the host records a
// shipment and the 856 leaves, the partner's 997 for it comes back and marks it acknowledged, and the
// host's invoice leaves as an 810. The workers run as the server's do, drained between steps.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { jobHandlers } from "#app/handlers.ts";
import { outboundJobHandlers } from "#edi/outbound/jobs.ts";
import { startWorkers } from "#jobs/worker.ts";
import { webhookJobHandlers } from "#sync/webhooks.ts";
import { parseX12 } from "#x12/reader.ts";
import { read810, read855, read856, read997 } from "#x12/sets/index.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { startSftpServer, type TestSftpServer } from "./helpers/sftp-server.ts";
import { partnerAcceptance } from "./helpers/x12/partner.ts";

let s: TestServer;
let root: string;
let sftp: TestSftpServer;
let hooks: Server;
let hooksUrl: string;
const heard: { companyId: string; type: string; data: Record<string, unknown> }[] = [];

before(async () => {
  s = await startTestServer();
  root = mkdtempSync(join(tmpdir(), "ledgerlink-edi-flow-"));
  for (const dir of ["folder/in", "folder/out", "remote/in", "remote/out"])
    mkdirSync(join(root, dir), { recursive: true });
  sftp = await startSftpServer({
    root: join(root, "remote"),
    users: [{ username: "harlan", password: "sftp-pass-123" }],
  });
  hooks = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      heard.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
  const address = hooks.address();
  hooksUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hooks`;
});
after(async () => {
  await s.close();
  await sftp.close();
  await new Promise((r) => hooks.close(r));
  rmSync(root, { recursive: true, force: true });
});

/** Runs every job that is due, with the handlers the server's workers have (the poll chain aside). */
async function drain() {
  const workers = startWorkers(s.db, {
    pollMs: 10,
    handlers: {
      ...jobHandlers(),
      ...outboundJobHandlers(() => s.secretKey),
      ...webhookJobHandlers({ secretKey: s.secretKey }),
    },
    backoff: { baseMs: 1, maxMs: 5 },
    retention: false,
  });
  await workers.drain();
  await workers.stop();
}

function purchaseOrder(control: string, po: string, sender = "NORTHGATE"): string {
  return [
    `ISA*00*          *00*          *01*${sender.padEnd(15)}*ZZ*HARLAN         *261201*0900*U*00401*${control.padStart(9, "0")}*0*P*>~`,
    `GS*PO*${sender}*HARLAN*20261201*0900*${control}*X*004010~`,
    "ST*850*0001~",
    `BEG*00*SA*${po}**20261201~`,
    "N1*ST*NORTHGATE DC 7*92*0007~",
    "PO1*1*24*EA*2.50**IN*884422*VN*HEX-8~",
    "PO1*2*10*EA***UP*012345678905~",
    "CTT*2*34~",
    "SE*7*0001~",
    `GE*1*${control}~`,
    `IEA*1*${control.padStart(9, "0")}~`,
  ].join("\n");
}

/** The one transaction set of an interchange, with its group's envelope. */
function onlySet(text: string) {
  const parsed = parseX12(text);
  assert.deepEqual(parsed.problems, []);
  const group = parsed.interchanges[0]?.groups[0];
  const set = group?.transactionSets[0];
  assert.ok(group && set);
  return { group, set };
}

interface MessageItem {
  id: string;
  direction: string;
  type: string;
  status: string;
  reference: string | null;
  file: string | null;
  acknowledgedBy: string | null;
  controlNumbers: { interchange: string; group: string | null; set: string | null };
  record: { collection: string; externalId: string } | null;
}

const transports = [
  {
    label: "a folder pair",
    company: () => s.companyA,
    inbox: () => join(root, "folder/in"),
    outbox: () => join(root, "folder/out"),
    connection: () => ({
      transport: "folder",
      folder: { inbox: join(root, "folder/in"), outbox: join(root, "folder/out") },
    }),
  },
  {
    label: "an SFTP server",
    company: () => s.companyB,
    inbox: () => join(root, "remote/in"),
    outbox: () => join(root, "remote/out"),
    connection: () => ({
      transport: "sftp",
      sftp: { host: "127.0.0.1", port: sftp.port, username: "harlan", inbox: "/in", outbox: "/out" },
      secrets: { password: "sftp-pass-123" },
    }),
  },
];

for (const t of transports) {
  describe(`the EDI flow over ${t.label}`, () => {
    const company = () => t.company();
    const host = async (method: string, path: string, json?: unknown) => {
      const res = await s.api(`/api/v1/${path}`, {
        method,
        key: company().key,
        ...(json === undefined ? {} : { json }),
      });
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const admin = async (method: string, path: string, json?: unknown) => {
      const res = await fetch(`${s.url}/api/admin/companies/${company().id}/edi${path}`, {
        method,
        headers: {
          authorization: `Bearer ${s.internalToken}`,
          ...(json === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const messages = async (query = "") =>
      ((await admin("GET", `/messages?limit=100${query}`)) as { items: MessageItem[] }).items;
    const outboxFile = (prefix: string) => readdirSync(t.outbox()).find((n) => n.startsWith(prefix));
    const poll = async () => {
      const report = (await admin("POST", "/poll", {})) as {
        connections: { stored: number; failed: number; acknowledgmentsSent: number; error: string | null }[];
      };
      assert.equal(report.connections[0]?.error, null);
      return report.connections[0];
    };
    const soId = "EDI-northgate-PO-4471";

    before(async () => {
      await host("PUT", "customers/C-NG", {
        name: "Northgate Stores",
        locations: [
          {
            code: "DC-07",
            name: "Columbus DC",
            partnerLocationId: "0007",
            address: { line1: "7 Logistics Pkwy", city: "Columbus", region: "OH", postalCode: "43217" },
          },
        ],
      });
      await host("PUT", "items/P-8", {
        name: "Hex bolt M8",
        type: "inventory",
        sku: "HEX-8",
        unitPrice: "2.50",
      });
      await host("PUT", "items/P-9", {
        name: "Washer M8",
        type: "inventory",
        sku: "WSH-8",
        upc: "012345678905",
        unitPrice: "0.40",
      });
      await host("POST", "webhooks", {
        url: hooksUrl,
        secret: "a host's webhook secret",
        events: ["record.created"],
      });
      await admin("PUT", "/sscc", { gs1Prefix: "0614141" });
      await admin("POST", "/connections", {
        name: "main",
        ourQualifier: "ZZ",
        ourId: "HARLAN",
        ...t.connection(),
      });
      await admin("POST", "/partners", {
        name: "northgate",
        connection: "main",
        customerExternalId: "C-NG",
        qualifier: "01",
        interchangeId: "NORTHGATE",
        wants855: true,
        wants810: true,
        locations: [{ partnerLocationId: "0007", locationCode: "DC-07" }],
      });
    });

    test("an 850 dropped in the inbox is picked up once, archived, and answered with a 997", async () => {
      writeFileSync(join(t.inbox(), "po-4471.x12"), purchaseOrder("101", "PO-4471"));
      const report = await poll();
      assert.deepEqual([report?.stored, report?.failed, report?.acknowledgmentsSent], [1, 0, 1]);
      assert.equal(existsSync(join(t.inbox(), "po-4471.x12")), false);
      assert.equal(existsSync(join(t.inbox(), "archive", "po-4471.x12")), true);
      assert.deepEqual((await poll())?.stored, 0, "a second poll finds nothing new");

      const file = outboxFile("997-");
      assert.ok(file, `a 997 in ${readdirSync(t.outbox()).join(", ")}`);
      const { group, set } = onlySet(readFileSync(join(t.outbox(), file), "utf8"));
      const ack = read997(set, group.version).acknowledgment;
      assert.deepEqual([ack.functionalId, ack.controlNumber, ack.status.code], ["PO", "101", "A"]);

      const [sent997, received850] = await messages();
      assert.deepEqual(
        [
          received850?.direction,
          received850?.type,
          received850?.status,
          received850?.file,
          received850?.reference,
        ],
        ["inbound", "850", "new", "po-4471.x12", "PO-4471"],
      );
      assert.deepEqual(
        [sent997?.direction, sent997?.type, sent997?.status, sent997?.file],
        ["outbound", "997", "sent", file],
      );
    });

    test("Accept makes the sales order, the host's webhook hears record.created, and the 855 goes out", async () => {
      const [po] = await messages("&type=850");
      assert.ok(po);
      heard.length = 0;
      const accepted = await admin("POST", `/messages/${po.id}/accept`, {});
      assert.deepEqual(
        [accepted.status, accepted.record],
        ["accepted", { collection: "sales-orders", externalId: soId }],
      );
      const order = await host("GET", `sales-orders/${soId}`);
      const data = order.data as {
        customerPoNumber: string;
        lines: { customerPoLineNumber: string; unitPrice: string }[];
      };
      assert.equal(data.customerPoNumber, "PO-4471");
      assert.deepEqual(
        data.lines.map((l) => [l.customerPoLineNumber, l.unitPrice]),
        [
          ["1", "2.50"],
          ["2", "0.40"],
        ],
        "line 2 came without a price and took the item's",
      );

      await drain();
      assert.deepEqual(
        heard.map((h) => [h.companyId, h.type, h.data.collection, h.data.externalId, h.data.version]),
        [[company().id, "record.created", "sales-orders", soId, 1]],
      );
      assert.deepEqual(heard[0]?.data.origin, {
        kind: "edi",
        partner: "northgate",
        messageId: po.id,
        poNumber: "PO-4471",
      });

      const file = outboxFile("855-");
      assert.ok(file, `an 855 in ${readdirSync(t.outbox()).join(", ")}`);
      const ack = read855(onlySet(readFileSync(join(t.outbox(), file), "utf8")).set).acknowledgment;
      assert.equal(ack.poNumber, "PO-4471");
      assert.deepEqual(
        ack.lines.map((l) => [l.lineNumber, l.acknowledgments[0]?.status]),
        [
          ["1", "IA"],
          ["2", "IA"],
        ],
      );
      // From the order: the 850 it came from and the 855 that answered it.
      const linked = await messages(`&collection=sales-orders&externalId=${soId}`);
      assert.deepEqual(
        linked.map((m) => [m.direction, m.type, m.status]),
        [
          ["outbound", "855", "sent"],
          ["inbound", "850", "accepted"],
        ],
      );
    });

    test("a shipment recorded by the host leaves as an 856; the partner's 997 for it marks it acknowledged", async () => {
      await host("PUT", "shipments/SH-1", {
        number: "SH-1",
        customerExternalId: "C-NG",
        salesOrderExternalId: soId,
        shipDate: "2026-12-06",
        cartons: [
          { items: [{ itemExternalId: "P-8", quantity: "24" }] },
          { items: [{ itemExternalId: "P-9", quantity: "10" }] },
        ],
      });
      await drain();
      const file = outboxFile("856-");
      assert.ok(file, `an 856 in ${readdirSync(t.outbox()).join(", ")}`);
      const { group, set } = onlySet(readFileSync(join(t.outbox(), file), "utf8"));
      const notice = read856(set);
      assert.deepEqual(notice.problems, []);
      const order = notice.shipment.orders[0];
      assert.equal(order?.poNumber, "PO-4471");
      assert.deepEqual(
        order?.packs?.map((p) => [p.sscc?.slice(0, 8), p.items?.[0]?.lineNumber]),
        [
          ["00614141", "1"],
          ["00614141", "2"],
        ],
      );
      const [sent] = await messages("&type=856");
      assert.deepEqual([sent?.status, sent?.file, sent?.record?.externalId], ["sent", file, "SH-1"]);

      writeFileSync(
        join(t.inbox(), "997-for-856.x12"),
        partnerAcceptance({
          partner: { qualifier: "01", id: "NORTHGATE" },
          us: { qualifier: "ZZ", id: "HARLAN" },
          functionalId: "SH",
          groupControl: group.controlNumber,
          setType: "856",
          setControl: set.controlNumber,
        }),
      );
      const report = await poll();
      assert.deepEqual([report?.stored, report?.acknowledgmentsSent], [1, 0], "a 997 is not answered");
      const [after856] = await messages("&type=856");
      assert.equal(after856?.status, "acknowledged");
      const [received997] = await messages("&type=997&direction=inbound");
      assert.equal(after856?.acknowledgedBy, received997?.id);
    });

    test("the host's invoice for the order leaves as an 810 with the PO's line numbers", async () => {
      await host("PUT", "invoices/INV-1", {
        number: "INV-1",
        date: "2026-12-07",
        customerExternalId: "C-NG",
        salesOrderExternalId: soId,
        lines: [
          { itemExternalId: "P-8", quantity: "24", unitPrice: "2.50" },
          { itemExternalId: "P-9", quantity: "10", unitPrice: "0.40" },
        ],
      });
      await drain();
      const file = outboxFile("810-");
      assert.ok(file, `an 810 in ${readdirSync(t.outbox()).join(", ")}`);
      const invoice = read810(onlySet(readFileSync(join(t.outbox(), file), "utf8")).set).invoice;
      assert.deepEqual([invoice.invoiceNumber, invoice.poNumber, invoice.total], ["INV-1", "PO-4471", "64"]);
      assert.deepEqual(
        invoice.lines.map((l) => l.lineNumber),
        ["1", "2"],
      );
      const [sent] = await messages("&type=810");
      assert.deepEqual([sent?.status, sent?.record?.externalId], ["sent", "INV-1"]);
    });

    test("an order a partner's auto-accept makes is announced to the host's webhook as well", async () => {
      await admin("POST", "/partners", {
        name: "eastbay",
        connection: "main",
        customerExternalId: "C-NG",
        qualifier: "01",
        interchangeId: "EASTBAY",
        autoAccept: true,
        locations: [{ partnerLocationId: "0007", locationCode: "DC-07" }],
      });
      writeFileSync(join(t.inbox(), "po-eb-9.x12"), purchaseOrder("205", "EB-9", "EASTBAY"));
      heard.length = 0;
      assert.equal((await poll())?.stored, 1);
      const [po] = await messages("&type=850&partner=eastbay");
      assert.deepEqual([po?.status, po?.record?.externalId], ["accepted", "EDI-eastbay-EB-9"]);
      await drain();
      assert.deepEqual(
        heard.map((h) => [h.type, h.data.externalId, (h.data.origin as { partner: string }).partner]),
        [["record.created", "EDI-eastbay-EB-9", "eastbay"]],
      );
    });
  });
}
