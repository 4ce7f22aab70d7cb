// `ledgerlink edi connection add`, `partner add`, `poll` and `messages` on an embedded data folder: a real
// 850 dropped in the inbox is picked up, archived, answered with a 997 in the outbox, and listed.
import assert from "node:assert/strict";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli } from "./helpers/cli.ts";
import { samplesDir } from "./helpers/x12/samples.ts";

const root = mkdtempSync(join(tmpdir(), "ll-cli-edi-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("onboard a partner from the command line, drop an 850 in the inbox, poll, and read the messages", async () => {
  const data = join(root, "data");
  const inbox = join(root, "in");
  const outbox = join(root, "out");
  mkdirSync(inbox);
  mkdirSync(outbox);
  const cli = async (...args: string[]) => {
    const r = await runCli([...args, "--data", data]);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  await cli("company", "create", "Harlan");
  const csv = join(root, "customers.csv");
  writeFileSync(
    csv,
    "Customer ID,Name,Location Code,Location Name,Store Number,Location 1 Address\nC-XYZ,XYZ Retail,SOLON,Solon store,0003947268292,31875 Solon Rd\n",
  );
  await cli("import", "customers", csv);

  assert.equal(
    await cli(
      "edi",
      "connection",
      "add",
      "main",
      "--inbox",
      inbox,
      "--outbox",
      outbox,
      "--our-id",
      "01:999999999",
    ),
    `Added connection main (01:999999999): inbox ${inbox}, outbox ${outbox}\n`,
  );
  assert.equal(
    await cli(
      "edi",
      "partner",
      "add",
      "xyz",
      "--connection",
      "main",
      "--customer",
      "C-XYZ",
      "--id",
      "12:4405197800",
      "--auto-accept",
    ),
    "Added partner xyz (12:4405197800) on connection main, customer C-XYZ, auto-accept\n",
  );
  const wrong = await runCli([
    "edi",
    "partner",
    "add",
    "abc",
    "--connection",
    "nope",
    "--customer",
    "C-XYZ",
    "--id",
    "ZZ:ABC",
    "--data",
    data,
  ]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /No connection "nope"\. \(connection_not_found\)/);
  const badId = await runCli([
    "edi",
    "partner",
    "add",
    "abc",
    "--connection",
    "main",
    "--customer",
    "C-XYZ",
    "--id",
    "ABC",
    "--data",
    data,
  ]);
  assert.match(badId.stderr, /--id must be QUALIFIER:ID/);

  copyFileSync(join(samplesDir, "850-nodex12-1.edi"), join(inbox, "po-0001.edi"));
  assert.equal(
    await cli("edi", "poll"),
    "main: 1 file(s) picked up, 0 already seen, 0 failed, 1 acknowledgment(s) sent\n",
  );
  assert.deepEqual(readdirSync(inbox).sort(), ["archive"]);
  assert.ok(existsSync(join(inbox, "archive", "po-0001.edi")));
  const sent = readdirSync(outbox);
  assert.deepEqual(sent, ["997-4405197800-000000001.x12"]);
  assert.match(
    readFileSync(join(outbox, sent[0] as string), "utf8"),
    /AK1\*PO\*1421.*AK2\*850\*000000010.*AK5\*A/,
  );

  const listed = JSON.parse(await cli("edi", "messages", "--partner", "xyz", "--json")) as {
    items: { direction: string; type: string; status: string; file: string; reasons: { code: string }[] }[];
  };
  assert.deepEqual(
    listed.items.map((m) => [m.direction, m.type, m.status, m.file]),
    [
      ["outbound", "997", "sent", "997-4405197800-000000001.x12"],
      ["inbound", "850", "needs_attention", "po-0001.edi"],
    ],
  );
  // No item matches yet, so the order waits; the text list says what to map.
  const text = await cli("edi", "messages");
  assert.match(
    text,
    /in {2}850 {2}000003438\/1421\/000000010 {2}needs_attention {2}xyz {2}08292233294 {2}from po-0001\.edi\n {4}Line 1 \(CB 065322-117, PR RO, VN AB3542\) matches no item/,
  );
  assert.equal(
    await cli("edi", "poll", "--connection", "main"),
    "main: 0 file(s) picked up, 0 already seen, 0 failed, 0 acknowledgment(s) sent\n",
  );
});
