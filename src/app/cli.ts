// Shared by the CLI commands: configuration from flags and environment, a logger, and how failures are
// printed (a message that says what happened and what to do, never a stack trace for expected cases).
import type { Command } from "commander";
import type { Logger } from "pino";
import { type Config, loadConfig } from "../config/index.ts";
import type { ServiceError } from "../host/result.ts";
import { createLogger } from "./logger.ts";

export interface CommonFlags {
  data?: string;
  port?: string;
  host?: string;
}

/** Adds --data, which every command that touches data accepts. */
export function withDataOption(command: Command): Command {
  return command.option(
    "--data <dir>",
    "data folder of the embedded database (default ./data, or LEDGERLINK_DATA_DIR)",
  );
}

export function configFrom(flags: CommonFlags): Config {
  try {
    return loadConfig(process.env, { data: flags.data, port: flags.port, host: flags.host });
  } catch (error) {
    fail((error as Error).message);
  }
}

export function cliLogger(config: Config): Logger {
  return createLogger({ level: config.logLevel });
}

/** An expected failure: its message is printed as it is, and the command ends with status 1. */
export class CommandFailed extends Error {}

/**
 * Ends the command with a message on stderr and status 1. It throws, so the command's `finally` blocks
 * still close the database cleanly.
 */
export function fail(message: string): never {
  throw new CommandFailed(message);
}

export function describeError(error: ServiceError): string {
  const lines = [`${error.message} (${error.code})`];
  for (const issue of error.issues ?? []) lines.push(`  ${issue.path || "(body)"}: ${issue.message}`);
  return lines.join("\n");
}

/** Runs a command body, turning unexpected errors into a one-line message and status 1. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      const e = error as Error & { code?: string };
      const expected =
        error instanceof CommandFailed || e.code === "database_busy" || e.code === "invalid_config";
      process.stderr.write(`${expected ? e.message : `ledgerlink: ${e.message}`}\n`);
      process.exitCode = 1;
    }
  };
}
