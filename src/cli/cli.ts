// Shared by the CLI commands: configuration from flags and environment, a logger, and how failures are
// printed (a message that says what happened and what to do, never a stack trace for expected cases).
import type { Command } from "commander";
import type { Logger } from "pino";
import type { ApiErrorCode } from "#api/problem.ts";
import { createLogger } from "#app/logger.ts";
import { type Config, type ConfigFlags, loadConfig } from "#config/index.ts";
import type { Failure } from "#domain/result.ts";

/**
 * Where commands write. The process's own streams, replaceable as a whole so a test can run commands
 * in its own process and read what they printed.
 */
export const terminal: {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
} = {
  stdout: process.stdout,
  stderr: process.stderr,
};

/** Writes a command's output (its results: what scripts read). */
export function print(text: string): void {
  terminal.stdout.write(text);
}

/** Writes a message for the person at the terminal (errors, progress). */
export function printError(text: string): void {
  terminal.stderr.write(text);
}

export interface CommonFlags {
  data?: string;
  port?: string;
  host?: string;
  databaseUrl?: string;
  logLevel?: string;
}

/**
 * Adds the options of every command that touches data: --data, --log-level and, unless the command
 * runs on the embedded database only (the demo), --database-url.
 */
export function withDataOption(command: Command, options: { databaseUrl?: boolean } = {}): Command {
  command
    .option("--data <dir>", "data folder of the embedded database (default ./data, or LEDGERLINK_DATA_DIR)")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent (or LOG_LEVEL)");
  if (options.databaseUrl ?? true)
    command.option("--database-url <url>", "postgres://… to use a PostgreSQL server (or DATABASE_URL)");
  return command;
}

/** The configuration from the environment and a command's flags; `defaults` are a command's own. */
export function configFrom(flags: CommonFlags, defaults: Pick<ConfigFlags, "defaultLogLevel"> = {}): Config {
  try {
    return loadConfig(undefined, {
      ...defaults,
      data: flags.data,
      port: flags.port,
      host: flags.host,
      databaseUrl: flags.databaseUrl,
      logLevel: flags.logLevel,
    });
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

/** What to do next, for the failures a command line can fix. */
const hints: Partial<Record<ApiErrorCode, string>> = {
  company_not_found: "See the companies and their ids with `ledgerlink company list`.",
  key_not_found: "See a company's keys and their ids with `ledgerlink key list --company ID`.",
};

export function describeError(error: Failure<ApiErrorCode>): string {
  const hint = hints[error.code];
  const lines = [`${error.message} (${error.code})`];
  for (const issue of error.issues ?? []) lines.push(`  ${issue.path || "(body)"}: ${issue.message}`);
  if (hint) lines.push(hint);
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
      printError(`${expected ? e.message : `ledgerlink: ${e.message}`}\n`);
      process.exitCode = 1;
    }
  };
}
