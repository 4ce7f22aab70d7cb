// GET /api/docs (a readable page) and GET /api/docs/openapi.json (the OpenAPI 3.1 document).
import type { FastifyInstance } from "fastify";
import { buildOpenApiDocument, renderDocsPage } from "../../openapi.ts";

export function registerGetDocs(app: FastifyInstance) {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  let page: string | undefined;
  const doc = () => {
    document ??= buildOpenApiDocument();
    return document;
  };
  app.get("/api/docs/openapi.json", async () => doc());
  app.get("/api/docs", async (_request, reply) => {
    page ??= renderDocsPage(doc());
    return reply.type("text/html; charset=utf-8").send(page);
  });
}
