// The API reference page as a new user reads it: the example is safe to run against the demo, code
// reads as code, and every error code says when it happens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateDemoCompany } from "#demo/generate.ts";
import { whenByCode } from "./error-docs.ts";
import { buildOpenApiDocument, renderDocsPage } from "./openapi.ts";
import { allErrorCodes } from "./problem.ts";

const page = renderDocsPage(buildOpenApiDocument());

test("the example PUT uses a customer id the demo does not have (a PUT would replace it)", () => {
  const example = /curl -X PUT http:\/\/localhost:3000\/api\/v1\/customers\/([^\s\\]+)/.exec(page);
  assert.ok(example, "there is an example PUT");
  const demoIds = new Set(generateDemoCompany().customers.map((c) => c.externalId));
  assert.ok(demoIds.size > 100, "the demo's customers were read");
  assert.ok(!demoIds.has(example[1] as string), `${example[1]} is not a demo customer`);
  assert.match(page, /<pre><code>curl -X PUT/, "the example is a code block");
});

test("the introduction's `code` renders as code, not as backticks", () => {
  const intro = /<h1>Ledgerlink host API<\/h1>\s*<p>(.*?)<\/p>/s.exec(page)?.[1] ?? "";
  assert.match(intro, /<code>code<\/code>/);
  assert.doesNotMatch(intro, /`/);
});

test("every error code has a row saying when it happens", () => {
  for (const code of allErrorCodes) {
    const row = new RegExp(
      `<tr id="error-${code}"><td><code>${code}</code></td><td>\\d{3}</td><td>([^<].*?)</td></tr>`,
    ).exec(page);
    assert.ok(row, `a row for ${code}`);
    assert.ok(whenByCode[code].length > 20, `${code} is explained`);
  }
});
