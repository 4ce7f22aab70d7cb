// Structured logs (pino). Credentials never reach a log line: request headers that carry them, and any
// field whose name says it is a secret, are censored wherever they appear.
import pino, { type Logger } from "pino";
import { REDACT_PATHS } from "#config/index.ts";

export const redactedPaths = [
  ...REDACT_PATHS,
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  "password",
  "token",
  "key",
  "secret",
  "secretKey",
  "apiKey",
  "csrfToken",
  "accessToken",
  "refreshToken",
  "clientSecret",
  "*.password",
  "*.token",
  "*.key",
  "*.secret",
  "*.secretKey",
  "*.apiKey",
  "*.csrfToken",
  "*.accessToken",
  "*.refreshToken",
  "*.clientSecret",
  "*.adminPassword",
  "*.demoApiKey",
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to inspect what would be logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const opts = {
    level: options.level ?? "info",
    redact: { paths: [...new Set(redactedPaths)], censor: "[redacted]" },
    base: { pid: process.pid },
  };
  return options.destination ? pino(opts, options.destination as pino.DestinationStream) : pino(opts);
}
