import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { test } from "node:test";

// The parts of src/ and which others each may import at run time (ARCHITECTURE.md, README "Design").
// Dependencies point one way: cli → app → api → host/admin/edi → sync → quickbooks/jobs → store →
// domain, with config and secrets beside store; x12 stands alone and edi uses it. Each arrow is listed
// with the reason it exists. A type-only import is allowed anywhere (the web app shares the API's
// response types), and tests may import what they need.
// What the HTTP layer and everything above it build on.
const services = ["domain", "store", "jobs", "secrets", "config", "sync", "edi"];
const allowed: Record<string, string[]> = {
  // The canonical records, Result and error codes, the sync-status words: no I/O, no product imports.
  domain: [],
  config: [],
  // All SQL: the schema, migrations and typed queries (the queue's own tables are jobs' storage, below).
  store: ["domain", "config"],
  secrets: ["config", "store"],
  // The durable queue keeps its own SQL (claims, leases, history) beside its logic: those statements are
  // the queue. It takes the Kysely handle and table types from store, and knows nothing of what a job does.
  jobs: ["store", "domain", "config"],
  // QuickBooks Online reads no tables: tokens and the request budget are passed in (no store, no secrets);
  // jobs for the retry delays and errors a worker understands.
  quickbooks: ["domain", "config", "jobs"],
  // The provider-neutral engine: the outbox, push, connections; reaches quickbooks through its index only.
  sync: ["domain", "store", "jobs", "quickbooks", "config", "secrets"],
  // The X12 format library imports nothing else of the product.
  x12: [],
  // Partner flows: X12 documents in and out; an accepted order is a host record, queued by sync's outbox.
  edi: ["x12", "domain", "store", "jobs", "config", "secrets", "sync"],
  demo: ["domain"],
  // Record intake and CSV import: a change is queued through sync's outbox.
  host: ["domain", "store", "jobs", "secrets", "config", "sync", "edi"],
  // Companies, keys, users and the read views; reuses host's record checks and views.
  admin: ["host", "domain", "store", "jobs", "secrets", "config", "sync", "edi"],
  // The HTTP layer over the services below it.
  api: ["host", "admin", ...services],
  // Process wiring: the server, the workers and the demo.
  app: ["api", "host", "admin", ...services, "demo", "quickbooks"],
  // The command line: process wiring from app, data commands on the services, `edi check` on x12.
  cli: ["app", "api", "host", "admin", ...services, "x12", "demo"],
  // The browser app talks to api over HTTP only.
  web: [],
  // Reached over HTTP only; production code never imports it.
  emulator: [],
};
// The `ledgerlink emulator` command is the one production module that starts the emulator.
const exceptions = new Set(["src/cli/commands/emulator.ts"]);

const root = resolve(new URL("..", import.meta.url).pathname);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** Module specifiers of the product imported at run time: relative and `#part/` ones (type-only left out). */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?["']([.#][^"']+)["']/g;
  for (const m of text.matchAll(pattern)) if (!m[1] && m[2]) found.push(m[2]);
  for (const m of text.matchAll(/import\(\s*["']([.#][^"']+)["']\s*\)/g)) if (m[1]) found.push(m[1]);
  return found;
}

const partOf = (path: string) => relative(join(root, "src"), path).split("/")[0] ?? "";

/** The part a specifier reaches: `#store/records.ts` names it; a relative path is resolved from the file. */
const targetPart = (file: string, spec: string) =>
  spec.startsWith("#") ? (spec.slice(1).split("/")[0] ?? "") : partOf(resolve(join(file, ".."), spec));

test("every part imports only the parts below it", () => {
  const violations: string[] = [];
  for (const file of sources(join(root, "src"))) {
    const from = partOf(file);
    const rel = relative(root, file);
    if (exceptions.has(rel)) continue;
    assert.ok(from in allowed, `${rel} is in a part the architecture does not name: ${from}`);
    for (const spec of runtimeImports(readFileSync(file, "utf8"))) {
      const to = targetPart(file, spec);
      if (to === from || to.endsWith(".ts")) continue;
      if (!allowed[from]?.includes(to)) violations.push(`${rel} imports ${spec} (${from} → ${to})`);
    }
  }
  assert.deepEqual(violations, []);
});

// The provider-neutral engine meets QuickBooks at one door, so a second provider can stand beside it.
test("sync reaches quickbooks only through #quickbooks/index.ts", () => {
  const violations: string[] = [];
  for (const file of sources(join(root, "src", "sync"))) {
    const rel = relative(root, file);
    for (const spec of runtimeImports(readFileSync(file, "utf8"))) {
      if (targetPart(file, spec) !== "quickbooks") continue;
      const path = spec.startsWith("#")
        ? `src/${spec.slice(1)}`
        : relative(root, resolve(join(file, ".."), spec));
      if (path !== "src/quickbooks/index.ts") violations.push(`${rel} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

/** Every product import of a file, type-only ones included, with the part it reaches. */
function allImports(file: string): { spec: string; to: string }[] {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["']([.#][^"']+)["']/g),
    ...text.matchAll(/import\(\s*["']([.#][^"']+)["']\s*\)/g),
  ].map((m) => m[1] ?? "");
  return specs.map((spec) => ({ spec, to: targetPart(file, spec) }));
}

test("x12 imports nothing else of the product, not even a type", () => {
  const found = sources(join(root, "src/x12")).flatMap((file) =>
    allImports(file)
      .filter((i) => i.to !== "x12" && !i.to.endsWith(".ts"))
      .map((i) => `${relative(root, file)} imports ${i.spec}`),
  );
  assert.deepEqual(found, []);
});

test("quickbooks reads no tables: it imports nothing of store, not even a type", () => {
  const found = sources(join(root, "src/quickbooks")).flatMap((file) =>
    allImports(file)
      .filter((i) => i.to === "store")
      .map((i) => `${relative(root, file)} imports ${i.spec}`),
  );
  assert.deepEqual(found, []);
});

test("other parts reach quickbooks only through its public entry, #quickbooks/index.ts", () => {
  const found: string[] = [];
  for (const file of sources(join(root, "src"))) {
    if (partOf(file) === "quickbooks") continue;
    for (const i of allImports(file)) {
      if (i.to === "quickbooks" && i.spec !== "#quickbooks/index.ts")
        found.push(`${relative(root, file)} imports ${i.spec}`);
    }
  }
  assert.deepEqual(found, []);
});

test("every part of src/ is named in the map, and the map names no part that is gone", () => {
  const parts = readdirSync(join(root, "src")).filter((name) =>
    statSync(join(root, "src", name)).isDirectory(),
  );
  assert.deepEqual(parts.sort(), Object.keys(allowed).sort());
});

// Test support lives under test/: a module shipped in src/ imports neither a test helper nor a package
// that only development installs (the web app excepted: Vite bundles React into it at build time).
test("production modules import no test helper and no development-only package", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const devOnly = new Set([...Object.keys(pkg.devDependencies), "node:test"]);
  const violations: string[] = [];
  for (const file of sources(join(root, "src"))) {
    const rel = relative(root, file);
    if (partOf(file) === "web") continue;
    for (const spec of packageImports(readFileSync(file, "utf8"))) {
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? "");
      if (devOnly.has(name) || devOnly.has(spec))
        violations.push(`${rel} imports ${spec}, a development package`);
    }
    for (const spec of runtimeImports(readFileSync(file, "utf8"))) {
      if (!spec.startsWith("#") && relative(root, resolve(join(file, ".."), spec)).startsWith("test/")) {
        violations.push(`${rel} imports ${spec}, a test helper`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

// The environment is read in one place, by one schema: a setting read elsewhere would escape its
// documentation, its validation and the error that names every bad variable at once.
test("only config reads the environment", () => {
  const readers = sources(join(root, "src"))
    .filter((file) => partOf(file) !== "config" && /\bprocess\.env\b/.test(readFileSync(file, "utf8")))
    .map((file) => relative(root, file));
  assert.deepEqual(readers, []);
});

/** Package specifiers imported at run time (type-only left out). */
function packageImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^.#"'][^"']*)["']/g;
  for (const m of text.matchAll(pattern)) if (!m[1] && m[2]) found.push(m[2]);
  for (const m of text.matchAll(/import\(\s*["']([^.#"'][^"']*)["']\s*\)/g)) if (m[1]) found.push(m[1]);
  return found;
}

test("the checker sees run-time imports and ignores type-only ones", () => {
  const text = [
    'import { a } from "../store/index.ts";',
    'import type { B } from "../api/types.ts";',
    'export { c } from "../jobs/index.ts";',
    'const m = await import("#x12/reader.ts");',
    'import type { C } from "#admin/users.ts";',
    'import { d } from "#domain/money.ts";',
  ].join("\n");
  assert.deepEqual(runtimeImports(text), [
    "../store/index.ts",
    "../jobs/index.ts",
    "#domain/money.ts",
    "#x12/reader.ts",
  ]);
  assert.deepEqual(
    packageImports(
      'import { X12Parser } from "node-x12";\nimport type { Page } from "playwright-core";\nimport test from "node:test";',
    ),
    ["node-x12", "node:test"],
  );
  assert.equal(targetPart(join(root, "src/api/server.ts"), "#domain/money.ts"), "domain");
  assert.equal(targetPart(join(root, "src/api/server.ts"), "../store/index.ts"), "store");
});
