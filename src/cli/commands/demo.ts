// `ledgerlink demo` (what `npm start` runs): everything on the embedded database with the demo company
// loaded, and the three things a visitor needs printed: the address, the admin sign-in, an API key.
import type { Command } from "commander";
import { startDemo } from "#app/demo.ts";
import { stopOnSignals } from "#app/run.ts";
import { action, cliLogger, configFrom, print, withDataOption } from "../cli.ts";

export function register(program: Command) {
  withDataOption(
    program
      .command("demo")
      .description("run Ledgerlink with a demo manufacturer's data on the embedded database")
      .option("--port <port>", "port to listen on")
      .option("--host <host>", "address to listen on (default 127.0.0.1)")
      .option("--connected", "connect the demo company to the QuickBooks emulator started beside it")
      .option(
        "--emulator-port <port>",
        "port of the QuickBooks emulator (default 4010; 0 picks a free one)",
        "4010",
      ),
    { databaseUrl: false },
  ).action(
    action(
      async (flags: {
        data?: string;
        port?: string;
        host?: string;
        logLevel?: string;
        connected?: boolean;
        emulatorPort: string;
      }) => {
        const emulatorPort = Number(flags.emulatorPort);
        if (!Number.isInteger(emulatorPort) || emulatorPort < 0 || emulatorPort > 65535) {
          throw new Error(`--emulator-port must be a port number (0-65535), not ${flags.emulatorPort}`);
        }
        // Request logs would scroll the sign-in details away; the demo logs only problems unless asked.
        const config = { ...configFrom(flags, { defaultLogLevel: "warn" }), databaseUrl: undefined };
        const logger = cliLogger(config);
        print("Loading the demo company…\n");
        const { app, lines } = await startDemo(config, logger, {
          quickbooks: { emulatorPort, connected: flags.connected === true },
        });
        stopOnSignals(app, logger);
        print(`${lines.join("\n")}\n`);
      },
    ),
  );
}
