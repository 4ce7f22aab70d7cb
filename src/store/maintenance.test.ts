import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { openTestDatabase, serverUnavailableReason } from "../../test/helpers/db.ts";

test("on the embedded database, maintain() analyses a table after many changes and vacuums its dead rows", async () => {
  const { db, cleanup } = await openTestDatabase("embedded");
  try {
    await sql`insert into jobs (type) select 'maintenance.probe' from generate_series(1, 2000)`.execute(
      db.kysely,
    );
    const stats = async () => {
      // The session publishes its counts at most once a second unless asked to.
      await sql`select pg_stat_force_next_flush()`.execute(db.kysely);
      const { rows } = await sql<{ analyzed: boolean; dead: number }>`
        select last_analyze is not null as analyzed, n_dead_tup::int as dead
        from pg_stat_user_tables where relname = 'jobs' and schemaname = current_schema()`.execute(db.kysely);
      return rows[0];
    };
    assert.equal((await stats())?.analyzed, false, "nothing analyses the embedded database by itself");
    const first = await db.maintain();
    assert.ok(first.analyzed.includes("jobs") || first.vacuumed.includes("jobs"), JSON.stringify(first));
    assert.equal((await stats())?.analyzed, true);
    const again = await db.maintain();
    assert.ok(!again.analyzed.includes("jobs") && !again.vacuumed.includes("jobs"), "nothing left to do");

    // Every update leaves a dead row version; past autovacuum's threshold, maintain() reclaims them.
    await sql`update jobs set state = 'running' where type = 'maintenance.probe'`.execute(db.kysely);
    assert.ok(((await stats())?.dead ?? 0) >= 2000);
    const vacuumed = await db.maintain();
    assert.ok(vacuumed.vacuumed.includes("jobs"), JSON.stringify(vacuumed));
    assert.equal((await stats())?.dead, 0);
  } finally {
    await cleanup();
  }
});

test("on a PostgreSQL server, maintain() leaves the work to autovacuum", async (t) => {
  const reason = await serverUnavailableReason();
  if (reason) {
    t.skip(reason);
    return;
  }
  const { db, cleanup } = await openTestDatabase("server");
  try {
    await sql`insert into jobs (type) select 'maintenance.probe' from generate_series(1, 500)`.execute(
      db.kysely,
    );
    assert.deepEqual(await db.maintain(), { vacuumed: [], analyzed: [] });
  } finally {
    await cleanup();
  }
});
