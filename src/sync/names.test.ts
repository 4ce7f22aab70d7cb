import assert from "node:assert/strict";
import { test } from "node:test";
import { createCompany } from "#store/companies.ts";
import { namesWithKey } from "#store/remote-names.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import { refreshNameView } from "./names.ts";
import type { NameChanges, SyncProvider } from "./provider.ts";

withDatabases("the engine's view of the provider's names", (suite) => {
  test("a push that finds a look under way waits for the next one, which every push asking meanwhile shares", async () => {
    const db = suite.db.kysely;
    const companyId = (await createCompany(db, { name: "Looks Co" })).id;
    const asked: Array<{ since: string | undefined; answer: (changes: NameChanges) => void }> = [];
    const provider = {
      name: "quickbooks_online",
      nameChanges: (since: string | undefined) =>
        new Promise<NameChanges>((resolve) => asked.push({ since, answer: resolve })),
    } as unknown as SyncProvider;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    /** Waits (on a slow machine too) until the provider has been asked `n` times. */
    const askedTimes = async (n: number) => {
      for (let waited = 0; asked.length < n && waited < 10_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    const first = refreshNameView(db, provider, companyId);
    await askedTimes(1);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]?.since, undefined, "the first look reads the lists whole");
    // Two pushes ask while the first look is under way: it began before they needed it.
    let secondDone = false;
    const second = refreshNameView(db, provider, companyId).then(() => {
      secondDone = true;
    });
    const third = refreshNameView(db, provider, companyId);
    await settle();
    assert.equal(asked.length, 1, "the next look waits for the one under way");
    asked[0]?.answer({
      names: [{ type: "Customer", id: "1", name: "Acme", key: "display:acme", active: true }],
      removed: [],
      through: "2026-12-06T10:00:00.000Z",
      complete: true,
    });
    await first;
    await askedTimes(2);
    await settle();
    assert.equal(asked.length, 2, "one more look, shared");
    assert.equal(
      asked[1]?.since,
      "2026-12-06T09:59:59.000Z",
      "changes since the last look (a second of overlap)",
    );
    assert.equal(secondDone, false, "a push waits for the look that began after it asked");
    asked[1]?.answer({
      names: [{ type: "Vendor", id: "2", name: "Supply", key: "display:supply", active: true }],
      removed: [],
      through: "2026-12-06T10:00:05.000Z",
      complete: false,
    });
    await Promise.all([second, third]);
    assert.equal(asked.length, 2);
    assert.equal((await namesWithKey(db, companyId, "quickbooks_online", "display:supply")).length, 1);
    // Nothing under way: the next push starts a look of its own.
    const fourth = refreshNameView(db, provider, companyId);
    await askedTimes(3);
    assert.equal(asked.length, 3);
    asked[2]?.answer({ names: [], removed: [], through: "2026-12-06T10:00:09.000Z", complete: false });
    await fourth;
  });
});
