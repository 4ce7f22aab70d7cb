import assert from "node:assert/strict";
import { test } from "node:test";
import { withDatabases } from "../../test/helpers/db.ts";
import { createCompany } from "./companies.ts";
import { applyNameChanges, namesWithKey, nameViewThrough, viewedName } from "./remote-names.ts";

const QBO = "quickbooks_online";

withDatabases("the view of remote names", (suite) => {
  test("looks add, change and remove names; a whole read replaces the view; its time only moves forward", async () => {
    const db = suite.db.kysely;
    const companyId = (await createCompany(db, { name: "Names Co" })).id;
    const other = (await createCompany(db, { name: "Other Names Co" })).id;
    assert.equal(await nameViewThrough(db, companyId, QBO), undefined, "never looked");
    const acme = { type: "Customer", id: "1", name: "Acme", key: "display:acme", active: true };
    const supply = { type: "Vendor", id: "2", name: "Supply", key: "display:supply", active: true };
    await applyNameChanges(db, companyId, QBO, {
      names: [acme, supply],
      removed: [],
      through: new Date("2026-12-06T10:00:00Z"),
      complete: true,
    });
    await applyNameChanges(db, other, QBO, {
      names: [{ ...acme, id: "9" }],
      removed: [],
      through: new Date("2026-12-06T10:00:00Z"),
      complete: true,
    });
    assert.deepEqual(await namesWithKey(db, companyId, QBO, "display:acme"), [acme]);

    // A CDC look: Acme renamed, Supply merged away (deleted), a new item.
    const bolt = { type: "Item", id: "3", name: "Bolt", key: "item:bolt", active: true };
    await applyNameChanges(db, companyId, QBO, {
      names: [{ ...acme, name: "Acme Inc", key: "display:acme inc" }, bolt],
      removed: [{ type: "Vendor", id: "2" }],
      through: new Date("2026-12-06T11:00:00Z"),
      complete: false,
    });
    assert.deepEqual(await namesWithKey(db, companyId, QBO, "display:acme"), []);
    assert.equal((await viewedName(db, companyId, QBO, { type: "Customer", id: "1" }))?.name, "Acme Inc");
    assert.equal(await viewedName(db, companyId, QBO, { type: "Vendor", id: "2" }), undefined);
    assert.deepEqual(await namesWithKey(db, companyId, QBO, "item:bolt"), [bolt]);
    assert.deepEqual(
      await namesWithKey(db, other, QBO, "display:acme"),
      [{ ...acme, id: "9" }],
      "per company",
    );

    // A slower look that started earlier applies its names but leaves the view's time where it is.
    await applyNameChanges(db, companyId, QBO, {
      names: [],
      removed: [],
      through: new Date("2026-12-06T10:30:00Z"),
      complete: false,
    });
    assert.equal((await nameViewThrough(db, companyId, QBO))?.toISOString(), "2026-12-06T11:00:00.000Z");

    // Read whole: what is not in it is gone.
    await applyNameChanges(db, companyId, QBO, {
      names: [bolt],
      removed: [],
      through: new Date("2026-12-06T12:00:00Z"),
      complete: true,
    });
    assert.equal(await viewedName(db, companyId, QBO, { type: "Customer", id: "1" }), undefined);
    assert.deepEqual(await namesWithKey(db, companyId, QBO, "item:bolt"), [bolt]);
  });
});
