// `ledgerlink user unlock NAME`: ends a sign-in lockout at once.
import type { Command } from "commander";
import { action, configFrom, describeError, fail, print, withDataOption } from "../cli.ts";
import { openOperations } from "../operations.ts";

export function register(program: Command) {
  const user = program.command("user").description("the web app's users");

  withDataOption(
    user
      .command("unlock <name>")
      .description("forget a user's failed sign-ins, so a lockout after wrong passwords ends now"),
  ).action(
    action(async (name: string, flags: { data?: string }) => {
      const ops = await openOperations(configFrom(flags));
      try {
        const result = await ops.unlockUser(name);
        if (!result.ok) fail(describeError(result.error));
        const unlocked = result.value;
        if (unlocked === null) {
          // Attempts are counted in the memory of the server that took them.
          print(
            `No Ledgerlink server is running on ${ops.where}: sign-in lockouts live in a running server and end when it stops, so ${name} is not locked out.\n`,
          );
        } else if (unlocked.cleared === 0) {
          print(`${unlocked.username} was not locked out.\n`);
        } else {
          print(`Unlocked ${unlocked.username}: it can sign in again now, from every address.\n`);
        }
      } finally {
        await ops.close();
      }
    }),
  );
}
