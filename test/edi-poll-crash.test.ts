// A pickup killed half-way (SIGKILL, no clean-up) loses no file and processes none twice: killed once
// while it stores and archives files, once while it writes the 997s, then run to the end. Every order
// is one message and one sales order, every file is archived once, every 997 has control numbers of its
// own and one file in the outbox. On the PostgreSQL server, where a killed client's open transaction
// rolls back; skipped when the server does not answer.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { pollConnection } from "#edi/inbound/poll.ts";
import { type Database, openDatabase } from "#store/database.ts";
import { migrate } from "#store/migrate.ts";
import { countRecords } from "#store/records.ts";
import { createServerSchema, serverUnavailableReason } from "./helpers/db.ts";
import { type EdiInbox, setUpEdiInbox } from "./helpers/edi-inbox.ts";

const FILES = 300;
const skip = await serverUnavailableReason();

describe("an EDI pickup killed half-way", { skip }, () => {
  let db: Database;
  let url: string;
  let drop: () => Promise<void>;
  let inbox: EdiInbox;
  before(async () => {
    const schema = await createServerSchema();
    url = schema.url;
    drop = schema.drop;
    db = await openDatabase({ url });
    await migrate(db);
    inbox = await setUpEdiInbox(db.kysely);
  });
  after(async () => {
    await db?.close();
    await drop?.();
    if (inbox) rmSync(inbox.root, { recursive: true, force: true });
  });

  const count = (folder: string, prefix: string) => {
    try {
      return readdirSync(folder).filter((name) => name.startsWith(prefix)).length;
    } catch {
      return 0;
    }
  };

  /** Runs one pickup in a process of its own and kills it once `until()` holds; whether it was killed. */
  async function pollKilledWhen(until: () => boolean): Promise<boolean> {
    const modules = {
      database: new URL("../src/store/database.ts", import.meta.url).href,
      connections: new URL("../src/store/edi/connections.ts", import.meta.url).href,
      poll: new URL("../src/edi/inbound/poll.ts", import.meta.url).href,
    };
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { openDatabase } = await import(${JSON.stringify(modules.database)});
         const { findConnection } = await import(${JSON.stringify(modules.connections)});
         const { pollConnection } = await import(${JSON.stringify(modules.poll)});
         const db = await openDatabase({ url: ${JSON.stringify(url)} });
         const connection = await findConnection(db.kysely, ${JSON.stringify(inbox.companyId)}, "main");
         const report = await pollConnection({ db, secretKey: () => Buffer.alloc(32) }, connection);
         console.log(JSON.stringify(report));
         await db.close();`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_, signal) => resolve(signal)),
    );
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done) {
      if (until()) {
        child.kill("SIGKILL");
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return (await exited) === "SIGKILL";
  }

  test("loses no file and processes none twice", async () => {
    inbox.drop(FILES);
    const archive = join(inbox.inbox, "archive");

    // Killed while storing and archiving: some files archived, most still waiting.
    assert.ok(
      await pollKilledWhen(() => count(archive, "po-") >= FILES / 5),
      "the first pickup was killed before it finished",
    );
    const archivedAtKill = count(archive, "po-");
    assert.ok(archivedAtKill < FILES, `${archivedAtKill} archived when killed`);

    // Killed while writing the 997s: every file stored, some 997s written.
    assert.ok(
      await pollKilledWhen(() => count(archive, "po-") === FILES && count(inbox.outbox, "997-") >= FILES / 3),
      "the second pickup was killed before it finished",
    );
    assert.ok(count(inbox.outbox, "997-") < FILES, "killed before every 997 was written");

    const report = await pollConnection({ db, secretKey: () => Buffer.alloc(32) }, inbox.connection);
    assert.equal(report.error, null);
    assert.deepEqual(report.deferred, []);

    // Every file archived once, under its own name (never a second copy), none left in the inbox.
    const archived = readdirSync(archive).sort();
    assert.equal(archived.length, FILES);
    assert.deepEqual(archived, Array.from({ length: FILES }, (_, i) => `po-${i + 1}.x12`).sort());
    assert.deepEqual(
      readdirSync(inbox.inbox).filter((name) => name.endsWith(".x12")),
      [],
    );

    // One message and one sales order per order; no order seen twice.
    const inbound = await sql<{ n: number; pos: number; duplicates: number; accepted: number }>`
      select count(*)::int as n, count(distinct reference)::int as pos,
        count(*) filter (where reasons::text like '%DUPLICATE_PO%')::int as duplicates,
        count(*) filter (where status = 'accepted')::int as accepted
      from edi_messages where direction = 'inbound' and type = '850'`.execute(db.kysely);
    assert.deepEqual(inbound.rows[0], { n: FILES, pos: FILES, duplicates: 0, accepted: FILES });
    assert.equal(
      await countRecords(db.kysely, { companyId: inbox.companyId, collection: "sales-orders" }),
      FILES,
    );

    // One 997 per order, each sent, each with its own control numbers, each in a file of its own.
    const acks = await sql<{ n: number; sent: number; interchanges: number; files: number }>`
      select count(*)::int as n, count(*) filter (where status = 'sent')::int as sent,
        count(distinct (partner_id, interchange_control))::int as interchanges,
        count(distinct file_id)::int as files
      from edi_messages where direction = 'outbound' and type = '997'`.execute(db.kysely);
    assert.deepEqual(acks.rows[0], { n: FILES, sent: FILES, interchanges: FILES, files: FILES });
    assert.equal(count(inbox.outbox, "997-"), FILES);
  });
});
