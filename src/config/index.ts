// Configuration, parsed once at start from the environment and command-line flags by one schema.
// Flags win over environment variables. Every problem is reported at once, naming the variable.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** postgres://… for a PostgreSQL server; absent for the embedded database under dataDir. */
  databaseUrl?: string | undefined;
  /** Absolute path of the data folder (embedded database, secret key file, server.json). */
  dataDir: string;
  port: number;
  host: string;
  /** 32-byte key for sealing secrets (AES-256-GCM). Never log it. */
  secretKey?: Buffer | undefined;
  adminPassword?: string | undefined;
  demoApiKey?: string | undefined;
  logLevel: LogLevel;
  /** Timeouts and connection limits of the HTTP server. */
  http: HttpLimits;
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
   * believed: the client's address and scheme come from them only when the connection comes from one
   * of these. Empty: the headers are ignored and the connection itself is the client.
   */
  trustedProxies?: string[] | undefined;
  /**
   * How long a worker's claim on a job lasts without renewal (renewed every third of it while the
   * job runs). A worker that dies holds its jobs this long before another worker takes them.
   */
  jobLeaseMs: number;
  /** How long the job workers retry a failing job after its first failure in a row. */
  jobRetryForMs?: number | undefined;
}

export const DEFAULT_JOB_LEASE_MS = 60_000;

/**
 * How long the HTTP server waits for a client, and how many it serves at once. A client that sends
 * slowly holds a connection (and on the embedded database, memory) for as long as it is let; these
 * bound that, so a few slow or idle clients cannot crowd out the rest.
 */
export interface HttpLimits {
  /** From connecting to the end of the request headers. */
  headersTimeoutMs: number;
  /** Longest pause between two pieces of a request body. */
  bodyTimeoutMs: number;
  /** From the first byte to the last byte of a request (headers and body together). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open for the next request. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  // A 64 MB CSV import takes about 90 s over 6 Mbit/s: 5 minutes leaves room for slower links.
  requestTimeoutMs: 300_000,
  // Longer than the 60 s idle timeout of common load balancers, so the balancer closes first and never
  // sends a request into a connection this server is closing.
  keepAliveTimeoutMs: 72_000,
  // Well under the usual limit of 1,024 open files, which the database files share.
  maxConnections: 500,
};

/** Flags as the CLI passes them (commander's option names). */
export interface ConfigFlags {
  data?: string | undefined;
  port?: string | number | undefined;
  host?: string | undefined;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
  /** The level when neither --log-level nor LOG_LEVEL names one; `info` unless a command says otherwise. */
  defaultLogLevel?: LogLevel | undefined;
}

export class ConfigError extends Error {
  readonly code = "invalid_config";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const milliseconds = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(1, "must be at least 1 (millisecond)")
      .max(3_600_000, "must be at most 3600000 (one hour)")
      .default(fallback),
  );

const schema = z.object({
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((s) => /^postgres(ql)?:\/\//.test(s), "must start with postgres:// or postgresql://")
      .refine((s) => URL.canParse(s), "is not a valid URL")
      .optional(),
  ),
  LEDGERLINK_DATA_DIR: z.preprocess(blankToUndefined, z.string().default("./data")),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must be between 0 and 65535")
      .max(65535, "must be between 0 and 65535")
      .default(3000),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default("127.0.0.1")),
  LEDGERLINK_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((s, ctx) => {
        const key = parseKey(s);
        if (!key) {
          ctx.addIssue({
            code: "custom",
            message:
              "must be 32 bytes written as 64 hex digits or base64 (create one with: openssl rand -base64 32)",
          });
          return z.NEVER;
        }
        return key;
      })
      .optional(),
  ),
  LEDGERLINK_ADMIN_PASSWORD: z.preprocess(
    blankToUndefined,
    z.string().min(8, "must be at least 8 characters").max(1024).optional(),
  ),
  LEDGERLINK_DEMO_API_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(20, "must be at least 20 characters")
      .max(200)
      .regex(/^[A-Za-z0-9._~-]+$/, "may contain only letters, digits and . _ ~ -")
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.toLowerCase()) : v),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  LEDGERLINK_HEADERS_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_LIMITS.headersTimeoutMs),
  LEDGERLINK_BODY_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_LIMITS.bodyTimeoutMs),
  LEDGERLINK_REQUEST_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_LIMITS.requestTimeoutMs),
  LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS: milliseconds(DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
  LEDGERLINK_MAX_CONNECTIONS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1_000_000, "must be at most 1000000")
      .default(DEFAULT_HTTP_LIMITS.maxConnections),
  ),
  LEDGERLINK_JOB_LEASE_MS: milliseconds(DEFAULT_JOB_LEASE_MS),
  LEDGERLINK_JOB_RETRY_HOURS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a number of hours" })
      .positive("must be more than 0")
      .max(24 * 30, "must be at most 720 (30 days)")
      .default(24),
  ),
  LEDGERLINK_TRUSTED_PROXY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((part) => part.trim())
          .filter((part) => part !== ""),
      )
      .refine((parts) => parts.every(isAddressOrRange), {
        message: "must be IP addresses or CIDR ranges separated by commas, like 10.0.0.5,192.168.0.0/16",
      })
      .default([]),
  ),
});

/** Where each setting can come from, for messages: the flag first when there is one. */
const SOURCES: Record<keyof z.input<typeof schema>, string> = {
  DATABASE_URL: "DATABASE_URL (or --database-url)",
  LEDGERLINK_DATA_DIR: "LEDGERLINK_DATA_DIR (or --data)",
  PORT: "PORT (or --port)",
  HOST: "HOST (or --host)",
  LEDGERLINK_SECRET_KEY: "LEDGERLINK_SECRET_KEY",
  LEDGERLINK_ADMIN_PASSWORD: "LEDGERLINK_ADMIN_PASSWORD",
  LEDGERLINK_DEMO_API_KEY: "LEDGERLINK_DEMO_API_KEY",
  LOG_LEVEL: "LOG_LEVEL or LEDGERLINK_LOG_LEVEL (or --log-level)",
  LEDGERLINK_HEADERS_TIMEOUT_MS: "LEDGERLINK_HEADERS_TIMEOUT_MS",
  LEDGERLINK_BODY_TIMEOUT_MS: "LEDGERLINK_BODY_TIMEOUT_MS",
  LEDGERLINK_REQUEST_TIMEOUT_MS: "LEDGERLINK_REQUEST_TIMEOUT_MS",
  LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS: "LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS",
  LEDGERLINK_MAX_CONNECTIONS: "LEDGERLINK_MAX_CONNECTIONS",
  LEDGERLINK_TRUSTED_PROXY: "LEDGERLINK_TRUSTED_PROXY",
  LEDGERLINK_JOB_LEASE_MS: "LEDGERLINK_JOB_LEASE_MS",
  LEDGERLINK_JOB_RETRY_HOURS: "LEDGERLINK_JOB_RETRY_HOURS",
};

/**
 * Reads the settings from the environment and the flags. This module is the only one that reads the
 * environment (a test holds every other module of the product to that).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const input = {
    DATABASE_URL: flags.databaseUrl ?? env.DATABASE_URL,
    LEDGERLINK_DATA_DIR: flags.data ?? env.LEDGERLINK_DATA_DIR,
    PORT: flags.port ?? env.PORT,
    HOST: flags.host ?? env.HOST,
    LEDGERLINK_SECRET_KEY: env.LEDGERLINK_SECRET_KEY,
    LEDGERLINK_ADMIN_PASSWORD: env.LEDGERLINK_ADMIN_PASSWORD,
    LEDGERLINK_DEMO_API_KEY: env.LEDGERLINK_DEMO_API_KEY,
    LOG_LEVEL: flags.logLevel ?? env.LOG_LEVEL ?? env.LEDGERLINK_LOG_LEVEL ?? flags.defaultLogLevel,
    LEDGERLINK_HEADERS_TIMEOUT_MS: env.LEDGERLINK_HEADERS_TIMEOUT_MS,
    LEDGERLINK_BODY_TIMEOUT_MS: env.LEDGERLINK_BODY_TIMEOUT_MS,
    LEDGERLINK_REQUEST_TIMEOUT_MS: env.LEDGERLINK_REQUEST_TIMEOUT_MS,
    LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS: env.LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS,
    LEDGERLINK_MAX_CONNECTIONS: env.LEDGERLINK_MAX_CONNECTIONS,
    LEDGERLINK_TRUSTED_PROXY: env.LEDGERLINK_TRUSTED_PROXY,
    LEDGERLINK_JOB_LEASE_MS: env.LEDGERLINK_JOB_LEASE_MS,
    LEDGERLINK_JOB_RETRY_HOURS: env.LEDGERLINK_JOB_RETRY_HOURS,
  };
  const parsed = schema
    // Node refuses a server whose headers may take longer than the whole request.
    .refine((v) => v.LEDGERLINK_HEADERS_TIMEOUT_MS <= v.LEDGERLINK_REQUEST_TIMEOUT_MS, {
      path: ["LEDGERLINK_HEADERS_TIMEOUT_MS"],
      message: "must not be longer than LEDGERLINK_REQUEST_TIMEOUT_MS",
    })
    .safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path[0] as keyof typeof SOURCES;
        // Secrets are never echoed back, even in an error.
        const shown =
          key && !/SECRET|PASSWORD|API_KEY|DATABASE_URL/.test(key) ? ` (got "${String(input[key])}")` : "";
        return `${SOURCES[key] ?? String(key)}: ${issue.message}${shown}`;
      }),
    );
  }
  const v = parsed.data;
  return {
    databaseUrl: v.DATABASE_URL,
    dataDir: resolve(v.LEDGERLINK_DATA_DIR),
    port: v.PORT,
    host: v.HOST,
    secretKey: v.LEDGERLINK_SECRET_KEY,
    adminPassword: v.LEDGERLINK_ADMIN_PASSWORD,
    demoApiKey: v.LEDGERLINK_DEMO_API_KEY,
    logLevel: v.LOG_LEVEL,
    http: {
      headersTimeoutMs: v.LEDGERLINK_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: v.LEDGERLINK_BODY_TIMEOUT_MS,
      requestTimeoutMs: v.LEDGERLINK_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: v.LEDGERLINK_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: v.LEDGERLINK_MAX_CONNECTIONS,
    },
    trustedProxies: v.LEDGERLINK_TRUSTED_PROXY,
    jobLeaseMs: v.LEDGERLINK_JOB_LEASE_MS,
    jobRetryForMs: Math.round(v.LEDGERLINK_JOB_RETRY_HOURS * 60 * 60 * 1000),
  };
}

/** "10.0.0.5", "::1", "192.168.0.0/16", "fd00::/8". */
function isAddressOrRange(text: string): boolean {
  const [address, bits, ...rest] = text.split("/");
  if (rest.length > 0 || address === undefined) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/** 64 hex digits or base64/base64url of exactly 32 bytes. */
export function parseKey(text: string): Buffer | undefined {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const key = Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === 32) return key;
  }
  return undefined;
}

/** The configuration as it may be logged or shown: secrets replaced by whether they are set. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    database: config.databaseUrl ? redactPassword(config.databaseUrl) : `embedded (${config.dataDir})`,
    dataDir: config.dataDir,
    port: config.port,
    host: config.host,
    secretKey: config.secretKey ? "set" : "not set",
    adminPassword: config.adminPassword ? "set" : "not set",
    demoApiKey: config.demoApiKey ? "set" : "not set",
    logLevel: config.logLevel,
    http: config.http,
    trustedProxies: config.trustedProxies,
  };
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/** Paths a structured logger must censor wherever they appear (pino's `redact`). */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "secretKey",
  "*.secretKey",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "clientSecret",
  "*.clientSecret",
  "apiKey",
  "*.apiKey",
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
];
