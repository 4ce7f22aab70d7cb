// `ledgerlink edi connection add|set|delete`, `edi partner add|set|delete`, `edi poll`, `edi messages` and
// `edi message reject`: onboarding (and later changing or retiring) a trading partner from a script. Each goes through a running server when one holds the data folder, like the
// other data commands, and straight to the database otherwise.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { splitQualifiedId } from "#domain/edi.ts";
import type { ConnectionView } from "#edi/connections.ts";
import type { MessageView } from "#edi/messages.ts";
import type { PartnerView } from "#edi/partners.ts";
import { action, configFrom, describeError, fail, print, withDataOption } from "../cli.ts";
import { type Operations, openOperations } from "../operations.ts";

interface Flags {
  data?: string;
  company?: string;
}

/** The company a command acts for: the one named, or the only one there is. */
async function companyOf(ops: Operations, flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const companies = await ops.listCompanies();
  if (companies.length === 1) return (companies[0] as { id: string }).id;
  if (companies.length === 0)
    fail("There is no company yet: create one with `ledgerlink company create NAME`.");
  fail(
    `There are ${companies.length} companies; name one with --company ID:\n${companies.map((c) => `  ${c.id}  ${c.name}`).join("\n")}`,
  );
}

function qualified(value: string, flag: string): { qualifier: string; id: string } {
  const split = splitQualifiedId(value);
  if (!split) fail(`${flag} must be QUALIFIER:ID, e.g. ZZ:ACMEPARTS or 01:123456789 (got "${value}")`);
  return split;
}

/**
 * `sftp://user[:password]@host[:port]` → the SFTP settings and secrets. The remote folders default to
 * `/inbox` and `/outbox` unless `folders: "given"` (a change, where folders left out stay as they are).
 */
function sftpOf(
  url: string,
  flags: { inbox?: string; outbox?: string; key?: string | boolean },
  folders: "default" | "given" = "default",
) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`--sftp must be a URL like sftp://user@sftp.example.com:22 (got "${url}")`);
  }
  if (parsed.protocol !== "sftp:") fail(`--sftp must start with sftp:// (got "${url}")`);
  if (!parsed.username) fail("--sftp must name the user: sftp://user@host");
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  const privateKey = typeof flags.key === "string" ? readKey(flags.key) : undefined;
  const inbox = flags.inbox ?? (folders === "default" ? "/inbox" : undefined);
  const outbox = flags.outbox ?? (folders === "default" ? "/outbox" : undefined);
  return {
    sftp: {
      host: parsed.hostname,
      ...(parsed.port ? { port: Number(parsed.port) } : {}),
      username: decodeURIComponent(parsed.username),
      ...(inbox !== undefined ? { inbox } : {}),
      ...(outbox !== undefined ? { outbox } : {}),
    },
    ...(password || privateKey
      ? { secrets: { ...(password ? { password } : {}), ...(privateKey ? { privateKey } : {}) } }
      : {}),
  };
}

function readKey(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    fail(`--key: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** `--active` / `--inactive` → the `active` field, when one is given. */
function activeOf(flags: { active?: boolean; inactive?: boolean }): { active?: boolean } {
  if (flags.active && flags.inactive) fail("Give --active or --inactive, not both.");
  if (flags.active) return { active: true };
  if (flags.inactive) return { active: false };
  return {};
}

/** A whole number when the text reads as one; otherwise the text, so the server names the field. */
function numberOf(value: string): number | string {
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
}

function connectionLine(c: ConnectionView): string {
  const where =
    c.transport === "folder"
      ? `inbox ${c.settings.inbox}, outbox ${c.settings.outbox}`
      : `sftp ${c.settings.username}@${c.settings.host}:${c.settings.port}, inbox ${c.settings.inbox}, outbox ${c.settings.outbox}`;
  return `${c.name} (${c.ourQualifier}:${c.ourId}${c.active ? "" : ", inactive"}): ${where}`;
}

function partnerLine(p: PartnerView): string {
  return `${p.name} (${p.qualifier}:${p.interchangeId}) on connection ${p.connection}, customer ${p.customerExternalId}${p.autoAccept ? ", auto-accept" : ""}${p.active ? "" : ", inactive"}`;
}

async function withOps<T>(
  flags: Flags,
  run: (ops: Operations, companyId: string) => Promise<T>,
  readOnly = false,
) {
  const ops = await openOperations(configFrom(flags), { readOnly });
  try {
    return await run(ops, await companyOf(ops, flags.company));
  } finally {
    await ops.close();
  }
}

export function registerEdiData(edi: Command): void {
  const connection = edi
    .command("connection")
    .description("EDI connections: where partners' files come and go");
  withDataOption(
    connection
      .command("add <name>")
      .description("add a connection: a local folder pair (--inbox, --outbox) or an SFTP server (--sftp)"),
  )
    .requiredOption("--our-id <qual:id>", "our interchange qualifier and id (ISA05/ISA06), e.g. ZZ:ACMEMFG")
    .option("--inbox <dir>", "folder partners' files arrive in (remote folder with --sftp)")
    .option("--outbox <dir>", "folder our files are written to (remote folder with --sftp)")
    .option("--sftp <url>", "sftp://user[:password]@host[:port] instead of local folders")
    .option("--key <file>", "private key for --sftp, instead of a password")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(
        async (
          name: string,
          flags: Flags & {
            ourId: string;
            inbox?: string;
            outbox?: string;
            sftp?: string;
            key?: string;
            json?: boolean;
          },
        ) => {
          const ours = qualified(flags.ourId, "--our-id");
          let transport: Record<string, unknown>;
          if (flags.sftp) transport = { transport: "sftp", ...sftpOf(flags.sftp, flags) };
          else {
            if (!flags.inbox || !flags.outbox) fail("Give --inbox DIR and --outbox DIR, or --sftp URL.");
            transport = {
              transport: "folder",
              folder: { inbox: resolve(flags.inbox), outbox: resolve(flags.outbox) },
            };
          }
          await withOps(flags, async (ops, companyId) => {
            const body = { name, ourQualifier: ours.qualifier, ourId: ours.id, ...transport };
            const result = await ops.edi.createConnection(companyId, body);
            if (!result.ok) fail(describeError(result.error));
            const c = result.value;
            print(flags.json ? `${JSON.stringify(c)}\n` : `Added connection ${connectionLine(c)}\n`);
          });
        },
      ),
    );

  registerConnectionChanges(connection);

  const partner = edi.command("partner").description("EDI trading partners");
  withDataOption(partner.command("add <name>").description("add a trading partner on a connection"))
    .requiredOption("--connection <name>", "the connection its files come through")
    .requiredOption("--customer <external-id>", "the host customer it is")
    .requiredOption("--id <qual:id>", "its interchange qualifier and id (ISA05/ISA06), e.g. 01:123456789")
    .option("--auto-accept", "turn its clean 850s into sales orders at once")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(
        async (
          name: string,
          flags: Flags & {
            connection: string;
            customer: string;
            id: string;
            autoAccept?: boolean;
            json?: boolean;
          },
        ) => {
          const theirs = qualified(flags.id, "--id");
          await withOps(flags, async (ops, companyId) => {
            const result = await ops.edi.createPartner(companyId, {
              name,
              connection: flags.connection,
              customerExternalId: flags.customer,
              qualifier: theirs.qualifier,
              interchangeId: theirs.id,
              autoAccept: flags.autoAccept ?? false,
            });
            if (!result.ok) fail(describeError(result.error));
            const p = result.value;
            print(flags.json ? `${JSON.stringify(p)}\n` : `Added partner ${partnerLine(p)}\n`);
          });
        },
      ),
    );
  registerPartnerChanges(partner);

  withDataOption(
    edi.command("poll").description("pick up waiting files now and send the acknowledgments due"),
  )
    .option("--connection <name>", "only this connection (default: every active one)")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(async (flags: Flags & { connection?: string; json?: boolean }) => {
        await withOps(flags, async (ops, companyId) => {
          const result = await ops.edi.poll(companyId, flags.connection);
          if (!result.ok) fail(describeError(result.error));
          if (flags.json) {
            print(`${JSON.stringify({ connections: result.value })}\n`);
            return;
          }
          if (result.value.length === 0) print("No active connection.\n");
          for (const r of result.value) {
            if (r.error) print(`${r.connection}: could not poll: ${r.error}\n`);
            else
              print(
                `${r.connection}: ${r.stored} file(s) picked up, ${r.duplicates} already seen, ${r.failed} failed, ${r.acknowledgmentsSent} acknowledgment(s) sent\n`,
              );
            for (const d of r.deferred) print(`  left in the inbox: ${d.name}: ${d.reason}\n`);
          }
          if (result.value.some((r) => r.error)) process.exitCode = 1;
        });
      }),
    );

  registerMessageCommands(edi);

  withDataOption(edi.command("messages").description("list EDI messages, newest first"))
    .option("--partner <name>", "only this partner's")
    .option("--limit <n>", "at most this many (default 50)", "50")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(async (flags: Flags & { partner?: string; limit: string; json?: boolean }) => {
        const limit = Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          fail("--limit must be a whole number from 1 to 500");
        await withOps(
          flags,
          async (ops, companyId) => {
            const result = await ops.edi.messages(companyId, { partner: flags.partner, limit });
            if (!result.ok) fail(describeError(result.error));
            print(
              flags.json
                ? `${JSON.stringify({ items: result.value.items })}\n`
                : formatMessages(result.value.items),
            );
          },
          true,
        );
      }),
    );
}

/** `edi connection set` and `edi connection delete`. */
function registerConnectionChanges(connection: Command): void {
  withDataOption(
    connection
      .command("set <name>")
      .description("change a connection: only what the options give changes; --inactive stops its polling"),
  )
    .option("--name <new-name>", "rename it")
    .option("--active", "poll it again")
    .option("--inactive", "stop polling it (its files wait; its history stays)")
    .option("--our-id <qual:id>", "our interchange qualifier and id (ISA05/ISA06)")
    .option("--inbox <dir>", "folder partners' files arrive in (remote folder for SFTP)")
    .option("--outbox <dir>", "folder our files are written to (remote folder for SFTP)")
    .option(
      "--sftp <url>",
      "sftp://user[:password]@host[:port]: the SFTP server (a folder connection moves to it)",
    )
    .option("--key <file>", "private key to sign in to the SFTP server with")
    .option("--no-key", "remove the stored private key")
    .option("--no-password", "remove the stored password")
    .option("--poll-seconds <n>", "SFTP polling interval in seconds")
    .option("--host-key <fingerprint>", "the SFTP server's expected host key (SHA256:…)")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(
        async (
          name: string,
          flags: Flags & {
            name?: string;
            active?: boolean;
            inactive?: boolean;
            ourId?: string;
            inbox?: string;
            outbox?: string;
            sftp?: string;
            key?: string | boolean;
            password?: boolean;
            pollSeconds?: string;
            hostKey?: string;
            json?: boolean;
          },
        ) => {
          const body: Record<string, unknown> = { ...activeOf(flags) };
          // commander's own --name would be the command's: the new name comes as flags.name.
          if (flags.name !== undefined) body.name = flags.name;
          if (flags.ourId) {
            const ours = qualified(flags.ourId, "--our-id");
            body.ourQualifier = ours.qualifier;
            body.ourId = ours.id;
          }
          await withOps(flags, async (ops, companyId) => {
            const current = await ops.edi.getConnection(companyId, name);
            if (!current.ok) fail(describeError(current.error));
            const sftp = flags.sftp !== undefined || current.value.transport === "sftp";
            const secrets: Record<string, string | null> = {};
            if (flags.sftp !== undefined) {
              const moving = current.value.transport !== "sftp";
              const parsed = sftpOf(flags.sftp, flags, moving ? "default" : "given");
              if (moving) body.transport = "sftp";
              body.sftp = parsed.sftp;
              Object.assign(secrets, parsed.secrets ?? {});
            } else if (flags.inbox !== undefined || flags.outbox !== undefined) {
              const folders = {
                ...(flags.inbox !== undefined ? { inbox: sftp ? flags.inbox : resolve(flags.inbox) } : {}),
                ...(flags.outbox !== undefined
                  ? { outbox: sftp ? flags.outbox : resolve(flags.outbox) }
                  : {}),
              };
              body[current.value.transport] = folders;
            }
            const sftpOnly = { "--poll-seconds": flags.pollSeconds, "--host-key": flags.hostKey };
            for (const [flag, value] of Object.entries(sftpOnly)) {
              if (value !== undefined && !sftp)
                fail(`${flag} is for an SFTP connection; ${name} uses folders.`);
            }
            if (flags.pollSeconds !== undefined || flags.hostKey !== undefined) {
              body.sftp = {
                ...(body.sftp as object | undefined),
                ...(flags.pollSeconds !== undefined ? { pollSeconds: numberOf(flags.pollSeconds) } : {}),
                ...(flags.hostKey !== undefined ? { hostKey: flags.hostKey } : {}),
              };
            }
            if (typeof flags.key === "string") secrets.privateKey = readKey(flags.key);
            if (flags.key === false) secrets.privateKey = null;
            if (flags.password === false) secrets.password = null;
            if (Object.keys(secrets).length > 0) body.secrets = secrets;
            if (Object.keys(body).length === 0)
              fail("Nothing to change: give at least one option (see --help).");
            const result = await ops.edi.editConnection(companyId, name, body);
            if (!result.ok) fail(describeError(result.error));
            const c = result.value;
            print(flags.json ? `${JSON.stringify(c)}\n` : `Changed connection ${connectionLine(c)}\n`);
          });
        },
      ),
    );

  registerDelete(
    connection,
    "connection",
    "delete a connection nothing refers to (no partner, file or message); else deactivate it",
    (ops, companyId, name) => ops.edi.deleteConnection(companyId, name),
  );
}

/** `edi partner set` and `edi partner delete`. */
function registerPartnerChanges(partner: Command): void {
  withDataOption(
    partner.command("set <name>").description("change a trading partner: only what the options give changes"),
  )
    .option("--name <new-name>", "rename it")
    .option("--active", "trade with it again")
    .option("--inactive", "stop: its files then need attention and its orders wait (its history stays)")
    .option("--connection <name>", "move it to another connection")
    .option("--customer <external-id>", "the host customer it is")
    .option("--id <qual:id>", "its interchange qualifier and id (ISA05/ISA06)")
    .option("--application-id <id>", "GS02/GS03 application id (default: the interchange id)")
    .option("--no-application-id", "use the interchange id as application id")
    .option("--version <version>", "X12 version of what we send: 00401 or 00501")
    .option("--auto-accept", "turn its clean 850s into sales orders at once")
    .option("--no-auto-accept", "leave its 850s for a person to accept")
    .option("--wants-855", "send an 855 for each accepted order")
    .option("--no-wants-855", "send no 855")
    .option("--wants-810", "send an 810 for the host's invoices")
    .option("--no-wants-810", "send no 810")
    .option("--overdue-after <minutes>", "minutes without its 997 before what we sent is overdue")
    .option(
      "--location <id=code>",
      "map its N104 location id to a customer location code (repeat; replaces the map)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--no-locations", "clear its location map")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(
        async (
          name: string,
          flags: Flags & {
            name?: string;
            active?: boolean;
            inactive?: boolean;
            connection?: string;
            customer?: string;
            id?: string;
            applicationId?: string | boolean;
            version?: string;
            autoAccept?: boolean;
            wants855?: boolean;
            wants810?: boolean;
            overdueAfter?: string;
            location?: string[];
            locations?: boolean;
            json?: boolean;
          },
        ) => {
          const body: Record<string, unknown> = { ...activeOf(flags) };
          if (flags.name !== undefined) body.name = flags.name;
          if (flags.connection !== undefined) body.connection = flags.connection;
          if (flags.customer !== undefined) body.customerExternalId = flags.customer;
          if (flags.id !== undefined) {
            const theirs = qualified(flags.id, "--id");
            body.qualifier = theirs.qualifier;
            body.interchangeId = theirs.id;
          }
          if (typeof flags.applicationId === "string") body.applicationId = flags.applicationId;
          if (flags.applicationId === false) body.applicationId = null;
          if (flags.version !== undefined) body.version = flags.version;
          if (flags.autoAccept !== undefined) body.autoAccept = flags.autoAccept;
          if (flags.wants855 !== undefined) body.wants855 = flags.wants855;
          if (flags.wants810 !== undefined) body.wants810 = flags.wants810;
          if (flags.overdueAfter !== undefined) body.overdueAfterMinutes = numberOf(flags.overdueAfter);
          if (flags.location && flags.locations === false)
            fail("Give --location or --no-locations, not both.");
          if (flags.location) {
            body.locations = flags.location.map((pair) => {
              const at = pair.indexOf("=");
              if (at <= 0)
                fail(`--location must be PARTNER_ID=LOCATION_CODE, e.g. 0007=DC-07 (got "${pair}")`);
              return { partnerLocationId: pair.slice(0, at), locationCode: pair.slice(at + 1) };
            });
          }
          if (flags.locations === false) body.locations = [];
          if (Object.keys(body).length === 0)
            fail("Nothing to change: give at least one option (see --help).");
          await withOps(flags, async (ops, companyId) => {
            const result = await ops.edi.editPartner(companyId, name, body);
            if (!result.ok) fail(describeError(result.error));
            const p = result.value;
            print(flags.json ? `${JSON.stringify(p)}\n` : `Changed partner ${partnerLine(p)}\n`);
          });
        },
      ),
    );

  registerDelete(
    partner,
    "partner",
    "delete a trading partner nothing refers to (no message, no control number); else deactivate it",
    (ops, companyId, name) => ops.edi.deletePartner(companyId, name),
  );
}

/** `edi connection delete NAME` and `edi partner delete NAME`: the same command over either. */
function registerDelete(
  parent: Command,
  what: "connection" | "partner",
  description: string,
  remove: (
    ops: Operations,
    companyId: string,
    name: string,
  ) => ReturnType<Operations["edi"]["deletePartner"]>,
): void {
  withDataOption(parent.command("delete <name>").description(description))
    .option("--company <id>", "the company (default: the only one)")
    .action(
      action(async (name: string, flags: Flags) => {
        await withOps(flags, async (ops, companyId) => {
          const result = await remove(ops, companyId, name);
          if (!result.ok) fail(describeError(result.error));
          print(`Deleted ${what} ${name}.\n`);
        });
      }),
    );
}

/** `edi message reject ID [--reason TEXT]`. */
function registerMessageCommands(edi: Command): void {
  const message = edi.command("message").description("one EDI message");
  withDataOption(
    message
      .command("reject <id>")
      .description("reject a received 850 waiting for a decision: it will not become a sales order"),
  )
    .option("--reason <text>", "a note kept with the message (at most 500 characters)")
    .option("--company <id>", "the company (default: the only one)")
    .option("--json", "print JSON")
    .action(
      action(async (id: string, flags: Flags & { reason?: string; json?: boolean }) => {
        await withOps(flags, async (ops, companyId) => {
          const result = await ops.edi.rejectMessage(companyId, id, flags.reason);
          if (!result.ok) fail(describeError(result.error));
          const m = result.value;
          const note = (m.reasons as { code: string; message: string }[]).find(
            (r) => r.code === "REJECTED_BY_USER",
          );
          print(
            flags.json
              ? `${JSON.stringify(m)}\n`
              : `Rejected message ${m.id} (${m.type}${m.reference ? ` ${m.reference}` : ""} from ${m.partner ?? m.sender}): ${note?.message ?? "rejected"}\n`,
          );
        });
      }),
    );
}

/** One line per message, the reasons under those that need attention or were rejected. */
export function formatMessages(items: readonly MessageView[]): string {
  if (items.length === 0) return "No messages.\n";
  let text = "";
  for (const m of items) {
    const arrow = m.direction === "inbound" ? "in " : "out";
    const control = [m.controlNumbers.interchange, m.controlNumbers.group, m.controlNumbers.set]
      .filter((c) => c !== null)
      .join("/");
    const file = m.file ? `  ${m.direction === "inbound" ? "from" : "to"} ${m.file}` : "";
    text += `${m.id}  ${arrow} ${m.type.padEnd(3)}  ${control}  ${m.status}  ${m.partner ?? m.sender}${m.reference ? `  ${m.reference}` : ""}${file}\n`;
    if (m.status === "needs_attention" || m.status === "rejected" || m.status === "error") {
      for (const r of m.reasons as { message: string }[]) text += `    ${r.message}\n`;
    }
  }
  return text;
}
