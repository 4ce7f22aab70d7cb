// The HTTP server: the host records API under /api/v1, the admin API under /api/admin that the web app
// uses, the API reference under /api/docs, and the built web app at /.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Duplex, Transform } from "node:stream";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import { DEFAULT_HTTP_LIMITS } from "#config/index.ts";
import type { ApiContext } from "./context.ts";
import { limits } from "./limits.ts";
import { type Problem, problem, sendProblem } from "./problem.ts";
import { registerRoutes } from "./routes/index.ts";

export type BuildServerOptions = Omit<ApiContext, "webRoot"> & { webRoot?: string };

export const defaultWebRoot = new URL("../../dist/web/", import.meta.url).pathname;

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const ctx: ApiContext = { ...options, webRoot: options.webRoot ?? defaultWebRoot };
  const http = ctx.config.http ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: limits.defaultBody,
    // X-Forwarded-For and X-Forwarded-Proto are believed only from the configured proxies: they set
    // request.ip (sign-in throttling) and request.protocol (the session cookie's Secure flag).
    trustProxy: ctx.config.trustedProxies?.length ? ctx.config.trustedProxies : false,
    // Above Node's own limit on a request's head (16 KiB), so any id reaches the route and is refused
    // there by its rules; a shorter limit would answer long ids in the router's own format, or route a
    // GET to the web app's catch-all.
    routerOptions: { maxParamLength: 64 * 1024 },
    frameworkErrors: (error, request, reply) => {
      // The router's own refusal of a path segment that is not percent-encoded UTF-8 would otherwise
      // answer in Fastify's format; under /api/v1 that segment is a record's external id.
      const path = request.url.split("?")[0] ?? "";
      const recordPath = /^\/api\/v1\/[^/]+\/[^/]+$/.test(path);
      if (error.code === "FST_ERR_BAD_URL") {
        return recordPath
          ? sendProblem(reply, "invalid_external_id", "The external id in the URL is not valid.", [
              { path: "", message: "externalId is not percent-encoded UTF-8 text" },
            ])
          : sendProblem(reply, "invalid_request", "The URL path is not percent-encoded UTF-8 text.");
      }
      return sendProblem(reply, "invalid_request", error.message);
    },
    http: {
      headersTimeout: http.headersTimeoutMs,
      // Node checks the headers and request deadlines on this interval (30 s by default), so a
      // deadline is kept to within a quarter of the shorter timeout.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1000, Math.floor(Math.min(http.headersTimeoutMs, http.requestTimeoutMs) / 4)),
      ),
    },
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    // Node's deadlines for headers and the whole request end here; Fastify's default answer for them is
    // not a problem document.
    clientErrorHandler: (error, socket) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ECONNRESET" || socket.destroyed) return;
      if (!socket.writable) return socket.destroy();
      if (code === "HPE_HEADER_OVERFLOW") {
        return void socket.end(
          "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        );
      }
      writeProblemAndClose(
        socket,
        code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? problem(
              "request_timeout",
              `The request did not arrive in time (headers within ${http.headersTimeoutMs} ms, the whole request within ${http.requestTimeoutMs} ms); nothing was written.`,
            )
          : problem("invalid_request", "The request is not valid HTTP/1.1."),
      );
    },
  });
  app.server.maxConnections = http.maxConnections;

  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string" }, (_req, body, done) => {
    done(null, body);
  });

  // Many HTTP clients send `Content-Type: application/json` on every request. A DELETE (or a GET) with
  // that header and nothing after it has no body; only a method that needs one refuses it as empty JSON.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body.length === 0 && !methodsWithBody.has(request.method)) return done(null, undefined);
    parseJson(request, body as string, done);
  });

  // Text bodies are parsed for the CSV import routes only; anywhere else text/plain (even holding JSON)
  // is the wrong media type, answered as a missing Content-Type is, naming the one accepted.
  app.addHook("preValidation", async (request, reply) => {
    if (typeof request.body === "string" && !request.routeOptions.config?.acceptsCsv) {
      return sendProblem(
        reply,
        "unsupported_media_type",
        `Content-Type ${request.headers["content-type"]} is not accepted here; send JSON as application/json.`,
      );
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    switch (error.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return sendProblem(
          reply,
          "payload_too_large",
          `The request body is larger than the ${(request.routeOptions.bodyLimit ?? limits.defaultBody).toLocaleString("en-US")} bytes this endpoint accepts; split it into smaller requests.`,
        );
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return sendProblem(
          reply,
          "unsupported_media_type",
          request.routeOptions.config?.acceptsCsv
            ? `Content-Type ${request.headers["content-type"] ?? "(none)"} is not accepted here; send the CSV file as text/csv.`
            : `Content-Type ${request.headers["content-type"] ?? "(none)"} is not accepted here; send JSON as application/json.`,
        );
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return sendProblem(reply, "invalid_json", "The JSON body is empty.");
      case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
        return sendProblem(reply, "invalid_request", "Content-Length does not match the body.");
      case BODY_TIMEOUT:
        // The rest of the body may still arrive: the connection is not reused.
        reply.header("connection", "close");
        return sendProblem(
          reply,
          "request_timeout",
          `The request body paused for more than ${http.bodyTimeoutMs} ms; it was discarded and nothing was written.`,
        );
    }
    if (error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
      return sendProblem(reply, "invalid_json", `The body is not valid JSON: ${error.message}`);
    }
    if (error.validation) return sendProblem(reply, "invalid_request", error.message);
    if (typeof error.statusCode === "number" && error.statusCode < 500) {
      return sendProblem(reply, "invalid_request", error.message);
    }
    request.log.error({ err: error }, "request failed");
    return sendProblem(reply, "internal_error", "Something went wrong on the server; it has been logged.");
  });

  // A body that stops arriving is cut off after bodyTimeoutMs of silence, whatever its total length.
  app.addHook("preParsing", async (request, reply, payload) => {
    const headers = request.headers;
    if (headers["transfer-encoding"] === undefined && !Number(headers["content-length"])) return payload;
    const guarded = new Transform({
      transform(chunk, _encoding, done) {
        timer.refresh();
        done(null, chunk);
      },
    });
    const timer = setTimeout(() => {
      payload.unpipe(guarded);
      guarded.destroy(
        Object.assign(new Error("request body timed out"), { code: BODY_TIMEOUT, statusCode: 408 }),
      );
    }, http.bodyTimeoutMs);
    const stop = () => clearTimeout(timer);
    guarded.once("end", stop);
    guarded.once("close", stop);
    // Answered before the body was read (a 413, a 401): the rest of the body no longer matters.
    reply.raw.once("close", stop);
    payload.once("error", (error) => guarded.destroy(error));
    return payload.pipe(guarded);
  });

  await app.register(fastifyCookie);

  // The admin app must never be framed by another site (clickjacking) nor load code from elsewhere.
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    reply.header("x-frame-options", "DENY");
    reply.header("content-security-policy", contentSecurityPolicy);
    return payload;
  });

  // Registered whether or not the web app is built yet: a build made while the server runs (`npm run
  // build:web`) is served from the next page load, without a restart.
  await app.register(fastifyStatic, {
    root: ctx.webRoot,
    wildcard: true,
    index: ["index.html"],
    suppressWarning: true,
  });
  const webIndex = join(ctx.webRoot, "index.html");
  let webBuilt = existsSync(webIndex);

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (path === "/api" || path.startsWith("/api/")) {
      return sendProblem(reply, "not_found", `No endpoint ${request.method} ${path}.`);
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return sendProblem(reply, "not_found", `No endpoint ${request.method} ${path}.`);
    }
    // The web app routes in the browser: any other page is the app's own index.
    webBuilt ||= existsSync(webIndex);
    if (webBuilt) return reply.type("text/html").sendFile("index.html");
    return reply.code(200).type("text/html").send(notBuiltPage);
  });

  registerRoutes(app, ctx);
  return app;
}

const BODY_TIMEOUT = "LL_BODY_TIMEOUT";

/** Answers a connection that has no request object (the request never finished arriving). */
function writeProblemAndClose(socket: Duplex, body: Problem): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

/** Methods whose requests carry a body; an empty JSON body is refused only for these. */
const methodsWithBody = new Set(["POST", "PUT", "PATCH"]);

const contentSecurityPolicy = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ledgerlink</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Ledgerlink is running</h1>
<p>The web app has not been built yet. Build it with <code>npm run build:web</code> (<code>npm start</code>
builds it first), then reload this page.</p>
<p>The host API is available now: see <a href="/api/docs">the API reference</a>.</p>
</body></html>
`;
