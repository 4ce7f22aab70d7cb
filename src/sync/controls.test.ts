import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type AccountingControls, controlDecision } from "./controls.ts";

const realTime: AccountingControls = { goLiveDate: "2026-11-01", closeDate: "2026-09-30", mode: "real_time" };
const manual: AccountingControls = { ...realTime, mode: "manual_export" };

describe("accounting controls", () => {
  test("names have no date and always pass", () => {
    assert.deepEqual(controlDecision({}, manual, "change"), { push: true });
  });

  test("a document from before go-live is held by a change but goes out on an export", () => {
    const held = controlDecision({ date: "2026-10-15" }, realTime, "change");
    assert.equal(held.push, false);
    if (!held.push) assert.equal(held.reason, "before_go_live");
    assert.deepEqual(controlDecision({ date: "2026-10-15" }, realTime, "export"), { push: true });
    assert.deepEqual(controlDecision({ date: "2026-11-01" }, realTime, "change"), { push: true });
  });

  test("a document on or before the close date is held, even on export", () => {
    for (const trigger of ["change", "export"] as const) {
      const d = controlDecision({ date: "2026-09-30" }, realTime, trigger);
      assert.equal(d.push, false);
      if (!d.push) {
        assert.equal(d.reason, "closed_books");
        assert.match(d.message, /close date 2026-09-30/);
      }
    }
  });

  test("manual export: a draft is never pushed, a locked document only on export", () => {
    const draft = controlDecision({ date: "2026-11-05", locked: false }, manual, "export");
    assert.equal(draft.push, false);
    if (!draft.push) assert.equal(draft.reason, "draft");
    const waiting = controlDecision({ date: "2026-11-05", locked: true }, manual, "change");
    assert.equal(waiting.push, false);
    if (!waiting.push) assert.equal(waiting.reason, "manual_export");
    assert.deepEqual(controlDecision({ date: "2026-11-05", locked: true }, manual, "export"), { push: true });
  });
});
