import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { NESTED, PROPERTIES } from "./fields.ts";

interface SchemaPart {
  type: string;
  elements: { name: string; type: string }[];
}
const schema = JSON.parse(
  readFileSync(new URL("../../../../shared/qbo/entity-fields.json", import.meta.url), "utf8"),
) as { complexTypes: Record<string, SchemaPart[]> };

test("the property lists are the elements of Intuit's schema, base types included", () => {
  for (const [cls, props] of Object.entries(PROPERTIES)) {
    const parts = schema.complexTypes[cls];
    if (!parts) continue; // TaxAgency is not in the derived list; it extends Vendor
    const expected = [...new Set(parts.flatMap((p) => p.elements.map((e) => e.name)))];
    assert.deepEqual([...props].sort(), expected.sort(), cls);
  }
  const taxAgency = new Set(PROPERTIES.TaxAgency);
  assert.ok(
    PROPERTIES.Vendor?.every((p) => taxAgency.has(p)),
    "TaxAgency extends Vendor",
  );
});

test("nested classes follow the element types of the schema", () => {
  for (const [cls, fields] of Object.entries(NESTED)) {
    const parts = schema.complexTypes[cls];
    if (!parts) continue;
    const types = new Map(parts.flatMap((p) => p.elements.map((e) => [e.name, e.type] as const)));
    for (const [field, inner] of Object.entries(fields))
      assert.equal(types.get(field), inner, `${cls}.${field}`);
  }
});
