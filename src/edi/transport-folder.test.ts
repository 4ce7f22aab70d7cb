import assert from "node:assert/strict";
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { drop, filesIn, type TransportFolders, transportContract } from "../../test/helpers/edi-transport.ts";
import { folderTransport } from "./transport-folder.ts";

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function folders(): TransportFolders {
  const root = mkdtempSync(join(tmpdir(), "ledgerlink-edi-folder-"));
  roots.push(root);
  const inbox = join(root, "inbox");
  const outbox = join(root, "outbox");
  mkdirSync(inbox);
  mkdirSync(outbox);
  return { inbox, outbox, archive: join(inbox, "archive"), failed: join(inbox, "failed") };
}

transportContract("folder transport", async () => {
  const f = folders();
  return { transport: folderTransport({ inbox: f.inbox, outbox: f.outbox }), folders: f };
});

test("folder transport: a move cut short after linking into the archive finishes without a second copy", async () => {
  const f = folders();
  const transport = folderTransport({ inbox: f.inbox, outbox: f.outbox });
  drop(f, "po.x12", "ISA~");
  mkdirSync(f.archive);
  linkSync(join(f.inbox, "po.x12"), join(f.archive, "po.x12"));
  const [file] = await transport.list();
  assert.ok(file);
  await transport.markDone(file);
  assert.deepEqual(filesIn(f.inbox), []);
  assert.deepEqual(filesIn(f.archive), ["po.x12"]);
});

test("folder transport: archive and failed folders can live elsewhere", async () => {
  const f = folders();
  const archive = join(f.outbox, "..", "done");
  const transport = folderTransport({ inbox: f.inbox, outbox: f.outbox, archive });
  drop(f, "po.x12", "ISA~");
  const [file] = await transport.list();
  assert.ok(file);
  await transport.markDone(file, "2026-12-06-po.x12");
  assert.deepEqual(readdirSync(archive), ["2026-12-06-po.x12"]);
});

test("folder transport: Test connection names a missing inbox and a missing outbox", async () => {
  const f = folders();
  const transport = folderTransport({ inbox: join(f.inbox, "nope"), outbox: join(f.outbox, "nope") });
  const report = await transport.test();
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.steps.map((s) => [s.step, s.ok]),
    [
      ["list inbox", false],
      ["write outbox", false],
    ],
  );
  assert.match(report.steps[0]?.detail ?? "", /inbox folder .*nope does not exist/);
  await assert.rejects(transport.list(), {
    code: "TRANSPORT_NOT_FOUND",
    message: /inbox folder .*nope does not exist/,
  });
});
