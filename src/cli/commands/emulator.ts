// `ledgerlink emulator`: runs the QuickBooks Online emulator in the foreground until interrupted.
// The emulator is loaded only when this command runs, so no other command pulls it in.
import { type Command, InvalidArgumentError } from "commander";

interface Flags {
  port: number;
  seed: "demo" | "empty";
  clientId?: string;
  clientSecret?: string;
  data?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("a port is 0-65535");
  return n;
}

function seed(value: string): "demo" | "empty" {
  if (value !== "demo" && value !== "empty") throw new InvalidArgumentError("the seed is demo or empty");
  return value;
}

export function register(program: Command) {
  program
    .command("emulator")
    .description("run the QuickBooks Online emulator (Accounting API v3, OAuth 2.0, webhooks) on 127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", port, 4010)
    .option("--seed <seed>", "company data to start with: demo or empty", seed, "demo")
    .option("--client-id <id>", "client id of the registered app", "ledgerlink-dev")
    .option("--client-secret <secret>", "client secret of the registered app", "ledgerlink-dev-secret")
    .option("--data <file>", "keep the emulator's state in this JSON file and reload it on start")
    .action(async (flags: Flags) => {
      const { createEmulator } = await import("#emulator/index.ts");
      const qbo = await createEmulator({
        port: flags.port,
        seed: flags.seed,
        ...(flags.clientId ? { clientId: flags.clientId } : {}),
        ...(flags.clientSecret ? { clientSecret: flags.clientSecret } : {}),
        ...(flags.data ? { dataFile: flags.data } : {}),
      });
      process.stdout.write(`QuickBooks emulator on ${qbo.url} (realm ${qbo.realmId})\n`);
      const stop = () => {
        void qbo.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
