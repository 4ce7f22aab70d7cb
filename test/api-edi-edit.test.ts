// Changing and retiring what a user configured for EDI, through the admin API of a real server, on both
// databases: a connection's and a partner's edit (checked as on create), deactivation (an inactive
// connection is not polled; an inactive partner's files need attention), and deletion only of what
// nothing refers to. Control numbers carry on across every edit.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readSecret } from "#secrets/store.ts";
import { connectionSecretName } from "#store/edi/connections.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { withDatabases } from "./helpers/db.ts";
import { samplesDir } from "./helpers/x12/samples.ts";

const HOST_KEY = `SHA256:${"A".repeat(43)}`;

interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

withDatabases("EDI: edit, deactivate and delete connections and partners", (suite) => {
  let s: TestServer;
  let root: string;
  let inbox: string;
  let outbox: string;
  before(async () => {
    s = await startTestServer({ db: suite.db });
    root = mkdtempSync(join(tmpdir(), "ll-edi-edit-"));
    inbox = join(root, "in");
    outbox = join(root, "out");
    mkdirSync(inbox);
    mkdirSync(outbox);
    const customer = (externalId: string, locations: unknown[]) =>
      s.api(`/api/v1/customers/${externalId}`, { method: "PUT", json: { name: externalId, locations } });
    assert.equal(
      (
        await customer("C-XYZ", [
          {
            code: "SOLON",
            name: "Solon store",
            partnerLocationId: "0003947268292",
            address: { line1: "31875 Solon Rd" },
          },
          { code: "DC-09", name: "Dayton DC", address: { line1: "9 Depot St" } },
        ])
      ).status,
      201,
    );
    assert.equal((await customer("C-OTHER", [])).status, 201);
  });
  after(async () => {
    await s?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function call<T = Record<string, unknown>>(method: string, path: string, json?: unknown) {
    const res = await fetch(`${s.url}/api/admin/companies/${s.companyA.id}/edi${path}`, {
      method,
      headers: {
        authorization: `Bearer ${s.internalToken}`,
        ...(json === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  const paths = (p: { body: Problem }) => (p.body.errors ?? []).map((e) => e.path).sort();
  async function drop(name: string) {
    copyFileSync(join(samplesDir, "850-nodex12-1.edi"), join(inbox, name));
  }
  async function poll(connection?: string) {
    return call<{ connections: { connection: string; stored: number }[] } & Problem>(
      "POST",
      "/poll",
      connection ? { connection } : {},
    );
  }

  test("a folder connection is edited field by field, checked as on create, and renamed only to a free name", async () => {
    const folder = { transport: "folder", ourQualifier: "01", ourId: "999999999" };
    assert.equal(
      (await call("POST", "/connections", { ...folder, name: "main", folder: { inbox, outbox } })).status,
      201,
    );
    assert.equal(
      (
        await call("POST", "/connections", {
          ...folder,
          name: "spare",
          folder: { inbox: "/a", outbox: "/b" },
        })
      ).status,
      201,
    );

    const taken = await call<Problem>("PATCH", "/connections/spare", { name: "main" });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, "connection_exists");
    assert.deepEqual(paths(taken), ["/name"]);

    const bad = await call<Problem>("PATCH", "/connections/spare", {
      name: "bad name",
      ourQualifier: "Z",
      folder: { inbox: "relative/in" },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, "invalid_connection");
    assert.deepEqual(paths(bad), ["/folder/inbox", "/name", "/ourQualifier"]);
    const unknown = await call<Problem>("PATCH", "/connections/spare", { colour: "blue", active: "yes" });
    assert.deepEqual(paths(unknown), ["/colour"]);
    const notBoolean = await call<Problem>("PATCH", "/connections/spare", { active: "yes" });
    assert.deepEqual(paths(notBoolean), ["/active"]);
    const secrets = await call<Problem>("PATCH", "/connections/spare", { secrets: { password: "pw" } });
    assert.deepEqual(paths(secrets), ["/secrets"]);
    const otherTransport = await call<Problem>("PATCH", "/connections/spare", { sftp: { host: "x" } });
    assert.deepEqual(paths(otherTransport), ["/sftp"]);
    const unchanged = await call<{ settings: unknown; name: string }>("GET", "/connections/spare");
    assert.deepEqual(unchanged.body.settings, { inbox: "/a", outbox: "/b" }, "nothing was saved");

    const edited = await call<{ name: string; ourId: string; settings: unknown; usage: unknown }>(
      "PATCH",
      "/connections/spare",
      { name: "spare-2", ourId: "ACMEMFG", folder: { outbox: "/c" } },
    );
    assert.equal(edited.status, 200);
    assert.equal(edited.body.name, "spare-2");
    assert.equal(edited.body.ourId, "ACMEMFG");
    assert.deepEqual(edited.body.settings, { inbox: "/a", outbox: "/c" });
    assert.deepEqual(edited.body.usage, { partners: 0, files: 0, messages: 0 });
    assert.equal((await call("GET", "/connections/spare")).status, 404);
    assert.equal((await call("PATCH", "/connections/nope", { active: false })).status, 404);
  });

  test("an SFTP connection keeps its pinned host key unless the host changes, and its secrets stay sealed", async () => {
    const created = await call<{ id: string }>("POST", "/connections", {
      name: "remote",
      ourQualifier: "ZZ",
      ourId: "ACMEMFG",
      transport: "sftp",
      sftp: {
        host: "sftp.partner.example",
        username: "acme",
        inbox: "/in",
        outbox: "/out",
        hostKey: HOST_KEY,
      },
      secrets: { password: "first password" },
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    type View = { settings: Record<string, unknown>; secrets: Record<string, boolean> };

    const port = await call<View>("PATCH", "/connections/remote", { sftp: { port: 2222, pollSeconds: 60 } });
    assert.equal(port.status, 200);
    assert.equal(port.body.settings.hostKey, HOST_KEY, "same host: the pinned key stays");
    assert.equal(port.body.settings.port, 2222);
    assert.equal(port.body.settings.pollSeconds, 60);
    const sameHost = await call<View>("PATCH", "/connections/remote", {
      sftp: { host: "SFTP.partner.example" },
    });
    assert.equal(sameHost.body.settings.hostKey, HOST_KEY, "the same host in other letters");

    const moved = await call<View>("PATCH", "/connections/remote", {
      sftp: { host: "sftp2.partner.example" },
      secrets: { password: null, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n" },
    });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.settings.host, "sftp2.partner.example");
    assert.equal(moved.body.settings.hostKey, undefined, "another host: the pinned key is dropped");
    assert.equal(moved.body.settings.port, 2222);
    assert.deepEqual(moved.body.secrets, { password: false, privateKey: true });
    assert.ok(!JSON.stringify(moved.body).includes("BEGIN OPENSSH"), "a secret is never answered");
    const sealed = await s.db.kysely.selectFrom("secrets").selectAll().execute();
    assert.ok(!JSON.stringify(sealed).includes("BEGIN OPENSSH"), "sealed at rest");
    assert.equal(
      await readSecret(s.db.kysely, s.secretKey, {
        companyId: s.companyA.id,
        name: connectionSecretName(id, "privateKey"),
      }),
      "-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n",
    );

    const newKey = await call<View>("PATCH", "/connections/remote", {
      sftp: { host: "sftp3.partner.example", hostKey: HOST_KEY },
    });
    assert.equal(newKey.body.settings.hostKey, HOST_KEY, "a key given with the new host is kept");

    const tooFast = await call<Problem>("PATCH", "/connections/remote", { sftp: { pollSeconds: 5 } });
    assert.deepEqual(paths(tooFast), ["/sftp/pollSeconds"]);

    const toFolders = await call<View & { transport: string }>("PATCH", "/connections/remote", {
      transport: "folder",
      folder: { inbox: "/srv/in", outbox: "/srv/out" },
    });
    assert.equal(toFolders.status, 200);
    assert.equal(toFolders.body.transport, "folder");
    assert.deepEqual(toFolders.body.settings, { inbox: "/srv/in", outbox: "/srv/out" });
    assert.deepEqual(
      toFolders.body.secrets,
      { password: false, privateKey: false },
      "folders keep no secrets",
    );
    const halfSftp = await call<Problem>("PATCH", "/connections/remote", {
      transport: "sftp",
      sftp: { host: "h" },
    });
    assert.deepEqual(paths(halfSftp), ["/sftp/inbox", "/sftp/outbox", "/sftp/username"]);
  });

  test("a partner is edited like its add form, keeps its control numbers, and a rename or identity taken is refused", async () => {
    const partner = {
      name: "xyz",
      connection: "main",
      customerExternalId: "C-XYZ",
      qualifier: "12",
      interchangeId: "4405197800",
    };
    assert.equal((await call("POST", "/partners", partner)).status, 201);
    assert.equal(
      (await call("POST", "/partners", { ...partner, name: "abc", interchangeId: "ABC" })).status,
      201,
    );
    await drop("po-1.edi");
    assert.equal((await poll()).body.connections.find((c) => c.connection === "main")?.stored, 1);
    assert.ok(existsSync(join(outbox, "997-4405197800-000000001.x12")));

    const taken = await call<Problem>("PATCH", "/partners/abc", { name: "xyz" });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, "partner_exists");
    assert.deepEqual(paths(taken), ["/name"]);
    const sameId = await call<Problem>("PATCH", "/partners/abc", { interchangeId: "4405197800" });
    assert.equal(sameId.status, 409);
    assert.deepEqual(paths(sameId), ["/interchangeId"]);
    const bad = await call<Problem>("PATCH", "/partners/abc", {
      qualifier: "1",
      version: "00301",
      overdueAfterMinutes: 0,
      autoAccept: "yes",
      nickname: "a",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, "invalid_partner");
    assert.deepEqual(paths(bad), [
      "/autoAccept",
      "/nickname",
      "/overdueAfterMinutes",
      "/qualifier",
      "/version",
    ]);
    const location = await call<Problem>("PATCH", "/partners/abc", {
      locations: [{ partnerLocationId: "0009", locationCode: "NOPE" }],
    });
    assert.deepEqual(location.body.errors, [
      { path: "/locations/0/locationCode", message: "is not a location of customer C-XYZ" },
    ]);
    const noCustomer = await call<Problem>("PATCH", "/partners/abc", { customerExternalId: "C-NONE" });
    assert.equal(noCustomer.body.code, "customer_not_found");
    const noConnection = await call<Problem>("PATCH", "/partners/abc", { connection: "nope" });
    assert.equal(noConnection.status, 404);
    assert.equal(noConnection.body.code, "connection_not_found");
    assert.equal((await call("PATCH", "/partners/nope", { active: false })).status, 404);

    const edited = await call<Record<string, unknown>>("PATCH", "/partners/xyz", {
      name: "xyz-retail",
      applicationId: "XYZAPP",
      version: "00501",
      separators: { element: "|", segment: "~" },
      wants855: true,
      wants810: true,
      autoAccept: true,
      overdueAfterMinutes: 90,
      locations: [{ partnerLocationId: "DC9", locationCode: "DC-09" }],
    });
    assert.equal(edited.status, 200);
    assert.deepEqual(
      [
        edited.body.name,
        edited.body.applicationId,
        edited.body.version,
        edited.body.separators,
        edited.body.wants855,
        edited.body.wants810,
        edited.body.autoAccept,
        edited.body.overdueAfterMinutes,
        edited.body.locations,
        edited.body.usage,
      ],
      [
        "xyz-retail",
        "XYZAPP",
        "00501",
        { element: "|", segment: "~" },
        true,
        true,
        true,
        90,
        [{ partnerLocationId: "DC9", locationCode: "DC-09" }],
        { messages: 2, controlNumbers: 3 },
      ],
    );
    const cleared = await call<Record<string, unknown>>("PATCH", "/partners/xyz-retail", {
      applicationId: null,
      separators: null,
      version: "00401",
      customerExternalId: "C-XYZ",
    });
    assert.equal(cleared.body.applicationId, null);
    assert.equal(cleared.body.separators, null);
    assert.equal(cleared.body.wants855, true, "fields left out keep their value");

    // The same PO again, after the edits: the partner's outbound numbers carry on from 1.
    await drop("po-2.edi");
    await poll("main");
    assert.deepEqual(readdirSync(outbox).sort(), [
      "997-4405197800-000000001.x12",
      "997-4405197800-000000002.x12",
    ]);
    const messages = await call<{ items: { partner: string; type: string; reasons: { code: string }[] }[] }>(
      "GET",
      "/messages?type=850",
    );
    assert.deepEqual(
      messages.body.items.map((m) => m.partner),
      ["xyz-retail", "xyz-retail"],
      "history follows the partner's new name",
    );
    assert.ok(messages.body.items[0]?.reasons.some((r) => r.code === "DUPLICATE_PO"));
  });

  test("an inactive partner's files need attention saying so, and its orders cannot be accepted until it is active", async () => {
    const off = await call<{ active: boolean }>("PATCH", "/partners/xyz-retail", { active: false });
    assert.equal(off.body.active, false);
    await drop("po-3.edi");
    await poll("main");
    const [latest] = (
      await call<{ items: { id: string; status: string; reasons: { code: string; message: string }[] }[] }>(
        "GET",
        "/messages?type=850&limit=1",
      )
    ).body.items;
    assert.equal(latest?.status, "needs_attention");
    assert.deepEqual(
      latest?.reasons.find((r) => r.code === "PARTNER_INACTIVE")?.message,
      "Partner xyz-retail is inactive: activate it (ledgerlink edi partner set xyz-retail --active) to accept what it sends.",
    );
    const refused = await call<Problem>("POST", `/messages/${latest?.id}/accept`, {});
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /Partner xyz-retail is inactive: activate it before accepting/);
    assert.equal(
      (await call<{ active: boolean }>("PATCH", "/partners/xyz-retail", { active: true })).status,
      200,
    );
    const again = await call<Problem>("POST", `/messages/${latest?.id}/accept`, {});
    assert.equal(again.status, 409);
    assert.doesNotMatch(again.body.detail, /inactive/, "active again: only what is unmapped remains");
  });

  test("an inactive connection is not polled, by the pickup or by name, and its files wait", async () => {
    const off = await call<{ active: boolean }>("PATCH", "/connections/main", { active: false });
    assert.equal(off.body.active, false);
    await drop("po-4.edi");
    const all = await poll();
    assert.equal(all.status, 200);
    assert.ok(!all.body.connections.some((c) => c.connection === "main"));
    const named = await poll("main");
    assert.equal(named.status, 409);
    assert.equal(named.body.code, "connection_inactive");
    assert.ok(existsSync(join(inbox, "po-4.edi")), "the file waits in the inbox");
    await call("PATCH", "/connections/main", { active: true });
    assert.equal((await poll("main")).body.connections[0]?.stored, 1);
    assert.ok(!existsSync(join(inbox, "po-4.edi")));
  });

  test("only what nothing refers to is deleted; the rest says why and stays", async () => {
    const partnerInUse = await call<Problem>("DELETE", "/partners/xyz-retail");
    assert.equal(partnerInUse.status, 409);
    assert.equal(partnerInUse.body.code, "partner_in_use");
    assert.match(
      partnerInUse.body.detail,
      /it has 8 messages and 3 control number series\. Deactivate it instead/,
    );
    const connectionInUse = await call<Problem>("DELETE", "/connections/main");
    assert.equal(connectionInUse.status, 409);
    assert.equal(connectionInUse.body.code, "connection_in_use");
    assert.match(
      connectionInUse.body.detail,
      /it has 2 trading partners, 8 files and 8 messages\. Deactivate/,
    );

    assert.equal((await call("DELETE", "/partners/abc")).status, 204);
    assert.equal((await call("GET", "/partners/abc")).status, 404);
    assert.equal((await call("DELETE", "/partners/abc")).status, 404);
    assert.equal((await call("DELETE", "/connections/spare-2")).status, 204);
    assert.equal((await call("DELETE", "/connections/remote")).status, 204);
    assert.deepEqual(
      (await call<{ items: { name: string }[] }>("GET", "/connections")).body.items.map((c) => c.name),
      ["main"],
    );
    const other = await fetch(`${s.url}/api/admin/companies/${s.companyB.id}/edi/partners/xyz-retail`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${s.internalToken}` },
    });
    assert.equal(other.status, 404, "another company's partner is not found");
  });
});
