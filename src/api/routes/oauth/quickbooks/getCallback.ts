// GET /api/oauth/quickbooks/callback: where Intuit's consent page sends the browser back. It arrives as
// a cross-site redirect, so no session cookie comes with it: the signed, single-use `state` is what
// authenticates it (see src/sync/oauth-state.ts). The browser is then sent to the web app's page.
import type { FastifyInstance } from "fastify";
import { connectionDeps } from "#api/connection-deps.ts";
import type { ApiContext } from "#api/context.ts";
import { companyOfState, completeConnect } from "#sync/connection.ts";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export function registerGetCallback(app: FastifyInstance, ctx: ApiContext) {
  app.get("/api/oauth/quickbooks/callback", async (request, reply) => {
    const params = new URL(request.url, "http://callback.invalid").searchParams;
    const deps = connectionDeps(ctx);
    const result = await completeConnect(deps, params);
    reply.header("cache-control", "no-store");
    if (result.ok) {
      const target = result.value.returnTo ?? `/companies/${result.value.companyId}/connection`;
      return reply.redirect(`${target}${target.includes("?") ? "&" : "?"}connected=1`, 303);
    }
    if (result.error.code !== "invalid_oauth_state") {
      // The state checked out, so the company is known: back to its page, which shows the error.
      const companyId = companyOfState(deps, params.get("state") ?? "");
      const page = companyId ? `/companies/${companyId}/connection` : "/";
      return reply.redirect(`${page}?connectionError=${encodeURIComponent(result.error.code)}`, 303);
    }
    return reply
      .code(400)
      .type("text/html")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ledgerlink</title></head>` +
          `<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">` +
          `<h1>QuickBooks connection not completed</h1><p>${escapeHtml(result.error.message)}</p>` +
          `<p><a href="/">Back to Ledgerlink</a></p></body></html>`,
      );
  });
}
