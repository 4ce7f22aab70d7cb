// *Test connection* through the admin API: a folder pair, and SFTP against a loopback server whose host
// key is pinned on the first test and refused when it changes.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { startSftpServer, type TestSftpServer } from "./helpers/sftp-server.ts";

let s: TestServer;
let root: string;
const sftpServers: TestSftpServer[] = [];
before(async () => {
  s = await startTestServer();
  root = mkdtempSync(join(tmpdir(), "ledgerlink-edi-api-"));
  for (const dir of ["in", "out", "remote/in", "remote/out"]) mkdirSync(join(root, dir), { recursive: true });
});
after(async () => {
  await s.close();
  for (const server of sftpServers) await server.close();
  rmSync(root, { recursive: true, force: true });
});

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

type Report = { ok: boolean; steps: { step: string; ok: boolean; detail: string }[] };

test("Test connection on a folder pair lists the inbox and writes the outbox; an unknown connection is 404", async () => {
  const created = await admin("/connections", {
    name: "local",
    ourQualifier: "ZZ",
    ourId: "ACMEMFG",
    transport: "folder",
    folder: { inbox: join(root, "in"), outbox: join(root, "out") },
  });
  assert.equal(created.status, 201);
  const tested = await admin("/connections/local/test", {});
  assert.equal(tested.status, 200);
  const report = (await tested.json()) as Report;
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.deepEqual(
    report.steps.map((st) => st.step),
    ["list inbox", "write outbox"],
  );
  assert.equal((await admin("/connections/nope/test", {})).status, 404);
});

test("Test connection over SFTP pins the host key on first use, then refuses a changed one", async () => {
  const first = await startSftpServer({
    root: join(root, "remote"),
    users: [{ username: "acme", password: "pw-12345" }],
  });
  sftpServers.push(first);
  const created = await admin("/connections", {
    name: "partner-sftp",
    ourQualifier: "ZZ",
    ourId: "ACMEMFG",
    transport: "sftp",
    sftp: { host: "127.0.0.1", port: first.port, username: "acme", inbox: "/in", outbox: "/out" },
    secrets: { password: "pw-12345" },
  });
  assert.equal(created.status, 201, await created.clone().text());

  const report = (await (await admin("/connections/partner-sftp/test", {})).json()) as Report;
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.deepEqual(
    report.steps.map((st) => st.step),
    ["connect", "host key", "authenticate", "list inbox", "write outbox"],
  );
  const stored = (await (await admin("/connections/partner-sftp")).json()) as {
    settings: { hostKey?: string };
  };
  assert.equal(stored.settings.hostKey, first.fingerprint);

  // Another server, with another key, answers on the same address.
  await first.close();
  const impostor = await startSftpServer({
    root: join(root, "remote"),
    users: [{ username: "acme", password: "pw-12345" }],
    port: first.port,
  });
  sftpServers.push(impostor);
  const refused = (await (await admin("/connections/partner-sftp/test", {})).json()) as Report;
  assert.equal(refused.ok, false);
  const hostKey = refused.steps.find((st) => st.step === "host key");
  assert.equal(hostKey?.ok, false);
  assert.ok(hostKey?.detail.includes(`not the pinned ${first.fingerprint}`), hostKey?.detail);
  assert.equal(
    refused.steps.some((st) => st.step === "authenticate"),
    false,
  );
  assert.match(hostKey?.detail ?? "", /Forget host key/);

  // The partner confirms the new key: forget the old one, and the next test pins the new one.
  const forgotten = await admin("/connections/partner-sftp/forget-host-key", {});
  assert.equal(forgotten.status, 200);
  const cleared = (await forgotten.json()) as { settings: { hostKey?: string; host: string } };
  assert.equal(cleared.settings.hostKey, undefined);
  assert.equal(cleared.settings.host, "127.0.0.1");
  const again = (await (await admin("/connections/partner-sftp/test", {})).json()) as Report;
  assert.equal(again.ok, true, JSON.stringify(again));
  assert.match(again.steps.find((st) => st.step === "host key")?.detail ?? "", /first connection: pinned/);
  const repinned = (await (await admin("/connections/partner-sftp")).json()) as {
    settings: { hostKey?: string };
  };
  assert.equal(repinned.settings.hostKey, impostor.fingerprint);

  const folder = await admin("/connections/local/forget-host-key", {});
  assert.equal(folder.status, 409);
  assert.equal(((await folder.json()) as { code: string }).code, "connection_not_sftp");
  assert.equal((await admin("/connections/nope/forget-host-key", {})).status, 404);
});

test("the GS1 prefix for SSCCs: none at first, a bad one refused naming the field, a good one kept", async () => {
  const put = (body: unknown) =>
    fetch(`${s.url}/api/admin/companies/${s.companyA.id}/edi/sscc`, {
      method: "PUT",
      headers: { authorization: `Bearer ${s.internalToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  assert.deepEqual(await (await admin("/sscc")).json(), {
    gs1Prefix: null,
    extensionDigit: "0",
    lastSerial: "0",
  });
  const bad = await put({ gs1Prefix: "12AB" });
  assert.equal(bad.status, 400);
  const problem = (await bad.json()) as { code: string; errors: { path: string; message: string }[] };
  assert.equal(problem.code, "invalid_sscc_settings");
  assert.deepEqual(
    problem.errors.map((e) => e.path),
    ["/gs1Prefix"],
  );
  const good = await put({ gs1Prefix: "0614141", extensionDigit: "3" });
  assert.equal(good.status, 200);
  assert.deepEqual(await (await admin("/sscc")).json(), {
    gs1Prefix: "0614141",
    extensionDigit: "3",
    lastSerial: "0",
  });
});
