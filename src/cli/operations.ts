// What the CLI's data commands can do, reached one of two ways: directly on the database, or through a
// running server's admin API when that server holds the embedded database (only one process may open
// it). Both sides return the same results, so a command never knows which one it used.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { resolve } from "node:path";
import { collectionSummaries } from "#admin/browse.ts";
import { type CompanyView, createCompany, listCompanies, renameCompany } from "#admin/companies.ts";
import { type JobHistoryPage, jobHistory } from "#admin/jobs.ts";
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from "#admin/keys.ts";
import type { ApiErrorCode } from "#api/problem.ts";
import { readServerLock, type ServerLock } from "#app/server-lock.ts";
import type { Config } from "#config/index.ts";
import { type Failure, ok, type Result } from "#domain/result.ts";
import {
  type ConnectionView,
  createConnection,
  editConnection,
  getConnection,
  removeConnection,
} from "#edi/connections.ts";
import type { EdiContext } from "#edi/context.ts";
import { type PollReport, poll } from "#edi/inbound/poll.ts";
import { listMessages, type MessageDetail, type MessageView, rejectMessage } from "#edi/messages.ts";
import { createPartner, editPartner, type PartnerView, removePartner } from "#edi/partners.ts";
import { type ImportProgress, type ImportReport, importCsv } from "#host/import.ts";
import { loadSecretKey } from "#secrets/key.ts";
import { type Database, embeddedDataState, migrate, openDatabase } from "#store/index.ts";
import { fail } from "./cli.ts";

/** Either way, a command sees the codes the HTTP API answers with (a service's codes are among them). */
type Outcome<T> = Result<T, ApiErrorCode>;

export interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
}

export interface Operations {
  /** "server" when going through a running server's API; "database" when on the database itself. */
  via: "server" | "database";
  /** Where: the server's URL, or the database location. */
  where: string;
  createCompany(name: string): Promise<Outcome<CompanyView>>;
  renameCompany(id: string, name: string): Promise<Outcome<CompanyView>>;
  /** Ends a sign-in lockout; null when no server runs, since only a running server counts attempts. */
  unlockUser(username: string): Promise<Outcome<{ username: string; cleared: number } | null>>;
  listCompanies(): Promise<CompanyView[]>;
  createKey(companyId: string): Promise<Outcome<CreatedKey>>;
  listKeys(companyId: string): Promise<Outcome<ApiKeyView[]>>;
  revokeKey(id: string): Promise<Outcome<ApiKeyView>>;
  importCsv(input: {
    companyId: string;
    collection: string;
    file: string;
    dryRun: boolean;
    onProgress?: (p: ImportProgress) => void;
  }): Promise<Outcome<ImportReport>>;
  collections(companyId: string): Promise<Outcome<{ name: string; label: string; count: number }[]>>;
  /** The latest jobs, a bulk request's or an import's as one entry. */
  jobs(input: { companyId?: string | undefined; limit: number }): Promise<JobHistoryPage>;
  edi: EdiOperations;
  close(): Promise<void>;
}

/** The `ledgerlink edi` data commands: bodies as the admin API takes them. */
export interface EdiOperations {
  createConnection(companyId: string, body: unknown): Promise<Outcome<ConnectionView>>;
  getConnection(companyId: string, connection: string): Promise<Outcome<ConnectionView>>;
  editConnection(companyId: string, connection: string, body: unknown): Promise<Outcome<ConnectionView>>;
  deleteConnection(companyId: string, connection: string): Promise<Outcome<unknown>>;
  createPartner(companyId: string, body: unknown): Promise<Outcome<PartnerView>>;
  editPartner(companyId: string, partner: string, body: unknown): Promise<Outcome<PartnerView>>;
  deletePartner(companyId: string, partner: string): Promise<Outcome<unknown>>;
  rejectMessage(
    companyId: string,
    messageId: string,
    reason: string | undefined,
  ): Promise<Outcome<MessageDetail>>;
  poll(companyId: string, connection?: string): Promise<Outcome<PollReport[]>>;
  messages(
    companyId: string,
    query: { partner?: string | undefined; limit: number },
  ): Promise<Outcome<{ items: MessageView[] }>>;
}

/**
 * Opens whichever way the data is reachable. A command that only reads (`readOnly`) stops with a
 * message when the embedded data folder is missing or holds no database, rather than creating an
 * empty one wherever it was run.
 */
export async function openOperations(
  config: Config,
  options: { readOnly?: boolean } = {},
): Promise<Operations> {
  if (options.readOnly && !config.databaseUrl) {
    const dir = resolve(config.dataDir);
    const state = embeddedDataState(dir);
    const where =
      "Run the command where the data is, or name its folder with --data (or LEDGERLINK_DATA_DIR).";
    if (state === "missing") fail(`There is no Ledgerlink data folder at ${dir}: nothing to read. ${where}`);
    if (state === "empty") fail(`${dir} holds no Ledgerlink database: nothing to read. ${where}`);
  }
  const lock = config.databaseUrl ? undefined : readServerLock(config.dataDir);
  if (lock && lock.database === "embedded" && (await answers(lock))) return serverOperations(lock);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return databaseOperations(db, () => loadSecretKey(config));
}

async function answers(lock: ServerLock): Promise<boolean> {
  try {
    const response = await fetch(new URL("/api/health", lock.url), { signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** `secretKey` opens sealed transport secrets; read only by the EDI commands that need it. */
export function databaseOperations(db: Database, secretKey?: () => Buffer): Operations {
  let key: Buffer | undefined;
  const edi: EdiContext = {
    db,
    secretKey: () => {
      if (!secretKey) throw new Error("no secret key is configured for this database");
      key ??= secretKey();
      return key;
    },
  };
  return {
    via: "database",
    where: db.location,
    createCompany: (name) => createCompany(db, { name }),
    renameCompany: (id, name) => renameCompany(db, { id, name }),
    // No server runs, so nothing counts sign-in attempts: there is no lockout to clear.
    unlockUser: async () => ok(null),
    listCompanies: () => listCompanies(db),
    createKey: async (companyId) => {
      const r = await createApiKey(db, { companyId });
      return r.ok ? ok({ id: r.value.id, key: r.value.key, prefix: r.value.prefix }) : r;
    },
    listKeys: (companyId) => listApiKeys(db, companyId),
    revokeKey: (id) => revokeApiKey(db, id),
    importCsv: (input) =>
      importCsv(db, {
        companyId: input.companyId,
        collection: input.collection,
        input: createReadStream(input.file),
        totalBytes: statSync(input.file).size,
        dryRun: input.dryRun,
        onProgress: input.onProgress,
      }),
    collections: (companyId) => collectionSummaries(db, companyId),
    jobs: async (input) => {
      const r = await jobHistory(db, { ...input, grouped: true });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    edi: {
      createConnection: (companyId, body) => createConnection(edi, { companyId, body }),
      getConnection: (companyId, connection) => getConnection(edi, { companyId, connection }),
      editConnection: (companyId, connection, body) => editConnection(edi, { companyId, connection, body }),
      deleteConnection: (companyId, connection) => removeConnection(edi, { companyId, connection }),
      createPartner: (companyId, body) => createPartner(edi, { companyId, body }),
      editPartner: (companyId, partner, body) => editPartner(edi, { companyId, partner, body }),
      deletePartner: (companyId, partner) => removePartner(edi, { companyId, partner }),
      rejectMessage: (companyId, messageId, reason) => rejectMessage(edi, { companyId, messageId, reason }),
      poll: (companyId, connection) => poll(edi, { companyId, connection }),
      messages: (companyId, q) => listMessages(edi, { companyId, partner: q.partner, limit: q.limit }),
    },
    close: () => db.close(),
  };
}

interface Problem {
  code?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

function problemToError(status: number, body: unknown): Failure<ApiErrorCode> {
  const p = (body ?? {}) as Problem;
  return {
    code: (p.code ?? "invalid_request") as ApiErrorCode,
    message: p.detail ?? `The server answered HTTP ${status}.`,
    ...(p.errors ? { issues: p.errors } : {}),
  };
}

function ediPath(companyId: string): string {
  return `/api/admin/companies/${encodeURIComponent(companyId)}/edi`;
}

export function serverOperations(lock: ServerLock): Operations {
  const headers = { authorization: `Bearer ${lock.token}` };

  async function call<T>(method: string, path: string, body?: unknown): Promise<Outcome<T>> {
    const response = await fetch(new URL(path, lock.url), {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) return { ok: false, error: problemToError(response.status, parsed) };
    return ok(parsed as T);
  }

  async function must<T>(r: Promise<Outcome<T>>): Promise<T> {
    const result = await r;
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  return {
    via: "server",
    where: lock.url,
    createCompany: (name) => call<CompanyView>("POST", "/api/admin/companies", { name }),
    renameCompany: (id, name) =>
      call<CompanyView>("PATCH", `/api/admin/companies/${encodeURIComponent(id)}`, { name }),
    unlockUser: (username) =>
      call<{ username: string; cleared: number }>(
        "POST",
        `/api/admin/users/${encodeURIComponent(username)}/unlock`,
      ),
    listCompanies: async () =>
      (await must(call<{ items: CompanyView[] }>("GET", "/api/admin/companies"))).items,
    createKey: (companyId) =>
      call<CreatedKey>("POST", `/api/admin/companies/${encodeURIComponent(companyId)}/keys`),
    listKeys: async (companyId) => {
      const r = await call<{ items: ApiKeyView[] }>(
        "GET",
        `/api/admin/companies/${encodeURIComponent(companyId)}/keys`,
      );
      return r.ok ? ok(r.value.items) : r;
    },
    revokeKey: (id) => call<ApiKeyView>("POST", `/api/admin/keys/${encodeURIComponent(id)}/revoke`),
    importCsv: (input) => uploadCsv(lock, input),
    collections: async (companyId) => {
      const r = await call<{ items: { name: string; label: string; count: number }[] }>(
        "GET",
        `/api/admin/companies/${encodeURIComponent(companyId)}/collections`,
      );
      return r.ok ? ok(r.value.items) : r;
    },
    jobs: (input) => {
      const q = new URLSearchParams({ limit: String(input.limit), group: "true" });
      if (input.companyId) q.set("companyId", input.companyId);
      return must(call<JobHistoryPage>("GET", `/api/admin/jobs?${q}`));
    },
    edi: {
      createConnection: (companyId, body) =>
        call<ConnectionView>(
          "POST",
          `/api/admin/companies/${encodeURIComponent(companyId)}/edi/connections`,
          body,
        ),
      getConnection: (companyId, connection) =>
        call<ConnectionView>("GET", `${ediPath(companyId)}/connections/${encodeURIComponent(connection)}`),
      editConnection: (companyId, connection, body) =>
        call<ConnectionView>(
          "PATCH",
          `${ediPath(companyId)}/connections/${encodeURIComponent(connection)}`,
          body,
        ),
      deleteConnection: (companyId, connection) =>
        call("DELETE", `${ediPath(companyId)}/connections/${encodeURIComponent(connection)}`),
      createPartner: (companyId, body) =>
        call<PartnerView>("POST", `/api/admin/companies/${encodeURIComponent(companyId)}/edi/partners`, body),
      editPartner: (companyId, partner, body) =>
        call<PartnerView>("PATCH", `${ediPath(companyId)}/partners/${encodeURIComponent(partner)}`, body),
      deletePartner: (companyId, partner) =>
        call("DELETE", `${ediPath(companyId)}/partners/${encodeURIComponent(partner)}`),
      rejectMessage: (companyId, messageId, reason) =>
        call<MessageDetail>(
          "POST",
          `${ediPath(companyId)}/messages/${encodeURIComponent(messageId)}/reject`,
          reason === undefined ? {} : { reason },
        ),
      poll: async (companyId, connection) => {
        const r = await call<{ connections: PollReport[] }>(
          "POST",
          `/api/admin/companies/${encodeURIComponent(companyId)}/edi/poll`,
          connection ? { connection } : {},
        );
        return r.ok ? ok(r.value.connections) : r;
      },
      messages: (companyId, q) => {
        const query = new URLSearchParams({ limit: String(q.limit) });
        if (q.partner) query.set("partner", q.partner);
        return call<{ items: MessageView[] }>(
          "GET",
          `/api/admin/companies/${encodeURIComponent(companyId)}/edi/messages?${query}`,
        );
      },
    },
    close: async () => {},
  };
}

/**
 * Streams the file to the server in chunks so the CLI can show upload progress on large files, and asks
 * for the import's answer line by line (application/x-ndjson), so rows and errors show as they are read.
 */
function uploadCsv(
  lock: ServerLock,
  input: Parameters<Operations["importCsv"]>[0],
): Promise<Outcome<ImportReport>> {
  const file = readFileSync(input.file);
  const url = new URL(
    `/api/admin/companies/${encodeURIComponent(input.companyId)}/import/${encodeURIComponent(input.collection)}?dryRun=${input.dryRun}`,
    lock.url,
  );
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${lock.token}`,
          accept: "application/x-ndjson, application/problem+json",
          "content-type": "text/csv",
          "content-length": String(file.byteLength),
        },
      },
      (res) => {
        if ((res.headers["content-type"] ?? "").startsWith("application/x-ndjson")) {
          readProgressLines(res, input.onProgress).then(resolve, reject);
          return;
        }
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const status = res.statusCode ?? 500;
          resolve(
            status < 400 ? ok(body as ImportReport) : { ok: false, error: problemToError(status, body) },
          );
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    const chunk = 256 * 1024;
    let sent = 0;
    const writeNext = () => {
      while (sent < file.byteLength) {
        const end = Math.min(sent + chunk, file.byteLength);
        const more = req.write(file.subarray(sent, end));
        sent = end;
        if (!more) {
          req.once("drain", writeNext);
          return;
        }
      }
      req.end();
    };
    writeNext();
  });
}

/** The lines of an import answered as it goes: progress to `onProgress`, then the report or the problem. */
async function readProgressLines(
  res: AsyncIterable<Buffer>,
  onProgress: ((p: ImportProgress) => void) | undefined,
): Promise<Outcome<ImportReport>> {
  let pending = "";
  for await (const chunk of res) {
    pending += chunk.toString("utf8");
    let end = pending.indexOf("\n");
    while (end !== -1) {
      const line = JSON.parse(pending.slice(0, end)) as {
        progress?: ImportProgress;
        report?: ImportReport;
        problem?: { code: string; detail: string };
      };
      pending = pending.slice(end + 1);
      if (line.progress) onProgress?.(line.progress);
      if (line.report) return ok(line.report);
      if (line.problem) return { ok: false, error: problemToError(500, line.problem) };
      end = pending.indexOf("\n");
    }
  }
  return {
    ok: false,
    error: problemToError(502, {
      code: "internal_error",
      detail: "The server ended the import without a report.",
    }),
  };
}
