// `ledgerlink start`: the API, the web app and the workers in one process.
import type { Command } from "commander";
import { startApp, stopOnSignals } from "#app/run.ts";
import { action, cliLogger, configFrom, print, withDataOption } from "../cli.ts";

export function register(program: Command) {
  withDataOption(
    program
      .command("start")
      .description("run the API, the web app and the job workers (port 3000 unless --port or PORT)")
      .option("--port <port>", "port to listen on")
      .option("--host <host>", "address to listen on (default 127.0.0.1)")
      .option("--no-workers", "serve only; leave the jobs to `ledgerlink worker` processes"),
  ).action(
    action(async (flags: { data?: string; port?: string; host?: string; workers: boolean }) => {
      const config = configFrom(flags);
      const logger = cliLogger(config);
      const app = await startApp({ config, logger, workers: flags.workers });
      stopOnSignals(app, logger);
      const lines = [`Ledgerlink is running at ${app.url}`, `  API reference: ${app.url}/api/docs`];
      if (app.admin.generatedPassword) {
        lines.push(
          `  Admin sign-in: ${app.admin.username} / ${app.admin.generatedPassword}`,
          "  (shown once; set LEDGERLINK_ADMIN_PASSWORD to choose it)",
        );
      }
      print(`${lines.join("\n")}\n`);
    }),
  );
}
