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

export function requireApiKey(ctx: ApiContext) {
  return async function apiKeyHook(request: FastifyRequest, reply: FastifyReply) {
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
