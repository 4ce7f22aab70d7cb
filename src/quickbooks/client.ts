// The QuickBooks Online data API client. It knows HTTP, Intuit's URL shapes, faults and retries; what
// it needs from the rest of the product comes in through interfaces, so it reads no tables itself:
// - an AccessTokenSource gives the current access token (refreshed by whoever owns the connection);
// - a RequestBudget admits each request under the realm's limits, shared by every process.
import { backoffDelay } from "#jobs/backoff.ts";
import { type Classification, classifyFault, describeFault, type Fault, parseFault } from "./faults.ts";
import { requestIdFor, type WriteIdentity } from "./request-id.ts";

/**
 * Intuit's per-company limits as a request budget admits them: 500 requests a minute, counted over 61
 * seconds (a second of margin for the network and for clocks), and 10 at once.
 */
export const QUICKBOOKS_LIMITS = { perWindow: 500, windowMs: 61_000, concurrent: 10 } as const;

/** The most objects of one entity a CDC answer carries (FACTS.md §1.6). */
export const CDC_MAX_OBJECTS = 1000;

/** Minor version 75 is the lowest Intuit serves since August 2025 (FACTS.md §1.7). */
export const MINOR_VERSION = 75;

export interface AccessTokenSource {
  /** A valid access token; `forceRefresh` after QuickBooks refused the last one. */
  accessToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/** One admitted request: released when its answer has been read (or it failed). */
export interface BudgetLease {
  release(): Promise<void>;
}

/**
 * Admits requests to one realm within QuickBooks' limits (500 a minute, 10 at once). `acquire` waits
 * until the request may go; every process sharing a database must share one budget.
 */
export interface RequestBudget {
  acquire(realmId: string): Promise<BudgetLease>;
}

/** Structured logs: what was asked and answered, never a token, a body or a query's text. */
export interface ClientLogger {
  debug(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

export interface QuickBooksClientOptions {
  /** `https://quickbooks.api.intuit.com`, the sandbox's, or an emulator's origin. */
  baseUrl: string;
  realmId: string;
  tokens: AccessTokenSource;
  budget?: RequestBudget;
  /** Per request, answer included. Intuit gives up on a request after 120 s. */
  timeoutMs?: number;
  /** Attempts for a retryable failure (throttle, 5xx, timeout, network). */
  maxAttempts?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  logger?: ClientLogger;
  fetch?: typeof fetch;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A request QuickBooks refused, or could not be reached for; `kind` says what can be done. */
export class QuickBooksError extends Error {
  readonly kind: Classification["kind"];
  readonly code: string;
  constructor(
    message: string,
    readonly classification: Classification,
    readonly fault?: Fault,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "QuickBooksError";
    this.kind = classification.kind;
    this.code = classification.code;
  }

  get retryable(): boolean {
    return this.kind === "retryable";
  }
}

type Json = Record<string, unknown>;
/** The record and push generation a write's requestid is derived from. */
type WriteOf = Omit<WriteIdentity, "operation" | "realmId">;
type ObjectRef = { Id: string; SyncToken: string };

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as `?requestid=` so that QuickBooks answers a repeat with the first answer. */
  requestId?: string;
}

const entityPath = (entity: string) => entity.toLowerCase();

export class QuickBooksClient {
  readonly realmId: string;
  private readonly options: QuickBooksClientOptions;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: QuickBooksClientOptions) {
    this.options = options;
    this.realmId = options.realmId;
    this.doFetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** GET /{entity}/{id}: the object as QuickBooks holds it now. */
  async read(entity: string, id: string): Promise<Json> {
    const body = await this.request("GET", `${entityPath(entity)}/${encodeURIComponent(id)}`);
    return entityOf(body, entity);
  }

  /** A query in Intuit's language; the rows of the one entity it names (empty when none). */
  async query(statement: string): Promise<Json[]> {
    return (await this.queryAnswer(statement)).rows;
  }

  /** A query's rows with QuickBooks' time of the answer (`time`, its own clock). */
  async queryAnswer(statement: string): Promise<{ rows: Json[]; time: string | undefined }> {
    const body = await this.request("GET", "query", { query: { query: statement } });
    const response = (body.QueryResponse ?? {}) as Json;
    const rows = Object.entries(response).find(([, value]) => Array.isArray(value));
    return {
      rows: (rows?.[1] as Json[] | undefined) ?? [],
      time: typeof body.time === "string" ? body.time : undefined,
    };
  }

  /**
   * Change data capture (`/cdc`): the objects of these entities changed since `changedSince` (at most
   * 30 days back), deleted ones as stubs with `status: "Deleted"`, and QuickBooks' time of the answer.
   * `truncated` names the entities that had more changes than one answer carries (1,000).
   */
  async changedSince(
    entities: readonly string[],
    changedSince: string,
  ): Promise<{ changed: Record<string, Json[]>; truncated: string[]; time: string | undefined }> {
    const body = await this.request("GET", "cdc", {
      query: { entities: entities.join(","), changedSince },
    });
    const changed: Record<string, Json[]> = {};
    const truncated: string[] = [];
    const answers = Array.isArray(body.CDCResponse) ? (body.CDCResponse as Json[]) : [];
    for (const answer of answers) {
      const parts = Array.isArray(answer.QueryResponse) ? (answer.QueryResponse as Json[]) : [];
      for (const part of parts) {
        for (const [entity, value] of Object.entries(part)) {
          if (!Array.isArray(value)) continue;
          changed[entity] = [...(changed[entity] ?? []), ...(value as Json[])];
          const total = Number(part.totalCount ?? value.length);
          if (total > value.length || value.length >= CDC_MAX_OBJECTS) truncated.push(entity);
        }
      }
    }
    return { changed, truncated, time: typeof body.time === "string" ? body.time : undefined };
  }

  async companyInfo(): Promise<Json> {
    return this.read("CompanyInfo", this.realmId);
  }

  async create(entity: string, object: Json, write: WriteOf): Promise<Json> {
    const requestId = requestIdFor({ ...write, realmId: this.realmId, operation: "create" });
    return entityOf(await this.request("POST", entityPath(entity), { body: object, requestId }), entity);
  }

  /**
   * An update carrying `Id` and `SyncToken`. On 5010 (someone changed the object since it was read)
   * the object is read again and the update retried once with the fresh SyncToken, under its own
   * requestid: the first one would only replay the 5010.
   */
  async update(entity: string, object: Json, write: WriteOf): Promise<Json> {
    const identity = { ...write, realmId: this.realmId, operation: "update" };
    try {
      const body = await this.request("POST", entityPath(entity), {
        body: object,
        requestId: requestIdFor(identity),
      });
      return entityOf(body, entity);
    } catch (error) {
      if (!(error instanceof QuickBooksError) || error.kind !== "stale") throw error;
      const current = await this.read(entity, String(object.Id));
      this.options.logger?.debug(
        { realmId: this.realmId, entity, id: object.Id },
        "QuickBooks had a newer version (5010); retrying the update once with its SyncToken",
      );
      const body = await this.request("POST", entityPath(entity), {
        body: { ...object, SyncToken: current.SyncToken },
        requestId: requestIdFor({ ...identity, step: `reread:${String(current.SyncToken)}` }),
      });
      return entityOf(body, entity);
    }
  }

  /** Deletes a transaction (names are made inactive with an update instead). */
  async delete(entity: string, ref: ObjectRef, write: WriteOf): Promise<Json> {
    return this.operation("delete", entity, ref, write);
  }

  /** Voids an invoice, sales receipt, payment or bill payment. */
  async void(entity: string, ref: ObjectRef, write: WriteOf): Promise<Json> {
    return this.operation("void", entity, ref, write);
  }

  private async operation(operation: "delete" | "void", entity: string, ref: ObjectRef, write: WriteOf) {
    const requestId = requestIdFor({ ...write, realmId: this.realmId, operation });
    const body = await this.request("POST", entityPath(entity), {
      query: { operation },
      body: ref,
      requestId,
    });
    return entityOf(body, entity);
  }

  /**
   * One request below /v3/company/{realmId}/, within the realm's budget, retried on throttles, server
   * errors, timeouts and lost connections with exponential backoff and jitter, and once with a
   * refreshed token after a 401. A POST without a requestid is refused: a retried write must be
   * idempotent.
   */
  async request(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<Json> {
    if (method === "POST" && !options.requestId && !path.startsWith("query")) {
      throw new Error(`a write to QuickBooks (${path}) needs a requestid`);
    }
    const maxAttempts = this.options.maxAttempts ?? 6;
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const url = new URL(`/v3/company/${encodeURIComponent(this.realmId)}/${path}`, this.options.baseUrl);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    if (options.requestId) url.searchParams.set("requestid", options.requestId);
    url.searchParams.set("minorversion", String(MINOR_VERSION));
    const logPath = `${method} ${path}`;

    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.accessToken();
      const lease = await this.options.budget?.acquire(this.realmId);
      const started = Date.now();
      let status = 0;
      let text = "";
      let tid: string | null = null;
      let failure: QuickBooksError | undefined;
      try {
        const response = await this.doFetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        tid = response.headers.get("intuit_tid");
        text = await response.text();
      } catch (error) {
        status = 0;
        const timedOut = (error as Error).name === "TimeoutError";
        failure = new QuickBooksError(
          timedOut
            ? `QuickBooks did not answer ${logPath} within ${timeoutMs} ms`
            : `QuickBooks could not be reached (${(error as Error).message})`,
          { kind: "retryable", code: timedOut ? "timeout" : "network" },
          undefined,
          { cause: error },
        );
      } finally {
        await lease?.release();
      }
      const ms = Date.now() - started;
      if (status !== 0) {
        const fault = parseFault(status, text);
        if (!fault) {
          this.options.logger?.debug(
            { realmId: this.realmId, request: logPath, status, ms, intuitTid: tid },
            "QuickBooks answered",
          );
          try {
            return text ? (JSON.parse(text) as Json) : {};
          } catch (error) {
            throw new QuickBooksError(
              `QuickBooks answered ${logPath} with a body that is not JSON`,
              { kind: "defect", code: "not_json" },
              undefined,
              { cause: error },
            );
          }
        }
        const classification = classifyFault(fault);
        failure = new QuickBooksError(describeFault(fault), classification, fault);
      }
      const error =
        failure ??
        new QuickBooksError(`QuickBooks answered ${logPath} with HTTP ${status}`, {
          kind: "defect",
          code: String(status),
        });
      this.options.logger?.warn(
        {
          realmId: this.realmId,
          request: logPath,
          status,
          ms,
          intuitTid: tid,
          code: error.code,
          kind: error.kind,
          attempt,
        },
        "QuickBooks request failed",
      );
      if (error.kind === "unauthorized" && !refreshed) {
        refreshed = true;
        await this.options.tokens.accessToken({ forceRefresh: true });
        continue;
      }
      if (error.kind === "retryable" && attempt < maxAttempts) {
        await this.sleep(
          backoffDelay(attempt, { baseMs: 500, maxMs: 30_000, ...this.options.backoff }, this.options.random),
        );
        continue;
      }
      throw error;
    }
  }
}

function entityOf(body: Json, entity: string): Json {
  const key = Object.keys(body).find((k) => k.toLowerCase() === entity.toLowerCase());
  const value = key ? body[key] : undefined;
  if (typeof value !== "object" || value === null) {
    throw new QuickBooksError(`QuickBooks answered without the ${entity} object`, {
      kind: "defect",
      code: "no_entity",
    });
  }
  return value as Json;
}
