// The transport around the data API, in the order Intuit's gateway applies it: bearer-token check
// (401, 403 without the accounting scope), throttles per company and app (429, XML), injected faults
// and latency, `requestid` replay, then the resource itself. Every request lands in the request log.
//
// The data API is served on node:http directly rather than through Fastify's router: it is the hot
// path of every test and benchmark, it needs raw bodies anyway (Intuit's faults for bad JSON, POSTed
// query text), and dropping a connection on purpose is simpler on the raw socket. OAuth and the
// control API stay on Fastify.

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import {
  authFaultBody,
  fault,
  faultBody,
  insufficientScopeBody,
  serverErrorXml,
  throttleXml,
  wrongRealmXml,
} from "../faults.ts";
import type { LoggedRequest } from "../request-log.ts";
import type { EmulatorState } from "../state.ts";
import { answerToXml, hasXmlForm, requestFromXml, XmlBodyError } from "../xml/codec.ts";
import { handleData } from "./resources.ts";

/** The QBO-Version header Intuit sends; clients log it, none depend on its value. */
const QBO_VERSION = "1.0.emulator";
const JSON_TYPE = "application/json;charset=UTF-8";
const XML_TYPE = "application/xml;charset=UTF-8";

/**
 * A data API answer in the client's format: Intuit answers XML unless the Accept header asks for JSON
 * (PHP SDK #127). The tax service answers JSON here either way.
 */
function encode(req: IncomingMessage, body: Record<string, unknown>): [string, string] {
  const accept = req.headers.accept;
  if (accept?.includes("json") || !hasXmlForm(body)) {
    return [JSON_TYPE, JSON.stringify(body)];
  }
  return [XML_TYPE, answerToXml(body)];
}
const PREFIX = "/v3/company/";
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const NO_INCLUDE: ReadonlySet<string> = new Set();

/** Longest requestid Intuit accepts: 50 characters, 36 on a batch request. */
const MAX_REQUEST_ID = 50;
const MAX_BATCH_REQUEST_ID = 36;

function chance(p: number | undefined): boolean {
  return typeof p === "number" && p > 0 && Math.random() < p;
}

function latency(range: number | [number, number] | undefined): number {
  if (typeof range === "number") return Math.max(0, range);
  if (Array.isArray(range)) {
    const [lo, hi] = range;
    return Math.max(0, lo + Math.random() * Math.max(0, hi - lo));
  }
  return 0;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function firstFaultCode(body: Record<string, unknown>): string | undefined {
  const f = body.Fault as { Error?: { code?: string }[] } | undefined;
  return f?.Error?.[0]?.code;
}

export interface DataApi {
  /** Serves a request if it is for the data API; false leaves it to the rest of the server. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends injected timeouts still hanging, so the server can close at once. */
  abortPending(): void;
}

/**
 * One data request on its way through the transport: what the request log needs, and the answer.
 * A class rather than per-request closures, because this is the hot path of every benchmark.
 */
class Exchange {
  readonly started: number;
  readonly startedHr = performance.now();
  readonly tid = randomUUID();
  clientId: string | undefined;

  constructor(
    readonly state: EmulatorState,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly method: string,
    readonly realmId: string,
    readonly requestId: string | undefined,
  ) {
    this.started = state.now();
  }

  log(status: number, faultCode?: string, note?: string): void {
    const entry: LoggedRequest = {
      at: this.started,
      method: this.method,
      url: this.req.url ?? "",
      realmId: this.realmId,
      status,
      durationMs: Math.round((performance.now() - this.startedHr) * 10) / 10,
      intuitTid: this.tid,
    };
    if (this.clientId) entry.clientId = this.clientId;
    if (this.requestId) entry.requestId = this.requestId;
    if (faultCode) entry.faultCode = faultCode;
    if (note) entry.note = note;
    this.state.requests.add(entry);
  }

  send(status: number, type: string, body: string, challenge?: string): void {
    const headers: Record<string, string | number> = {
      "content-type": type,
      "content-length": Buffer.byteLength(body),
      intuit_tid: this.tid,
      "QBO-Version": QBO_VERSION,
    };
    if (challenge) headers["www-authenticate"] = challenge;
    this.res.writeHead(status, headers);
    this.res.end(body);
  }

  /** Intuit's gateway throttle: HTTP 429 with an XML fault, whatever the client asked for. */
  throttled(note: string): void {
    this.log(429, "3001", note);
    this.send(429, XML_TYPE, throttleXml(this.state.now()));
  }
}

/** The query string as a plain record; most requests carry only `minorversion`. */
function parseQuery(search: string): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  if (search === "") return query;
  for (const [key, value] of new URLSearchParams(search)) query[key] = value;
  return query;
}

export function createDataApi(state: EmulatorState): DataApi {
  const pending = new Set<AbortController>();

  async function serve(req: IncomingMessage, res: ServerResponse, path: string, search: string) {
    const slash = path.indexOf("/", PREFIX.length);
    const realmId = decodeURIComponent(path.slice(PREFIX.length, slash < 0 ? undefined : slash));
    const rest = slash < 0 ? "" : path.slice(slash + 1);
    const query = parseQuery(search);
    const method = req.method ?? "GET";
    const x = new Exchange(state, req, res, method, realmId, method === "POST" ? query.requestid : undefined);
    const requestId = x.requestId;

    const auth = state.oauth.verifyAccessToken(req.headers.authorization, realmId);
    const company = state.company(realmId);
    if (!auth.ok && auth.failure === "wrong_realm") {
      x.log(401, "100", auth.reason);
      x.send(401, XML_TYPE, wrongRealmXml(state.now()));
      return;
    }
    if (!auth.ok && auth.failure === "scope") {
      x.log(403, "3100", auth.reason);
      x.send(403, JSON_TYPE, JSON.stringify(insufficientScopeBody(state.now())));
      return;
    }
    if (!auth.ok || !company) {
      x.log(401, "3200", auth.ok ? "no such company" : auth.reason);
      x.send(
        401,
        JSON_TYPE,
        JSON.stringify(authFaultBody(state.now())),
        'Bearer realm="Intuit", error="invalid_token"',
      );
      return;
    }
    x.clientId = auth.clientId;
    const limitKey = `${realmId}|${auth.clientId}`;
    const isBatch = rest.toLowerCase() === "batch";
    const admission = state.limiter.admit(limitKey, state.now(), state.limits, isBatch);
    if (admission !== "ok") {
      x.throttled(`throttled:${admission}`);
      return;
    }
    try {
      // Read after admission: a request still uploading its body is already in flight.
      const text = method === "POST" ? await readBody(req) : "";
      if (text === undefined) {
        x.log(413, undefined, "body too large");
        x.send(413, "text/html", "<html><body><h1>413 Request Entity Too Large</h1></body></html>");
        return;
      }
      const faults = state.faults;
      const delay = latency(faults.latencyMs);
      if (delay > 0) await sleep(delay);
      if (chance(faults.throttle)) {
        x.throttled("injected:throttle");
        return;
      }
      if (chance(faults.serverError)) {
        x.log(500, "3100", "injected:serverError");
        x.send(500, XML_TYPE, serverErrorXml(state.now()));
        return;
      }
      if (chance(faults.timeout)) {
        x.log(0, undefined, "injected:timeout");
        const abort = new AbortController();
        pending.add(abort);
        await sleep(faults.timeoutMs ?? 5000, undefined, { signal: abort.signal }).catch(() => {});
        pending.delete(abort);
        req.socket.destroy();
        return;
      }

      if (requestId !== undefined) {
        const max = isBatch ? MAX_BATCH_REQUEST_ID : MAX_REQUEST_ID;
        if (requestId.length > max) {
          x.log(400, "6000");
          const [type, answer] = encode(req, faultBody(fault.requestIdTooLong(requestId, max), state.now()));
          x.send(400, type, answer);
          return;
        }
        const cached = company.rememberedResponse(requestId);
        if (cached) {
          x.log(cached.status, undefined, "replayed");
          x.send(cached.status, cached.contentType, cached.body);
          return;
        }
      }

      // XML request bodies (entities, batch) are read into the JSON the resources work on.
      let body = text;
      if (method === "POST" && /xml/i.test(String(req.headers["content-type"] ?? "")) && text.trim() !== "") {
        try {
          body = JSON.stringify(requestFromXml(text));
        } catch (e) {
          if (!(e instanceof XmlBodyError)) throw e;
          x.log(400, "2010", "unreadable XML");
          const [type, answer] = encode(req, faultBody(fault.invalidProperty(e.message), state.now()));
          x.send(400, type, answer);
          return;
        }
      }
      const include = query.include
        ? new Set(query.include.toLowerCase().split(",").filter(Boolean))
        : NO_INCLUDE;
      const ctx = state.context(company, include);
      const response = handleData(ctx, { method, rest, query, body, url: req.url ?? "" });
      const [contentType, answer] = encode(req, response.body);
      if (requestId !== undefined) {
        company.rememberResponse(requestId, { status: response.status, body: answer, contentType });
      }
      state.publish(realmId, ctx.changes);
      if (ctx.changes.length > 0 && chance(faults.dropResponseAfterCommit)) {
        x.log(0, undefined, "injected:dropResponseAfterCommit");
        req.socket.destroy();
        return;
      }
      x.log(response.status, response.status >= 400 ? firstFaultCode(response.body) : undefined);
      x.send(response.status, contentType, answer);
    } finally {
      state.limiter.release(limitKey);
    }
  }

  return {
    handle(req, res) {
      const url = req.url ?? "";
      if (!url.startsWith(PREFIX)) return false;
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      const method = req.method ?? "";
      if ((method !== "GET" && method !== "POST") || path.length <= PREFIX.length) return false;
      serve(req, res, path, q < 0 ? "" : url.slice(q + 1)).catch((e: unknown) => {
        // A bug, not a client error: answer as Intuit's SystemFault rather than hang the client.
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const body = JSON.stringify(faultBody(fault.systemFailure(String(e)), state.now()));
        res.writeHead(500, { "content-type": JSON_TYPE }).end(body);
      });
      return true;
    },
    abortPending() {
      for (const abort of pending) abort.abort();
      pending.clear();
    },
  };
}
