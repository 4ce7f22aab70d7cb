// `ledgerlink edi connection add`, `edi partner add`, `edi poll` and `edi messages`: onboarding a trading
// partner from a script. Each goes through a running server when one holds the data folder, like the
// other data commands, and straight to the database otherwise.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { splitQualifiedId } from "#domain/edi.ts";
import type { MessageView } from "#edi/messages.ts";
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

/** `sftp://user[:password]@host[:port]` → the SFTP settings and secrets. */
function sftpOf(url: string, flags: { inbox?: string; outbox?: string; key?: string }) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`--sftp must be a URL like sftp://user@sftp.example.com:22 (got "${url}")`);
  }
  if (parsed.protocol !== "sftp:") fail(`--sftp must start with sftp:// (got "${url}")`);
  if (!parsed.username) fail("--sftp must name the user: sftp://user@host");
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  const privateKey = flags.key ? readFileSync(flags.key, "utf8") : undefined;
  return {
    sftp: {
      host: parsed.hostname,
      ...(parsed.port ? { port: Number(parsed.port) } : {}),
      username: decodeURIComponent(parsed.username),
      inbox: flags.inbox ?? "/inbox",
      outbox: flags.outbox ?? "/outbox",
    },
    ...(password || privateKey
      ? { secrets: { ...(password ? { password } : {}), ...(privateKey ? { privateKey } : {}) } }
      : {}),
  };
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
            const where =
              c.transport === "folder"
                ? `inbox ${c.settings.inbox}, outbox ${c.settings.outbox}`
                : `sftp ${c.settings.username}@${c.settings.host}:${c.settings.port}, inbox ${c.settings.inbox}, outbox ${c.settings.outbox}`;
            print(
              flags.json
                ? `${JSON.stringify(c)}\n`
                : `Added connection ${c.name} (${c.ourQualifier}:${c.ourId}): ${where}\n`,
            );
          });
        },
      ),
    );

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
            print(
              flags.json
                ? `${JSON.stringify(p)}\n`
                : `Added partner ${p.name} (${p.qualifier}:${p.interchangeId}) on connection ${p.connection}, customer ${p.customerExternalId}${p.autoAccept ? ", auto-accept" : ""}\n`,
            );
          });
        },
      ),
    );

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
