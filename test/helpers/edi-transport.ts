// What every EDI transport promises, as one set of tests run against each (the folder transport and
// SFTP through a loopback server). The remote side of each is a local folder tree, so the tests look
// at the folders directly to see where each file went.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pickUp, type Receipt, type ReceivedFile, sha256Hex } from "#edi/pickup.ts";
import type { Transport } from "#edi/transport.ts";

/** The folders a transport under test reads and writes, seen from the local disk. */
export interface TransportFolders {
  inbox: string;
  outbox: string;
  archive: string;
  failed: string;
}

export interface TransportFixture {
  transport: Transport;
  folders: TransportFolders;
}

/** Puts a file in the inbox as a partner would, with a modification time `ageSeconds` in the past. */
export function drop(folders: TransportFolders, name: string, text: string, ageSeconds = 0): void {
  mkdirSync(folders.inbox, { recursive: true });
  const path = join(folders.inbox, name);
  writeFileSync(path, text);
  const when = new Date(Date.now() - ageSeconds * 1000);
  utimesSync(path, when, when);
}

export const filesIn = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort()
    : [];

/** A receiver that stores each digest once, the way the message inbox does. */
export function memoryReceiver() {
  const stored = new Map<string, ReceivedFile>();
  const receive = async (file: ReceivedFile): Promise<Receipt> => {
    if (stored.has(file.sha256)) return { outcome: "duplicate" };
    stored.set(file.sha256, file);
    return { outcome: "stored" };
  };
  return { stored, receive };
}

export function transportContract(label: string, open: () => Promise<TransportFixture>): void {
  test(`${label}: sends a file whole to the outbox, and a resend of the same name stays one file`, async () => {
    const { transport, folders } = await open();
    try {
      await transport.send("ORDERS-000000001.x12", Buffer.from("ISA*first~"));
      await transport.send("ORDERS-000000001.x12", Buffer.from("ISA*second~"));
      assert.deepEqual(readdirSync(folders.outbox), ["ORDERS-000000001.x12"]);
      assert.equal(readFileSync(join(folders.outbox, "ORDERS-000000001.x12"), "utf8"), "ISA*second~");
      await assert.rejects(transport.send("../escape.x12", Buffer.from("x")), { code: "TRANSPORT_BAD_NAME" });
      await assert.rejects(transport.send(".hidden", Buffer.from("x")), { code: "TRANSPORT_BAD_NAME" });
    } finally {
      await transport.close();
    }
  });

  test(`${label}: lists waiting files oldest first, leaving out uploads in progress and folders`, async () => {
    const { transport, folders } = await open();
    try {
      drop(folders, "b.x12", "B", 30);
      drop(folders, "a.x12", "A", 60);
      drop(folders, "c.x12.part", "C", 90);
      drop(folders, ".d.x12", "D", 90);
      mkdirSync(join(folders.inbox, "sub"), { recursive: true });
      const files = await transport.list();
      assert.deepEqual(
        files.map((f) => [f.name, f.size]),
        [
          ["a.x12", 1],
          ["b.x12", 1],
        ],
      );
      assert.equal((await transport.read(files[0] as never)).toString(), "A");
    } finally {
      await transport.close();
    }
  });

  test(`${label}: a pickup stores each file once and archives it; a failed file keeps its reason`, async () => {
    const { transport, folders } = await open();
    try {
      drop(folders, "po1.x12", "ISA*one~", 20);
      drop(folders, "po2.x12", "ISA*two~", 10);
      drop(folders, "junk.txt", "hello", 5);
      const receiver = memoryReceiver();
      const summary = await pickUp(transport, async (file) =>
        file.name === "junk.txt"
          ? { outcome: "failed", reason: "not X12: no ISA segment" }
          : receiver.receive(file),
      );
      assert.deepEqual(summary, { stored: 2, duplicates: 0, failed: 1, deferred: [] });
      assert.deepEqual(filesIn(folders.inbox), []);
      assert.deepEqual(filesIn(folders.archive), ["po1.x12", "po2.x12"]);
      assert.deepEqual(filesIn(folders.failed), ["junk.txt", "junk.txt.error.txt"]);
      assert.equal(
        readFileSync(join(folders.failed, "junk.txt.error.txt"), "utf8"),
        "not X12: no ISA segment\n",
      );
      assert.deepEqual(await pickUp(transport, receiver.receive), {
        stored: 0,
        duplicates: 0,
        failed: 0,
        deferred: [],
      });
    } finally {
      await transport.close();
    }
  });

  test(`${label}: a file the receiver could not take stays for the next pickup; one it already has is archived, not stored twice`, async () => {
    const { transport, folders } = await open();
    try {
      drop(folders, "po.x12", "ISA*po~");
      const receiver = memoryReceiver();
      const down = await pickUp(transport, async () => {
        throw new Error("database unavailable");
      });
      assert.deepEqual(down.deferred, [{ name: "po.x12", reason: "database unavailable" }]);
      assert.deepEqual(filesIn(folders.inbox), ["po.x12"]);

      // Stored, then the process "died" before the file moved: the next pickup sees a duplicate.
      const bytes = Buffer.from("ISA*po~");
      await receiver.receive({ name: "po.x12", bytes, sha256: sha256Hex(bytes) });
      const again = await pickUp(transport, receiver.receive);
      assert.deepEqual(again, { stored: 0, duplicates: 1, failed: 0, deferred: [] });
      assert.deepEqual(filesIn(folders.inbox), []);
      assert.deepEqual(filesIn(folders.archive), ["po.x12"]);

      // The same name again later (a partner reusing file names) is archived beside, not over, the first.
      drop(folders, "po.x12", "ISA*po2~");
      await pickUp(transport, receiver.receive);
      assert.deepEqual(filesIn(folders.archive), ["po-2.x12", "po.x12"]);
      assert.equal(receiver.stored.size, 2);
    } finally {
      await transport.close();
    }
  });

  test(`${label}: Test connection lists the inbox and writes to the outbox, leaving nothing behind`, async () => {
    const { transport, folders } = await open();
    try {
      drop(folders, "waiting.x12", "ISA~");
      const report = await transport.test();
      assert.equal(report.ok, true, JSON.stringify(report));
      const list = report.steps.find((s) => s.step === "list inbox");
      assert.match(list?.detail ?? "", /1 file waiting/);
      assert.ok(report.steps.some((s) => s.step === "write outbox" && s.ok));
      assert.deepEqual(readdirSync(folders.outbox), []);
    } finally {
      await transport.close();
    }
  });
}
