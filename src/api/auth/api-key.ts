// Host API authentication: `Authorization: Bearer <api key>`. The key decides the company; a request
// never names its company, so a key can only ever reach its own company's records.
import type { FastifyReply, FastifyRequest } from "fastify";
import { authenticateApiKey } from "#admin/keys.ts";
import type { ApiContext } from "../context.ts";
import { sendProblem } from "../problem.ts";

export interface HostPrincipal {
  companyId: string;
  keyId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    hostPrincipal?: HostPrincipal;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The name of a query parameter that carries a key (`api_key`, `apiKey`, `key`, `access_token`). */
function credentialInQuery(request: FastifyRequest): string | undefined {
  const query = request.query;
  if (typeof query !== "object" || query === null) return undefined;
  return Object.keys(query).find((name) => /^(api[_-]?key|key|access[_-]?token|token)$/i.test(name));
}

export function requireApiKey(ctx: ApiContext) {
  return async function apiKeyHook(request: FastifyRequest, reply: FastifyReply) {
    // A key in the URL ends up in proxy logs, browser history and Referer headers: refuse it outright,
    // even alongside a valid header, so a host that sends it learns at once (the log never shows it).
    const inQuery = credentialInQuery(request);
    if (inQuery !== undefined) {
      return sendProblem(
        reply,
        "api_key_in_query",
        `An API key must not be sent in the URL (?${inQuery}=); send it as \`Authorization: Bearer <api key>\`, and replace this key: it may have been logged along the way.`,
      );
    }
    const presented = bearerToken(request);
    if (!presented) {
      reply.header("www-authenticate", 'Bearer realm="ledgerlink"');
      return sendProblem(reply, "missing_api_key", "Send the API key as `Authorization: Bearer <api key>`.");
    }
    const principal = await authenticateApiKey(ctx.db, presented);
    if (!principal) {
      reply.header("www-authenticate", 'Bearer realm="ledgerlink", error="invalid_token"');
      return sendProblem(reply, "invalid_api_key", "The API key is not valid or has been revoked.");
    }
    request.hostPrincipal = principal;
  };
}

/** The authenticated company; only called from routes behind `requireApiKey`. */
export function hostOf(request: FastifyRequest): HostPrincipal {
  if (!request.hostPrincipal) throw new Error("route is not behind requireApiKey");
  return request.hostPrincipal;
}
