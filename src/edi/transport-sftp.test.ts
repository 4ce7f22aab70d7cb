import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  drop,
  filesIn,
  memoryReceiver,
  type TransportFolders,
  transportContract,
} from "../../test/helpers/edi-transport.ts";
import { newKeyPair, startSftpServer, type TestSftpServer } from "../../test/helpers/sftp-server.ts";
import { pickUp } from "./pickup.ts";
import { sftpTransport } from "./transport-sftp.ts";

const roots: string[] = [];
const servers: TestSftpServer[] = [];
const userKey = newKeyPair();
let server: TestSftpServer;
let root: string;

function newRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "ledgerlink-edi-sftp-"));
  roots.push(dir);
  return dir;
}

const users = [
  { username: "acme", password: "s3cret-pass" },
  { username: "keyed", publicKey: userKey.publicKey },
];

before(async () => {
  root = newRoot();
  server = await startSftpServer({ root, users });
  servers.push(server);
});

after(async () => {
  for (const s of servers) await s.close();
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

let next = 0;
/** A fresh pair of remote folders on the shared server, and the same folders seen on disk. */
function remoteFolders(): { remote: { inbox: string; outbox: string }; folders: TransportFolders } {
  const base = `p${++next}`;
  mkdirSync(join(root, base, "in"), { recursive: true });
  mkdirSync(join(root, base, "out"), { recursive: true });
  const local = (p: string) => join(root, base, p);
  return {
    remote: { inbox: `/${base}/in`, outbox: `/${base}/out` },
    folders: {
      inbox: local("in"),
      outbox: local("out"),
      archive: local("in/archive"),
      failed: local("in/failed"),
    },
  };
}

transportContract("SFTP transport", async () => {
  const { remote, folders } = remoteFolders();
  const transport = sftpTransport({
    host: "127.0.0.1",
    port: server.port,
    username: "acme",
    password: "s3cret-pass",
    hostKey: server.fingerprint,
    ...remote,
  });
  return { transport, folders };
});

test("SFTP transport: signs in with a private key as well as a password", async () => {
  const { remote, folders } = remoteFolders();
  const transport = sftpTransport({
    host: "127.0.0.1",
    port: server.port,
    username: "keyed",
    privateKey: userKey.privateKey,
    hostKey: server.fingerprint,
    ...remote,
  });
  try {
    await transport.send("hello.x12", Buffer.from("ISA~"));
    assert.deepEqual(readdirSync(folders.outbox), ["hello.x12"]);
  } finally {
    await transport.close();
  }
});

test("SFTP transport: the first connection pins the host key; a changed key is refused with a clear message", async () => {
  const { remote } = remoteFolders();
  const pins: string[] = [];
  const first = sftpTransport({
    host: "127.0.0.1",
    port: server.port,
    username: "acme",
    password: "s3cret-pass",
    onHostKeyPinned: (fingerprint) => {
      pins.push(fingerprint);
    },
    ...remote,
  });
  const report = await first.test();
  await first.close();
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.deepEqual(pins, [server.fingerprint]);
  assert.match(
    report.steps.find((s) => s.step === "host key")?.detail ?? "",
    /first connection: pinned SHA256:/,
  );

  // Another server (another key) answering for the same connection.
  const impostor = await startSftpServer({ root, users });
  servers.push(impostor);
  const pinned = sftpTransport({
    host: "127.0.0.1",
    port: impostor.port,
    username: "acme",
    password: "s3cret-pass",
    hostKey: server.fingerprint,
    ...remote,
  });
  await assert.rejects(pinned.list(), (error: Error & { code?: string; retryable?: boolean }) => {
    assert.equal(error.code, "TRANSPORT_HOST_KEY_CHANGED");
    assert.equal(error.retryable, false);
    assert.ok(error.message.includes(`not the pinned ${server.fingerprint}`), error.message);
    assert.ok(error.message.includes(impostor.fingerprint), error.message);
    return true;
  });
  const refused = await pinned.test();
  assert.equal(refused.ok, false);
  assert.deepEqual(
    refused.steps.map((s) => [s.step, s.ok]),
    [
      ["connect", true],
      ["host key", false],
    ],
  );
  await pinned.close();
});

test("SFTP transport: Test connection says which step failed: a wrong password, a closed port, a missing inbox", async () => {
  const { remote } = remoteFolders();
  const base = {
    host: "127.0.0.1",
    port: server.port,
    username: "acme",
    hostKey: server.fingerprint,
    ...remote,
  };

  const wrong = await sftpTransport({ ...base, password: "nope" }).test();
  assert.deepEqual(
    wrong.steps.map((s) => [s.step, s.ok]),
    [
      ["connect", true],
      ["host key", true],
      ["authenticate", false],
    ],
  );
  assert.match(wrong.steps[2]?.detail ?? "", /signing in was refused.*check the user name/);

  const closed = await sftpTransport({ ...base, password: "s3cret-pass", port: 1 }).test();
  assert.deepEqual(
    closed.steps.map((s) => [s.step, s.ok]),
    [["connect", false]],
  );
  assert.match(closed.steps[0]?.detail ?? "", /127\.0\.0\.1:1: could not connect/);

  const missing = await sftpTransport({ ...base, password: "s3cret-pass", inbox: "/no/such/inbox" }).test();
  assert.deepEqual(
    missing.steps.map((s) => [s.step, s.ok]),
    [
      ["connect", true],
      ["host key", true],
      ["authenticate", true],
      ["list inbox", false],
      ["write outbox", true],
    ],
  );
  assert.match(missing.steps[3]?.detail ?? "", /no such file or folder/);
});

test("SFTP transport: a connection cut while reading is reopened and the file stored once", async () => {
  const { remote, folders } = remoteFolders();
  const transport = sftpTransport({
    host: "127.0.0.1",
    port: server.port,
    username: "acme",
    password: "s3cret-pass",
    hostKey: server.fingerprint,
    ...remote,
  });
  try {
    drop(folders, "po-cut.x12", "ISA*cut~", 10);
    drop(folders, "po-ok.x12", "ISA*ok~", 5);
    const receiver = memoryReceiver();
    const cutsBefore = server.cuts;
    server.cutNext("read", "po-cut.x12");
    const summary = await pickUp(transport, receiver.receive);
    assert.equal(server.cuts, cutsBefore + 1);
    assert.deepEqual(summary, { stored: 2, duplicates: 0, failed: 0, deferred: [] });
    assert.deepEqual(
      [...receiver.stored.values()].map((f) => [f.name, f.bytes.toString()]),
      [
        ["po-cut.x12", "ISA*cut~"],
        ["po-ok.x12", "ISA*ok~"],
      ],
    );
    assert.deepEqual(filesIn(folders.archive), ["po-cut.x12", "po-ok.x12"]);
  } finally {
    await transport.close();
  }
});

test("SFTP transport: a connection cut while archiving leaves the file for the next pickup, which stores nothing twice", async () => {
  const { remote, folders } = remoteFolders();
  const transport = sftpTransport({
    host: "127.0.0.1",
    port: server.port,
    username: "acme",
    password: "s3cret-pass",
    hostKey: server.fingerprint,
    ...remote,
  });
  try {
    drop(folders, "po.x12", "ISA*po~");
    const receiver = memoryReceiver();
    // The receiver stores, then the line goes dead before the file is moved.
    server.cutNext("rename", "po.x12");
    const first = await pickUp(transport, receiver.receive);
    assert.equal(first.stored, 0);
    assert.match(first.deferred[0]?.reason ?? "", /connection dropped while archiving po\.x12/);
    assert.deepEqual(filesIn(folders.inbox), ["po.x12"]);
    const second = await pickUp(transport, receiver.receive);
    assert.deepEqual(second, { stored: 0, duplicates: 1, failed: 0, deferred: [] });
    assert.equal(receiver.stored.size, 1);
    assert.deepEqual(filesIn(folders.inbox), []);
    assert.deepEqual(filesIn(folders.archive), ["po.x12"]);
  } finally {
    await transport.close();
  }
});

test("SFTP transport: a send cut half-way is sent again whole, and the partner never sees the half", async () => {
  const { remote, folders } = remoteFolders();
  const transport = sftpTransport({
    host: "127.0.0.1",
    port: server.port,
    username: "acme",
    password: "s3cret-pass",
    hostKey: server.fingerprint,
    ...remote,
  });
  try {
    const body = Buffer.from(`ISA*${"X".repeat(5000)}~`);
    server.cutNext("write", "856-000000007.x12");
    await transport.send("856-000000007.x12", body);
    assert.deepEqual(filesIn(folders.outbox), ["856-000000007.x12"]);
    assert.deepEqual(readFileSync(join(folders.outbox, "856-000000007.x12")), body);
  } finally {
    await transport.close();
  }
});
