// The transport around the data API, in the order Intuit's gateway applies it: bearer-token check
// (401), throttles per company and app (429, XML), injected faults and latency, `requestid` replay,
// then the resource itself. Every request lands in the request log.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authFaultBody, fault, faultBody, serverErrorXml, throttleXml } from "../faults.ts";
import type { EmulatorState } from "../state.ts";
import type { CachedResponse } from "../store/company.ts";
import { handleData } from "./resources.ts";

/** The QBO-Version header Intuit sends; clients log it, none depend on its value. */
const QBO_VERSION = "1.0.emulator";
const JSON_TYPE = "application/json;charset=UTF-8";
const XML_TYPE = "application/xml;charset=UTF-8";

/** Longest requestid Intuit accepts: 50 characters, 36 on a batch request. */
const MAX_REQUEST_ID = 50;
const MAX_BATCH_REQUEST_ID = 36;

interface Params {
  realmId: string;
  "*": string;
}

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

export interface DataRoutesHandle {
  /** Ends injected timeouts still hanging, so the server can close at once. */
  abortPending(): void;
}

export function registerDataRoutes(app: FastifyInstance, state: EmulatorState): DataRoutesHandle {
  const pending = new Set<AbortController>();

  app.register(async (scope) => {
    // Intuit takes JSON, and `application/text` for a POSTed query; the body is parsed per resource
    // so a malformed body gets Intuit's fault rather than the framework's.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

    const handler = async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      const started = state.now();
      const startedHr = performance.now();
      const tid = randomUUID();
      const { realmId } = req.params;
      const rest = req.params["*"] ?? "";
      const query = req.query as Record<string, string | undefined>;
      const requestId = req.method === "POST" ? query.requestid : undefined;
      const log = (status: number, extra: { faultCode?: string; note?: string; clientId?: string } = {}) =>
        state.requests.add({
          at: started,
          method: req.method,
          url: req.url,
          realmId,
          ...(extra.clientId ? { clientId: extra.clientId } : {}),
          ...(requestId ? { requestId } : {}),
          status,
          ...(extra.faultCode ? { faultCode: extra.faultCode } : {}),
          ...(extra.note ? { note: extra.note } : {}),
          durationMs: Math.round((performance.now() - startedHr) * 10) / 10,
          intuitTid: tid,
        });
      reply.header("intuit_tid", tid).header("QBO-Version", QBO_VERSION);

      const auth = state.oauth.verifyAccessToken(req.headers.authorization, realmId);
      const company = state.company(realmId);
      if (!auth.ok || !company) {
        log(401, { faultCode: "3200", note: auth.ok ? "no such company" : auth.reason });
        return reply
          .code(401)
          .header("www-authenticate", 'Bearer realm="Intuit", error="invalid_token"')
          .type(JSON_TYPE)
          .send(JSON.stringify(authFaultBody(state.now())));
      }
      const clientId = auth.clientId;
      const limitKey = `${realmId}|${clientId}`;
      const isBatch = rest.toLowerCase() === "batch";
      const admission = state.limiter.admit(limitKey, state.now(), state.limits, isBatch);
      if (admission !== "ok" && admission !== "unlimited") {
        log(429, { clientId, faultCode: "3001", note: `throttled:${admission}` });
        return reply.code(429).type(XML_TYPE).send(throttleXml(state.now()));
      }
      try {
        const faults = state.faults;
        const delay = latency(faults.latencyMs);
        if (delay > 0) await sleep(delay);
        if (chance(faults.throttle)) {
          log(429, { clientId, faultCode: "3001", note: "injected:throttle" });
          return reply.code(429).type(XML_TYPE).send(throttleXml(state.now()));
        }
        if (chance(faults.serverError)) {
          log(500, { clientId, faultCode: "3100", note: "injected:serverError" });
          return reply.code(500).type(XML_TYPE).send(serverErrorXml(state.now()));
        }
        if (chance(faults.timeout)) {
          log(0, { clientId, note: "injected:timeout" });
          reply.hijack();
          const abort = new AbortController();
          pending.add(abort);
          await sleep(faults.timeoutMs ?? 5000, undefined, { signal: abort.signal }).catch(() => {});
          pending.delete(abort);
          reply.raw.destroy();
          return reply;
        }

        let cached: CachedResponse | undefined;
        if (requestId !== undefined) {
          const max = isBatch ? MAX_BATCH_REQUEST_ID : MAX_REQUEST_ID;
          if (requestId.length > max) {
            const body = JSON.stringify(faultBody(fault.requestIdTooLong(requestId, max), state.now()));
            log(400, { clientId, faultCode: "6000" });
            return reply.code(400).type(JSON_TYPE).send(body);
          }
          cached = company.rememberedResponse(requestId);
          if (cached) {
            log(cached.status, { clientId, note: "replayed" });
            return reply.code(cached.status).type(cached.contentType).send(cached.body);
          }
        }

        const include = new Set((query.include ?? "").toLowerCase().split(",").filter(Boolean));
        const ctx = state.context(company, include);
        const response = handleData(ctx, {
          method: req.method,
          rest,
          query,
          body: typeof req.body === "string" ? req.body : "",
          url: req.url,
        });
        const body = JSON.stringify(response.body);
        if (requestId !== undefined) {
          company.rememberResponse(requestId, { status: response.status, body, contentType: JSON_TYPE });
        }
        state.publish(realmId, ctx.changes);
        const faultCode = response.status >= 400 ? firstFaultCode(response.body) : undefined;
        if (ctx.changes.length > 0 && chance(faults.dropResponseAfterCommit)) {
          log(0, { clientId, note: "injected:dropResponseAfterCommit" });
          reply.hijack();
          reply.raw.destroy();
          return reply;
        }
        log(response.status, { clientId, ...(faultCode ? { faultCode } : {}) });
        return reply.code(response.status).type(JSON_TYPE).send(body);
      } finally {
        if (admission === "ok") state.limiter.release(limitKey);
      }
    };

    scope.get("/v3/company/:realmId/*", handler);
    scope.post("/v3/company/:realmId/*", handler);
  });

  return {
    abortPending() {
      for (const abort of pending) abort.abort();
      pending.clear();
    },
  };
}

function firstFaultCode(body: Record<string, unknown>): string | undefined {
  const f = body.Fault as { Error?: { code?: string }[] } | undefined;
  return f?.Error?.[0]?.code;
}
