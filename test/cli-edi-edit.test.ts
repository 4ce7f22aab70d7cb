// `ledgerlink edi connection set|delete`, `edi partner set|delete` and `edi message reject`, through a
// running server that holds the data folder (its server.json), as a scripted onboarding would run them.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeServerLock } from "#app/server-lock.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";
import { runCli } from "./helpers/cli.ts";
import { samplesDir } from "./helpers/x12/samples.ts";

let s: TestServer;
const root = mkdtempSync(join(tmpdir(), "ll-cli-edi-edit-"));
const data = join(root, "data");
const inbox = join(root, "in");
const outbox = join(root, "out");

before(async () => {
  s = await startTestServer();
  mkdirSync(data);
  mkdirSync(inbox);
  mkdirSync(outbox);
  writeServerLock(data, {
    url: s.url,
    pid: process.pid,
    token: s.internalToken,
    database: "embedded",
    startedAt: new Date().toISOString(),
  });
  const customer = await s.api("/api/v1/customers/C-XYZ", {
    method: "PUT",
    json: {
      name: "XYZ Retail",
      locations: [{ code: "SOLON", name: "Solon store", address: { line1: "31875 Solon Rd" } }],
    },
  });
  assert.equal(customer.status, 201);
});
after(async () => {
  await s?.close();
  rmSync(root, { recursive: true, force: true });
});

function run(...args: string[]) {
  return runCli([...args, "--data", data, "--company", s.companyA.id]);
}
async function cli(...args: string[]) {
  const r = await run(...args);
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
async function refused(...args: string[]) {
  const r = await run(...args);
  assert.equal(r.code, 1, `${args.join(" ")} should fail: ${r.stdout}`);
  return r.stderr;
}

test("a partner is changed option by option, deactivated and activated again", async () => {
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
  assert.equal(
    await cli(
      "edi",
      "partner",
      "set",
      "xyz",
      "--name",
      "xyz-retail",
      "--no-auto-accept",
      "--wants-855",
      "--overdue-after",
      "90",
      "--location",
      "0003947268292=SOLON",
      "--application-id",
      "XYZAPP",
      "--inactive",
    ),
    "Changed partner xyz-retail (12:4405197800) on connection main, customer C-XYZ, inactive\n",
  );
  const json = JSON.parse(await cli("edi", "partner", "set", "xyz-retail", "--active", "--json")) as Record<
    string,
    unknown
  >;
  assert.deepEqual(
    [
      json.active,
      json.autoAccept,
      json.wants855,
      json.wants810,
      json.overdueAfterMinutes,
      json.applicationId,
    ],
    [true, false, true, false, 90, "XYZAPP"],
  );
  assert.deepEqual(json.locations, [{ partnerLocationId: "0003947268292", locationCode: "SOLON" }]);
  const cleared = JSON.parse(
    await cli("edi", "partner", "set", "xyz-retail", "--no-locations", "--no-application-id", "--json"),
  ) as Record<string, unknown>;
  assert.deepEqual([cleared.locations, cleared.applicationId], [[], null]);

  const bad = await refused(
    "edi",
    "partner",
    "set",
    "xyz-retail",
    "--overdue-after",
    "soon",
    "--version",
    "00301",
  );
  assert.match(bad, /\(invalid_partner\)/);
  assert.match(bad, /\/overdueAfterMinutes: /);
  assert.match(bad, /\/version: /);
  assert.match(await refused("edi", "partner", "set", "xyz-retail"), /Nothing to change/);
  assert.match(await refused("edi", "partner", "set", "xyz-retail", "--active", "--inactive"), /not both/);
  assert.match(await refused("edi", "partner", "set", "nope", "--active"), /\(partner_not_found\)/);
  assert.match(
    await refused("edi", "partner", "set", "xyz-retail", "--location", "SOLON"),
    /--location must be PARTNER_ID=LOCATION_CODE/,
  );
  assert.match(
    await refused("edi", "partner", "set", "xyz-retail", "--location", "0007=DC-07"),
    /\/locations\/0\/locationCode: is not a location of customer C-XYZ/,
  );
  assert.match(s.logs(), /"method":"PATCH","url":"\/api\/admin\/companies\/[^"]+\/edi\/partners\/xyz"/);
});

test("a message waiting for a decision is rejected from the command line, once", async () => {
  copyFileSync(join(samplesDir, "850-nodex12-1.edi"), join(inbox, "po-0001.edi"));
  await cli("edi", "poll");
  // The message's id as the API lists it (`edi messages` reads the data folder, which holds none here).
  const listed = await fetch(`${s.url}/api/admin/companies/${s.companyA.id}/edi/messages?type=850`, {
    headers: { authorization: `Bearer ${s.internalToken}` },
  });
  const [po] = ((await listed.json()) as { items: { id: string }[] }).items;
  assert.ok(po);
  assert.equal(
    await cli("edi", "message", "reject", po.id, "--reason", "not a store we ship to"),
    `Rejected message ${po.id} (850 08292233294 from xyz-retail): Rejected by a user: not a store we ship to\n`,
  );
  assert.match(
    await refused("edi", "message", "reject", po.id),
    /is rejected: only an order still waiting for a decision can be rejected\. \(message_not_rejectable\)/,
  );
  assert.match(await refused("edi", "message", "reject", "999999"), /\(message_not_found\)/);
});

test("a connection is deactivated, changed, moved to SFTP and its secrets replaced; only the unused is deleted", async () => {
  assert.equal(
    await cli("edi", "connection", "set", "main", "--inactive"),
    `Changed connection main (01:999999999, inactive): inbox ${inbox}, outbox ${outbox}\n`,
  );
  assert.match(await refused("edi", "poll", "--connection", "main"), /\(connection_inactive\)/);
  const other = join(root, "out2");
  assert.equal(
    await cli("edi", "connection", "set", "main", "--active", "--name", "main2", "--outbox", other),
    `Changed connection main2 (01:999999999): inbox ${inbox}, outbox ${other}\n`,
  );
  assert.match(
    await refused("edi", "connection", "set", "main2", "--poll-seconds", "60"),
    /--poll-seconds is for an SFTP connection; main2 uses folders\./,
  );
  assert.match(
    await refused("edi", "connection", "set", "main2", "--our-id", "Z:ACME"),
    /\(invalid_connection\)\n {2}\/ourQualifier: /,
  );

  assert.equal(
    await cli("edi", "connection", "set", "main2", "--sftp", "sftp://acme:s3cret@127.0.0.1:2222"),
    "Changed connection main2 (01:999999999): sftp acme@127.0.0.1:2222, inbox /inbox, outbox /outbox\n",
  );
  const key = join(root, "id_ed25519");
  writeFileSync(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n");
  const sftp = JSON.parse(
    await cli(
      "edi",
      "connection",
      "set",
      "main2",
      "--no-password",
      "--key",
      key,
      "--poll-seconds",
      "120",
      "--inbox",
      "/edi/in",
      "--json",
    ),
  ) as { settings: Record<string, unknown>; secrets: unknown };
  assert.deepEqual(sftp.secrets, { password: false, privateKey: true });
  assert.deepEqual(
    [sftp.settings.pollSeconds, sftp.settings.inbox, sftp.settings.outbox, sftp.settings.port],
    [120, "/edi/in", "/outbox", 2222],
  );
  assert.match(
    await refused("edi", "connection", "set", "main2", "--poll-seconds", "5"),
    /\/sftp\/pollSeconds: /,
  );

  assert.match(
    await refused("edi", "partner", "delete", "xyz-retail"),
    /Partner xyz-retail cannot be deleted: it has 2 messages and 3 control number series\. Deactivate it instead.*\(partner_in_use\)/,
  );
  assert.match(
    await refused("edi", "connection", "delete", "main2"),
    /Connection main2 cannot be deleted: it has 1 trading partner, 2 files and 2 messages\..*\(connection_in_use\)/,
  );
  await cli("edi", "partner", "add", "tmp", "--connection", "main2", "--customer", "C-XYZ", "--id", "ZZ:TMP");
  assert.equal(await cli("edi", "partner", "delete", "tmp"), "Deleted partner tmp.\n");
  await cli("edi", "connection", "add", "spare", "--inbox", inbox, "--outbox", outbox, "--our-id", "ZZ:ACME");
  assert.equal(await cli("edi", "connection", "delete", "spare"), "Deleted connection spare.\n");
  assert.match(await refused("edi", "connection", "delete", "spare"), /\(connection_not_found\)/);
});

test("without a server, on the data folder itself: an inactive partner's 850 needs attention, and says so", async () => {
  const folder = join(root, "alone");
  const dirs = { data: join(folder, "data"), inbox: join(folder, "in"), outbox: join(folder, "out") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const local = async (...args: string[]) => {
    const r = await runCli([...args, "--data", dirs.data]);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  await local("company", "create", "Harlan");
  const csv = join(folder, "customers.csv");
  writeFileSync(csv, "Customer ID,Name\nC-XYZ,XYZ Retail\n");
  await local("import", "customers", csv);
  await local(
    "edi",
    "connection",
    "add",
    "main",
    "--inbox",
    dirs.inbox,
    "--outbox",
    dirs.outbox,
    "--our-id",
    "01:999999999",
  );
  await local(
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
  );
  assert.equal(
    await local("edi", "partner", "set", "xyz", "--inactive", "--auto-accept"),
    "Changed partner xyz (12:4405197800) on connection main, customer C-XYZ, auto-accept, inactive\n",
  );
  copyFileSync(join(samplesDir, "850-nodex12-1.edi"), join(dirs.inbox, "po-0001.edi"));
  assert.equal(
    await local("edi", "poll"),
    "main: 1 file(s) picked up, 0 already seen, 0 failed, 1 acknowledgment(s) sent\n",
  );
  assert.match(
    await local("edi", "messages"),
    /850 {2}000003438\/1421\/000000010 {2}needs_attention {2}xyz {2}08292233294 {2}from po-0001\.edi\n {4}Partner xyz is inactive: activate it \(ledgerlink edi partner set xyz --active\) to accept what it sends\.\n/,
  );
  assert.equal(
    await local("edi", "connection", "set", "main", "--inactive"),
    `Changed connection main (01:999999999, inactive): inbox ${dirs.inbox}, outbox ${dirs.outbox}\n`,
  );
  assert.equal(await local("edi", "poll"), "No active connection.\n");
});
