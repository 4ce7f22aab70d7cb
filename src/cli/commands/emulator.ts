// `ledgerlink emulator`: runs the QuickBooks Online emulator in the foreground until interrupted.
// The emulator is loaded only when this command runs, so no other command pulls it in; only its list
// of seeds and company kinds (plain data) is read up front, for the flags' checks and help.
import { type Command, InvalidArgumentError } from "commander";
import { type CompanyKind, COMPANY_KINDS as KINDS, SEEDS, type SeedName } from "#emulator/seed/kinds.ts";

interface Flags {
  port: number;
  host: string;
  realm?: string;
  seed: SeedName;
  company: CompanyKind;
  limits: "on" | "off";
  clientId?: string;
  clientSecret?: string;
  data?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("a port is 0-65535");
  return n;
}

function oneOf<T extends string>(allowed: readonly T[], what: string) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${what} is one of ${allowed.join(", ")}`);
    }
    return value as T;
  };
}

function realm(value: string): string {
  if (!/^\d{1,20}$/.test(value)) throw new InvalidArgumentError("a realm id is 1 to 20 digits");
  return value;
}

export function register(program: Command) {
  program
    .command("emulator")
    .description("run the QuickBooks Online emulator (Accounting API v3, OAuth 2.0, webhooks)")
    .option("--port <port>", "port to listen on (0 picks a free one)", port, 4010)
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .option(
      "--realm <id>",
      "realm id of the company (default: drawn at random, or the saved one with --data)",
      realm,
    )
    .option("--seed <seed>", "company data to start with: demo or empty", oneOf(SEEDS, "the seed"), "demo")
    .option(
      "--company <kind>",
      `kind of company: ${KINDS.join(", ")} (US manual sales tax, US automated sales tax, Canada, UK, Australia)`,
      oneOf(KINDS, "the company kind"),
      "us-manual-tax",
    )
    .option(
      "--limits <on|off>",
      "enforce Intuit's rate and concurrency limits",
      oneOf(["on", "off"], "--limits"),
      "on",
    )
    .option("--client-id <id>", "client id of the registered app", "ledgerlink-dev")
    .option("--client-secret <secret>", "client secret of the registered app", "ledgerlink-dev-secret")
    .option("--data <file>", "keep the emulator's state in this JSON file and reload it on start")
    .action(async (flags: Flags) => {
      const { createEmulator } = await import("#emulator/index.ts");
      const qbo = await createEmulator({
        port: flags.port,
        host: flags.host,
        seed: flags.seed,
        company: flags.company,
        ...(flags.realm ? { realmId: flags.realm } : {}),
        ...(flags.limits === "off" ? { limits: "relaxed" as const } : {}),
        ...(flags.clientId ? { clientId: flags.clientId } : {}),
        ...(flags.clientSecret ? { clientSecret: flags.clientSecret } : {}),
        ...(flags.data ? { dataFile: flags.data } : {}),
      });
      const limits = flags.limits === "off" ? ", limits off" : "";
      process.stdout.write(`QuickBooks emulator on ${qbo.url} (realm ${qbo.realmId}${limits})\n`);
      const stop = () => {
        void qbo.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
