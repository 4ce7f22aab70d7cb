import assert from "node:assert/strict";
import { test } from "node:test";
import { specByName } from "../entities/registry.ts";
import { save } from "../operations.ts";
import { EmulatorState } from "../state.ts";
import { CDC_MAX_OBJECTS, cdcResponse } from "./cdc.ts";

test("CDC answers at most 1,000 objects per entity, oldest first, and says how many changed", () => {
  let now = Date.parse("2026-03-01T12:00:00Z");
  const state = new EmulatorState({ timeSource: () => now });
  const company = state.createCompany({ seed: "empty" });
  const customer = specByName("Customer");
  assert.ok(customer);
  const since = now - 1;
  for (let i = 0; i < CDC_MAX_OBJECTS + 5; i++) {
    now += 10;
    save(state.context(company), customer, { DisplayName: `CDC ${i}` });
  }
  const [{ QueryResponse }] = cdcResponse(company, now, "customer", new Date(since).toISOString()) as [
    { QueryResponse: { Customer: { DisplayName: string }[]; maxResults: number; totalCount?: number }[] },
  ];
  const entry = QueryResponse[0];
  assert.ok(entry);
  assert.equal(entry.Customer.length, CDC_MAX_OBJECTS);
  assert.equal(entry.maxResults, CDC_MAX_OBJECTS);
  assert.equal(entry.totalCount, CDC_MAX_OBJECTS + 5);
  assert.equal(entry.Customer[0]?.DisplayName, "CDC 0");
  assert.equal(entry.Customer.at(-1)?.DisplayName, `CDC ${CDC_MAX_OBJECTS - 1}`);
});

test("a CDC request with no changes answers one empty QueryResponse entry per entity", () => {
  const state = new EmulatorState();
  const company = state.createCompany({ seed: "empty" });
  const future = new Date(state.now() + 60_000).toISOString();
  assert.deepEqual(cdcResponse(company, state.now(), "Invoice", future), [{ QueryResponse: [{}] }]);
});
