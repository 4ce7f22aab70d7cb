// `ledgerlink demo` (what `npm start` runs): everything on the embedded database with the demo company
// loaded, and the three things a visitor needs printed: the address, the admin sign-in, an API key.
import type { Command } from "commander";
import { action, cliLogger, configFrom, withDataOption } from "../../app/cli.ts";
import { type DemoLoad, demoAdminPassword, loadDemo } from "../../app/demo.ts";
import { startApp, stopOnSignals } from "../../app/run.ts";

export function register(program: Command) {
  withDataOption(
    program
      .command("demo")
      .description("run Ledgerlink with a demo manufacturer's data on the embedded database")
      .option("--port <port>", "port to listen on")
      .option("--host <host>", "address to listen on (default 127.0.0.1)"),
  ).action(
    action(async (flags: { data?: string; port?: string; host?: string }) => {
      // The demo never touches a configured server database.
      const config = { ...configFrom(flags), databaseUrl: undefined };
      // Request logs would scroll the sign-in details away; the demo logs only problems unless asked.
      if (!process.env.LOG_LEVEL && !process.env.LEDGERLINK_LOG_LEVEL) config.logLevel = "warn";
      const logger = cliLogger(config);
      process.stdout.write("Loading the demo company…\n");
      let demo: DemoLoad | undefined;
      const app = await startApp({
        config,
        logger,
        prepare: async (db) => {
          demo = await loadDemo(db, config);
        },
      });
      stopOnSignals(app, logger);
      const password = await demoAdminPassword(app.db, config, app.admin.generatedPassword);
      const loaded = demo as DemoLoad | undefined;
      const lines = [
        "",
        `Ledgerlink demo is running at ${app.url}`,
        "",
        `  Sign in:   ${app.admin.username} / ${password ?? "(the password chosen on first start)"}`,
        `  API key:   ${loaded?.apiKey ?? "?"}`,
        `  Company:   ${loaded?.companyName ?? "?"} (${loaded?.companyId ?? "?"})`,
        `  API docs:  ${app.url}/api/docs`,
        "",
        "Try:",
        `  curl -H "Authorization: Bearer ${loaded?.apiKey ?? "KEY"}" "${app.url}/api/v1/customers?limit=2"`,
        "",
        "Stop with Ctrl-C. Data is kept in the data folder; set LEDGERLINK_ADMIN_PASSWORD and",
        "LEDGERLINK_DEMO_API_KEY to fix the sign-in password and the key.",
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }),
  );
}
