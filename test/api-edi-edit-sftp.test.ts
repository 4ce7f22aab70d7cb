// Editing an SFTP connection against real (loopback) SFTP servers: a pinned host key survives a change
// that keeps the host, so a different server behind the same host is still refused; a new host drops it
// and the next test pins the new server's key; and a key seen on a host the connection no longer names
// (a connection opened before the edit) is not pinned.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openTransport } from "#edi/transports.ts";
import { findConnection } from "#store/edi/connections.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { startSftpServer, type TestSftpServer } from "./helpers/sftp-server.ts";

let s: TestServer;
let root: string;
const servers: TestSftpServer[] = [];
before(async () => {
  s = await startTestServer();
  root = mkdtempSync(join(tmpdir(), "ledgerlink-edi-edit-sftp-"));
  for (const dir of ["remote/in", "remote/out"]) mkdirSync(join(root, dir), { recursive: true });
});
after(async () => {
  await s.close();
  for (const server of servers) await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function call<T>(method: string, path: string, json?: unknown): Promise<T> {
  const res = await fetch(`${s.url}/api/admin/companies/${s.companyA.id}/edi${path}`, {
    method,
    headers: {
      authorization: `Bearer ${s.internalToken}`,
      ...(json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

type Report = { ok: boolean; steps: { step: string; ok: boolean; detail: string }[] };
type View = { settings: { hostKey?: string; host: string; port: number } };

async function server() {
  const started = await startSftpServer({
    root: join(root, "remote"),
    users: [{ username: "acme", password: "pw-12345" }],
  });
  servers.push(started);
  return started;
}

test("the pinned key stays while the host stays, goes with a new host, and the new host's key is pinned", async () => {
  const first = await server();
  await call("POST", "/connections", {
    name: "partner",
    ourQualifier: "ZZ",
    ourId: "ACMEMFG",
    transport: "sftp",
    sftp: { host: "127.0.0.1", port: first.port, username: "acme", inbox: "/in", outbox: "/out" },
    secrets: { password: "pw-12345" },
  });
  assert.equal((await call<Report>("POST", "/connections/partner/test", {})).ok, true);
  assert.equal((await call<View>("GET", "/connections/partner")).settings.hostKey, first.fingerprint);

  // Another server (another key) behind the same host, on another port: the pinned key still guards it.
  const second = await server();
  const samePlace = await call<View>("PATCH", "/connections/partner", { sftp: { port: second.port } });
  assert.equal(samePlace.settings.hostKey, first.fingerprint);
  const refused = await call<Report>("POST", "/connections/partner/test", {});
  const hostKey = refused.steps.find((st) => st.step === "host key");
  assert.equal(hostKey?.ok, false);
  assert.ok(hostKey?.detail.includes(`not the pinned ${first.fingerprint}`), hostKey?.detail);

  // A new host: the old key goes, and the next connection pins the new server's.
  const moved = await call<View>("PATCH", "/connections/partner", { sftp: { host: "localhost" } });
  assert.equal(moved.settings.hostKey, undefined);
  const pinned = await call<Report>("POST", "/connections/partner/test", {});
  assert.equal(pinned.ok, true, JSON.stringify(pinned));
  assert.equal((await call<View>("GET", "/connections/partner")).settings.hostKey, second.fingerprint);
});

test("a key seen on the host a connection named before an edit is not pinned for the new host", async () => {
  await call("POST", "/connections/partner/forget-host-key", {});
  const before = await findConnection(s.db.kysely, s.companyA.id, "partner");
  assert.ok(before);
  assert.equal(before.settings.host, "localhost");
  // The edit lands while a transport opened with the old settings is connecting.
  await call<View>("PATCH", "/connections/partner", { sftp: { host: "127.0.0.1" } });
  const transport = await openTransport({ db: s.db, secretKey: () => s.secretKey }, before);
  try {
    await transport.list();
  } finally {
    await transport.close();
  }
  const after = await call<View>("GET", "/connections/partner");
  assert.equal(after.settings.host, "127.0.0.1");
  assert.equal(after.settings.hostKey, undefined, "localhost's key is not pinned for 127.0.0.1");
});
