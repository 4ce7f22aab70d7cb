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

/** Query parameters that may carry a credential; their values never reach a log line. */
const CREDENTIAL_PARAMS = /^(api[_-]?key|key|token|access[_-]?token|password|secret|code|state)$/i;

/** The request URL with the value of any credential-like query parameter replaced. */
export function redactUrlQuery(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const parts = url
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {}
      return eq >= 0 && CREDENTIAL_PARAMS.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${parts.join("&")}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const opts = {
    level: options.level ?? "info",
    redact: { paths: [...new Set(redactedPaths)], censor: "[redacted]" },
    base: { pid: process.pid },
    serializers: {
      // Fastify's own request serializer, with credentials in the query string censored.
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: typeof req.url === "string" ? redactUrlQuery(req.url) : req.url,
        version: req.headers?.["accept-version"],
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
  return options.destination ? pino(opts, options.destination as pino.DestinationStream) : pino(opts);
}
