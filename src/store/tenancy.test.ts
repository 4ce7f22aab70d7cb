import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { test } from "node:test";
import { sql } from "kysely";
import { deleteSecret, readSecret, saveSecret } from "#secrets/store.ts";
import { withDatabases } from "../../test/helpers/db.ts";
import {
  countAdminUsers,
  createAdminUser,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findAdminUserForLogin,
  findSession,
  setAdminPassword,
} from "./admin.ts";
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "./api-keys.ts";
import { createCompany, getCompany, listCompanies, renameCompany } from "./companies.ts";

withDatabases("companies, keys and sessions", (suite) => {
  test("companies are created, listed by name, renamed, and unknown ids are simply absent", async () => {
    const db = suite.db.kysely;
    const b = await createCompany(db, { name: "Beta Works" });
    const a = await createCompany(db, { name: "Alpha Mfg", homeCurrency: "USD" });
    assert.deepEqual(
      (await listCompanies(db)).map((c) => c.name),
      ["Alpha Mfg", "Beta Works"],
    );
    assert.equal((await getCompany(db, a.id))?.homeCurrency, "USD");
    assert.equal((await renameCompany(db, b.id, "Beta Works LLC"))?.name, "Beta Works LLC");
    assert.equal(await getCompany(db, "not-a-uuid"), undefined);
    assert.equal(await getCompany(db, randomUUID()), undefined);
  });

  test("an API key is shown once, stored only as a hash, authenticates its company, and stops when revoked", async () => {
    const db = suite.db.kysely;
    const company = await createCompany(db, { name: "Keyed" });
    const { info, key } = await createApiKey(db, { companyId: company.id, label: "ERP" });
    assert.match(key, /^llk_[A-Za-z0-9_-]{43}$/);
    assert.equal(info.prefix, key.slice(0, 10));
    const stored = await sql<{
      key_hash: string;
    }>`select key_hash from api_keys where id = ${info.id}`.execute(db);
    assert.equal(stored.rows[0]?.key_hash, hashApiKey(key));
    const everything = JSON.stringify((await sql`select * from api_keys`.execute(db)).rows);
    assert.ok(!everything.includes(key), "the clear key is nowhere in the table");

    const auth = await authenticateApiKey(db, key);
    assert.equal(auth?.companyId, company.id);
    assert.ok(auth?.lastUsedAt instanceof Date);
    assert.equal(await authenticateApiKey(db, `${key}x`), undefined);

    const revoked = await revokeApiKey(db, info.id);
    assert.ok(revoked?.revokedAt instanceof Date);
    assert.equal(await authenticateApiKey(db, key), undefined);
    const again = await revokeApiKey(db, info.id);
    assert.equal(
      again?.revokedAt?.getTime(),
      revoked?.revokedAt?.getTime(),
      "revoking twice keeps the first time",
    );
    assert.equal(await revokeApiKey(db, randomUUID()), undefined);
    assert.deepEqual(
      (await listApiKeys(db, company.id)).map((k) => k.id),
      [info.id],
    );
  });

  test("a fixed key (the demo's) can be registered, and two companies' keys stay apart", async () => {
    const db = suite.db.kysely;
    const a = await createCompany(db, { name: "A" });
    const b = await createCompany(db, { name: "B" });
    const fixed = "demo-key-0123456789abcdef";
    await createApiKey(db, { companyId: a.id, key: fixed });
    const other = await createApiKey(db, { companyId: b.id });
    assert.equal((await authenticateApiKey(db, fixed))?.companyId, a.id);
    assert.equal((await authenticateApiKey(db, other.key))?.companyId, b.id);
    await assert.rejects(createApiKey(db, { companyId: a.id, key: "short" }), /at least 20/);
  });

  test("sessions: a token finds its user until it expires, is deleted, or the password changes", async () => {
    const db = suite.db.kysely;
    const user = await createAdminUser(db, { username: `admin-${randomUUID()}`, passwordHash: "scrypt$x" });
    assert.ok((await countAdminUsers(db)) >= 1);
    assert.equal((await findAdminUserForLogin(db, user.username))?.passwordHash, "scrypt$x");

    const live = await createSession(db, { userId: user.id, ttlMs: 60_000 });
    const found = await findSession(db, live.token);
    assert.deepEqual([found?.user.id, found?.csrfToken], [user.id, live.csrfToken]);
    const stored = JSON.stringify((await sql`select * from sessions`.execute(db)).rows);
    assert.ok(!stored.includes(live.token), "only the token's hash is stored");

    const expired = await createSession(db, { userId: user.id, ttlMs: -1000 });
    assert.equal(await findSession(db, expired.token), undefined);
    assert.ok((await deleteExpiredSessions(db)) >= 1);

    await deleteSession(db, live.token);
    assert.equal(await findSession(db, live.token), undefined);

    const another = await createSession(db, { userId: user.id, ttlMs: 60_000 });
    await setAdminPassword(db, user.id, "scrypt$y");
    assert.equal(await findSession(db, another.token), undefined, "a new password ends existing sessions");
  });

  test("secrets are stored sealed, per company and name, and replaced on save", async () => {
    const db = suite.db.kysely;
    const key = randomBytes(32);
    const company = await createCompany(db, { name: "Secretive" });
    await saveSecret(db, key, { companyId: company.id, name: "qbo.refresh_token", value: "RT-1" });
    await saveSecret(db, key, { companyId: null, name: "qbo.client_secret", value: "CS-1" });
    await saveSecret(db, key, { companyId: company.id, name: "qbo.refresh_token", value: "RT-2" });
    assert.equal(await readSecret(db, key, { companyId: company.id, name: "qbo.refresh_token" }), "RT-2");
    assert.equal(await readSecret(db, key, { companyId: null, name: "qbo.client_secret" }), "CS-1");
    assert.equal(await readSecret(db, key, { companyId: null, name: "qbo.refresh_token" }), undefined);
    const raw = JSON.stringify((await sql`select * from secrets`.execute(db)).rows);
    assert.ok(!raw.includes("RT-2") && !raw.includes("CS-1"), "nothing in clear");
    // A sealed value moved to another row does not open there.
    await sql`update secrets set sealed = (select sealed from secrets where company_id is null and name = 'qbo.client_secret')
      where company_id = ${company.id}`.execute(db);
    await assert.rejects(
      readSecret(db, key, { companyId: company.id, name: "qbo.refresh_token" }),
      /altered or belongs/,
    );
    assert.equal(await deleteSecret(db, { companyId: null, name: "qbo.client_secret" }), true);
    assert.equal(await deleteSecret(db, { companyId: null, name: "qbo.client_secret" }), false);
  });
});
