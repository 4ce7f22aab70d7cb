// The host API's OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so
// the reference can never drift from what the server accepts. Also renders it as a plain HTML page.
import { z } from "zod";
import { type CollectionName, collections } from "#domain/collections.ts";
import { ExternalId } from "#domain/common.ts";
import { referenceProblems } from "#domain/references.ts";
import { syncStatuses } from "#domain/sync-status.ts";
import { importableCollections } from "#host/import.ts";
import { bulkRequestSchema } from "#host/records.ts";
import { whenByCode } from "./error-docs.ts";
import { limits } from "./limits.ts";
import { allErrorCodes, statusOf } from "./problem.ts";
import { importQuery } from "./routes/csvImport.ts";
import { listQuery } from "./routes/v1/collection/getList.ts";

type JsonSchema = Record<string, unknown>;
type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  [key: string]: unknown;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function pascal(name: string): string {
  return name
    .split(/[-\s]/)
    .map((w) => (w[0]?.toUpperCase() ?? "") + w.slice(1))
    .join("");
}

/** Component name of a collection's record body (the schema's registered id, or a name derived from it). */
export function bodySchemaName(collection: CollectionName): string {
  const meta = z.globalRegistry.get(collections[collection].schema) as { id?: string } | undefined;
  return meta?.id ?? pascal(collections[collection].singular);
}

function recordSchemas(): Record<string, JsonSchema> {
  // Every record schema and the shared parts it references (Address, lines…) become components;
  // `io: "input"` describes what a client may send (numbers accepted for amounts, defaults optional).
  // The schemas carry their component names (`.meta({ id })`) in zod's global registry.
  const all = z.toJSONSchema(z.globalRegistry, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas as Record<string, JsonSchema>;
  // Only what the collections reach: other parts of the program may register schemas of their own.
  const out: Record<string, JsonSchema> = {};
  const visit = (id: string) => {
    const schema = all[id];
    if (!schema || out[id]) return;
    const { $schema: _s, $id: _i, id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
    for (const m of JSON.stringify(rest).matchAll(/"#\/components\/schemas\/([^"#/]+)"/g))
      visit(m[1] as string);
  };
  for (const name of Object.keys(collections) as CollectionName[]) visit(bodySchemaName(name));
  return out;
}

const jsonSchemaOptions = { io: "input", target: "draft-2020-12", unrepresentable: "any" } as const;

/** A zod schema as JSON Schema for the document; the registered schemas it uses point at their components. */
export function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _s, $defs: _d, ...rest } = z.toJSONSchema(schema, jsonSchemaOptions) as JsonSchema;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

/** The parameters of a query-string schema, each with the constraints its validator applies. */
export function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = fromZod(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, ...constraints } = property;
    return {
      name,
      in: "query",
      ...(json.required?.includes(name) ? { required: true } : {}),
      ...(description ? { description } : {}),
      schema: constraints,
    };
  });
}

function sharedSchemas(): Record<string, JsonSchema> {
  return {
    Sync: {
      type: "object",
      description: "Where the record stands with QuickBooks (filled in once the company is connected).",
      properties: {
        status: { type: "string", enum: [...syncStatuses] },
        quickbooksId: { type: ["string", "null"] },
        lastError: { type: ["string", "null"] },
        lastSyncedAt: { type: ["string", "null"], format: "date-time" },
      },
      required: ["status", "quickbooksId", "lastError", "lastSyncedAt"],
    },
    Warning: {
      type: "object",
      description:
        "A reference to a record that has not been sent yet or has been deleted. The record is stored; the warning clears when the named record arrives.",
      properties: {
        path: { type: "string", description: "JSON pointer into data", examples: ["/customerExternalId"] },
        code: { type: "string", enum: [...referenceProblems] },
        message: { type: "string" },
        collection: { type: "string", enum: Object.keys(collections) },
        externalId: { type: "string" },
      },
      required: ["path", "code", "message", "collection", "externalId"],
    },
    ReferencedBy: {
      type: "object",
      description: "Live records of one collection that name the deleted record (and now warn of it).",
      properties: {
        collection: { type: "string", enum: Object.keys(collections) },
        count: { type: "integer", description: "How many of them" },
        externalIds: {
          type: "array",
          items: { type: "string" },
          description: "The first 20, by external id",
        },
        list: {
          type: "string",
          description: "The path of the list of all of them",
          examples: ["/api/v1/invoices?references=customers%2FC-1001"],
        },
      },
      required: ["collection", "count", "externalIds", "list"],
    },
    FieldError: {
      type: "object",
      properties: {
        path: {
          type: "string",
          description: "JSON pointer into the request body",
          examples: ["/lines/0/quantity"],
        },
        message: { type: "string" },
      },
      required: ["path", "message"],
    },
    Problem: {
      type: "object",
      description: "RFC 9457 problem details, served as application/problem+json.",
      properties: {
        type: { type: "string" },
        title: { type: "string" },
        status: { type: "integer" },
        code: { type: "string", enum: allErrorCodes },
        detail: { type: "string" },
        errors: { type: "array", items: ref("FieldError") },
      },
      required: ["type", "title", "status", "code", "detail"],
    },
    BulkResult: {
      type: "object",
      properties: {
        received: { type: "integer" },
        created: { type: "integer" },
        updated: { type: "integer" },
        unchanged: { type: "integer" },
        items: {
          type: "array",
          items: {
            type: "object",
            properties: {
              externalId: { type: "string" },
              version: { type: ["integer", "null"], description: "null when unchanged" },
              outcome: { type: "string", enum: ["created", "updated", "unchanged"] },
              warnings: {
                type: "array",
                items: ref("Warning"),
                description: "Present only when the record names records missing or deleted",
              },
            },
          },
        },
      },
    },
    ImportReport: {
      type: "object",
      properties: {
        collection: { type: "string" },
        dryRun: { type: "boolean" },
        rows: { type: "integer", description: "Data rows read (the header excluded)" },
        valid: { type: "integer" },
        created: { type: "integer" },
        updated: { type: "integer" },
        unchanged: { type: "integer" },
        errors: {
          type: "array",
          items: {
            type: "object",
            properties: { line: { type: "integer" }, field: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
  };
}

function envelope(body: string): JsonSchema {
  return {
    type: "object",
    properties: {
      externalId: { type: "string" },
      version: { type: "integer", description: "Increments on every change; unchanged by an identical PUT" },
      hash: { type: "string", description: "SHA-256 of the record's canonical JSON" },
      createdAt: { type: "string", format: "date-time" },
      updatedAt: { type: "string", format: "date-time" },
      deletedAt: { type: ["string", "null"], format: "date-time" },
      data: ref(body),
      sync: ref("Sync"),
      warnings: { type: "array", items: ref("Warning") },
    },
    required: [
      "externalId",
      "version",
      "hash",
      "createdAt",
      "updatedAt",
      "deletedAt",
      "data",
      "sync",
      "warnings",
    ],
  };
}

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});

const commonErrors = {
  "401": problemResponse("Missing, unknown or revoked API key"),
  "404": problemResponse("Unknown collection or record (records of other companies are never visible)"),
};

function collectionPaths(
  name: CollectionName,
  paths: OpenApiDocument["paths"],
  schemas: Record<string, JsonSchema>,
) {
  const body = bodySchemaName(name);
  const recordName = `${body}Record`;
  schemas[recordName] = envelope(body);
  schemas[`${body}BulkRequest`] = fromZod(bulkRequestSchema(name));
  const tag = name;
  const { description: externalIdDescription, ...externalIdSchema } = fromZod(ExternalId);
  const externalId = {
    name: "externalId",
    in: "path",
    required: true,
    description: externalIdDescription,
    schema: externalIdSchema,
  };
  paths[`/api/v1/${name}`] = {
    get: {
      tags: [tag],
      summary: `List ${name}`,
      description:
        "The change feed: records in the order of the transactions that wrote them, oldest first. Follow " +
        "`nextCursor` until it is null; the last page carries `pollCursor`, which, passed as `cursor` " +
        "later, lists every change made since (none skipped, even from long transactions; a change made " +
        "while other transactions ran may be listed twice: compare versions).",
      parameters: queryParameters(listQuery),
      responses: {
        "200": {
          description: "A page of records",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  items: { type: "array", items: ref(recordName) },
                  nextCursor: { type: ["string", "null"], description: "The next page, while there is one" },
                  pollCursor: {
                    type: ["string", "null"],
                    description: "On the last page: the cursor for the next poll",
                  },
                },
              },
            },
          },
        },
        "400": problemResponse("Invalid query parameter"),
        ...commonErrors,
      },
    },
  };
  paths[`/api/v1/${name}/{externalId}`] = {
    parameters: [externalId],
    get: {
      tags: [tag],
      summary: `Read one ${collections[name].singular}`,
      responses: {
        "200": { description: "The record", content: { "application/json": { schema: ref(recordName) } } },
        ...commonErrors,
      },
    },
    put: {
      tags: [tag],
      summary: `Create or replace one ${collections[name].singular}`,
      description:
        "Idempotent: sending the same body again changes nothing and keeps the version. Every change is queued for sync in the same transaction.",
      requestBody: { required: true, content: { "application/json": { schema: ref(body) } } },
      responses: {
        "200": {
          description: "Updated (or unchanged)",
          content: { "application/json": { schema: ref(recordName) } },
        },
        "201": { description: "Created", content: { "application/json": { schema: ref(recordName) } } },
        "400": problemResponse(
          "Invalid record: every invalid field is listed by JSON pointer; nothing was written",
        ),
        ...commonErrors,
        "413": problemResponse(`Body larger than ${limits.recordBody} bytes`),
      },
    },
    delete: {
      tags: [tag],
      summary: `Delete one ${collections[name].singular}`,
      description:
        "Kept as a tombstone (deletedAt set); a later PUT restores it. `referencedBy` names the live records that still name this one, by collection; they answer with a deleted_reference warning from now on.",
      responses: {
        "200": {
          description: "The tombstone",
          content: {
            "application/json": {
              schema: {
                allOf: [
                  ref(recordName),
                  {
                    type: "object",
                    properties: { referencedBy: { type: "array", items: ref("ReferencedBy") } },
                    required: ["referencedBy"],
                  },
                ],
              },
            },
          },
        },
        ...commonErrors,
      },
    },
  };
  paths[`/api/v1/${name}/bulk`] = {
    post: {
      tags: [tag],
      summary: `Upsert up to ${limits.bulkRecords} ${name} at once`,
      description: "All or nothing: one invalid record and nothing is written.",
      requestBody: { required: true, content: { "application/json": { schema: ref(`${body}BulkRequest`) } } },
      responses: {
        "200": {
          description: "Every record written",
          content: { "application/json": { schema: ref("BulkResult") } },
        },
        "400": problemResponse(
          "Invalid records, listed by JSON pointer (/records/3/data/name); nothing was written",
        ),
        ...commonErrors,
        "413": problemResponse(
          `More than ${limits.bulkRecords} records, or body over ${limits.bulkBody} bytes`,
        ),
      },
    },
  };
  if ((importableCollections as readonly string[]).includes(name)) {
    paths[`/api/v1/${name}/import`] = {
      post: {
        tags: [tag],
        summary: `Import ${name} from CSV`,
        description:
          "Valid rows are imported; invalid rows are reported by line and field. See docs/import.md for columns.",
        parameters: queryParameters(importQuery),
        requestBody: { required: true, content: { "text/csv": { schema: { type: "string" } } } },
        responses: {
          "200": {
            description: "Import report",
            content: { "application/json": { schema: ref("ImportReport") } },
          },
          ...commonErrors,
          "413": problemResponse(`File over ${limits.csvBody} bytes`),
        },
      },
    };
  }
}

/** GET /api/v1/connection: the QuickBooks connection as the host sees it. */
function connectionPath(paths: OpenApiDocument["paths"], schemas: Record<string, JsonSchema>) {
  schemas.Connection = {
    type: "object",
    properties: {
      provider: { type: "string", enum: ["quickbooks_online"] },
      status: { type: "string", enum: ["not_connected", "connecting", "connected", "needs_reauthorization"] },
      realmId: { type: ["string", "null"], description: "The QuickBooks company's realm id while connected" },
      companyName: { type: ["string", "null"] },
      connectedAt: { type: ["string", "null"], format: "date-time" },
      lastError: {
        oneOf: [
          { type: "null" },
          {
            type: "object",
            properties: { message: { type: "string" }, at: { type: "string", format: "date-time" } },
            required: ["message", "at"],
          },
        ],
      },
    },
    required: ["provider", "status", "realmId", "companyName", "connectedAt", "lastError"],
  };
  paths["/api/v1/connection"] = {
    get: {
      tags: ["connection"],
      summary: "The company's QuickBooks connection",
      responses: {
        "200": {
          description: "The connection's state",
          content: { "application/json": { schema: ref("Connection") } },
        },
        "401": problemResponse("Missing or invalid API key"),
      },
    },
  };
}

export function buildOpenApiDocument(): OpenApiDocument {
  const schemas = { ...recordSchemas(), ...sharedSchemas() };
  const paths: OpenApiDocument["paths"] = {};
  for (const name of Object.keys(collections) as CollectionName[]) collectionPaths(name, paths, schemas);
  connectionPath(paths, schemas);
  return {
    openapi: "3.1.0",
    info: {
      title: "Ledgerlink host API",
      version: "1",
      description:
        'The records of your operations system, kept by Ledgerlink and synced to QuickBooks. Amounts are exact decimal strings ("1234.50"); numbers are accepted and normalised. Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    tags: [
      ...(Object.keys(collections) as CollectionName[]).map((name) => ({ name })),
      { name: "connection" },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key of one company: `Authorization: Bearer <key>`",
        },
      },
    },
  };
}

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** Text with `backticks` shown as code, everything else escaped. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return "";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? "";
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options) return [...new Set(options.map(typeOf))].join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items as JsonSchema)}[]`;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.format) return `${String(schema.type)} (${String(schema.format)})`;
  return Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "any");
}

function fieldTable(schema: JsonSchema): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties).map(([field, s]) => {
    const description = typeof s.description === "string" ? s.description : "";
    return `<tr><td><code>${escapeHtml(field)}</code></td><td>${escapeHtml(typeOf(s))}</td><td>${required.has(field) ? "yes" : ""}</td><td>${escapeHtml(description)}</td></tr>`;
  });
  return `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const schemas = doc.components.schemas;
  const sections = (Object.keys(collections) as CollectionName[]).map((name) => {
    const body = bodySchemaName(name);
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p === `/api/v1/${name}` || p.startsWith(`/api/v1/${name}/`))
      .flatMap(([p, item]) =>
        Object.entries(item)
          .filter(([m]) => m !== "parameters")
          .map(
            ([m, op]) =>
              `<li><code>${m.toUpperCase()} ${escapeHtml(p)}</code> — ${escapeHtml(String((op as { summary?: string }).summary ?? ""))}</li>`,
          ),
      );
    return `<section id="${name}"><h2>${name}</h2><ul>${ops.join("")}</ul>${fieldTable(schemas[body] ?? {})}</section>`;
  });
  const shared = Object.keys(schemas)
    .filter((id) => !id.endsWith("Record") && !id.endsWith("BulkRequest"))
    .filter((id) => !(Object.keys(collections) as CollectionName[]).some((c) => bodySchemaName(c) === id))
    .filter((id) => (schemas[id] as JsonSchema).properties)
    .map(
      (id) => `<section id="schema-${id}"><h3>${id}</h3>${fieldTable(schemas[id] as JsonSchema)}</section>`,
    );
  const errors = allErrorCodes
    .map(
      (code) =>
        `<tr id="error-${code}"><td><code>${code}</code></td><td>${statusOf(code)}</td><td>${prose(whenByCode[code])}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ledgerlink host API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1d2330}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}td,th{border-bottom:1px solid #dde;padding:.25rem .5rem;text-align:left;vertical-align:top}
code{background:#f3f4f7;padding:0 .2rem;border-radius:3px}pre{background:#f3f4f7;padding:.75rem;overflow-x:auto}pre code{padding:0}h2{margin-top:2.5rem;border-bottom:2px solid #dde}
</style></head><body>
<h1>Ledgerlink host API</h1>
<p>${prose(String(doc.info.description))}</p>
<p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3.1).</p>
<h2 id="authentication">Authentication</h2>
<p>Every request carries one company's API key: <code>Authorization: Bearer &lt;key&gt;</code>. A key only
ever sees its own company's records. Keys are created in the web app or with <code>ledgerlink key create</code>.</p>
<p>A first request, creating a customer the demo does not have (a PUT replaces the whole record, so
try it with a new id):</p>
<pre><code>curl -X PUT http://localhost:3000/api/v1/customers/C-9001 \\
  -H "Authorization: Bearer $LEDGERLINK_API_KEY" -H "Content-Type: application/json" \\
  -d '{"name": "Acme Tools Inc", "email": "billing@acme.example"}'</code></pre>
<h2 id="errors">Errors</h2>
<p>Errors are <code>application/problem+json</code> with a stable <code>code</code>; invalid input lists every field in
<code>errors</code> by JSON pointer.</p>
<table><thead><tr><th>code</th><th>HTTP status</th><th>when</th></tr></thead><tbody>${errors}</tbody></table>
<h2 id="collections">Collections</h2>
<p>${(Object.keys(collections) as string[]).map((n) => `<a href="#${n}">${n}</a>`).join(" · ")}</p>
${sections.join("\n")}
<h2 id="shared">Shared types</h2>
${shared.join("\n")}
</body></html>
`;
}
