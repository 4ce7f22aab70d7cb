// A request budget shared through the database: at most `perWindow` requests started in any window of
// `windowMs`, and at most `concurrent` unreleased at once, per key (a QuickBooks realm), across every
// process that shares the database.
//
// Admission is one short transaction under a transaction-scoped advisory lock on the key, so two
// processes can never both see "9 in flight" and both go. Each admitted request is a row: its start
// counts against the rate window, and until it is released against the concurrency. A row carries a
// lease: a process that dies holding one gives the slot back when the lease runs out, never later.
// Times come from the database's clock, the one clock every process shares.
import { type Kysely, sql } from "kysely";
import type { Database } from "./database.ts";
import type { Tables } from "./tables.ts";

export interface RequestBudgetOptions {
  perWindow: number;
  windowMs: number;
  concurrent: number;
  /** How long an unreleased request holds its slot if its process never releases it. */
  leaseMs: number;
  /** Pause before asking again while every slot is taken. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BudgetLease {
  release(): Promise<void>;
}

type Admission = { id: string } | { waitMs: number };

export class DatabaseRequestBudget {
  private readonly sleep: (ms: number) => Promise<void>;
  private admitted = 0;

  constructor(
    private readonly db: Database,
    private readonly options: RequestBudgetOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits until a request under `key` may start; release the lease when its answer has been read. */
  async acquire(key: string): Promise<BudgetLease> {
    for (;;) {
      const admission = await this.db.transaction((trx) => this.tryAdmit(trx, key));
      if ("id" in admission) {
        const id = admission.id;
        return { release: () => this.release(id) };
      }
      await this.sleep(admission.waitMs);
    }
  }

  private async tryAdmit(trx: Kysely<Tables>, key: string): Promise<Admission> {
    const { perWindow, windowMs, concurrent, leaseMs } = this.options;
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':ledgerlink:budget:' || ${key}))`.execute(
      trx,
    );
    const windowInterval = `${windowMs} milliseconds`;
    const row = await sql<{ in_flight: string; in_window: string; wait_ms: string | null }>`
      select
        count(*) filter (where released_at is null and lease_until > clock_timestamp()) as in_flight,
        count(*) filter (where started_at > clock_timestamp() - ${windowInterval}::interval) as in_window,
        ceil(extract(epoch from (
          (array_agg(started_at order by started_at desc)
            filter (where started_at > clock_timestamp() - ${windowInterval}::interval))[${perWindow}]
          + ${windowInterval}::interval - clock_timestamp())) * 1000) as wait_ms
      from request_budget
      where budget_key = ${key}
        and (started_at > clock_timestamp() - ${windowInterval}::interval or released_at is null)
    `.execute(trx);
    const stats = row.rows[0];
    const inFlight = Number(stats?.in_flight ?? 0);
    const inWindow = Number(stats?.in_window ?? 0);
    if (inWindow >= perWindow) {
      // The window frees a place when the request that filled it leaves the window.
      return { waitMs: Math.max(1, Number(stats?.wait_ms ?? 1)) };
    }
    if (inFlight >= concurrent) {
      const poll = this.options.pollMs ?? 20;
      return { waitMs: poll + Math.floor(Math.random() * poll) };
    }
    const inserted = await sql<{ id: string }>`
      insert into request_budget (budget_key, started_at, lease_until)
      values (${key}, clock_timestamp(), clock_timestamp() + ${`${leaseMs} milliseconds`}::interval)
      returning id
    `.execute(trx);
    if (++this.admitted % 200 === 0) await this.prune(trx, key);
    return { id: String(inserted.rows[0]?.id) };
  }

  private async release(id: string): Promise<void> {
    await this.db.kysely
      .updateTable("request_budget")
      .set({ released_at: sql<Date>`clock_timestamp()` })
      .where("id", "=", id)
      .execute();
  }

  /** Rows that count against nothing any more. */
  private async prune(trx: Kysely<Tables>, key: string): Promise<void> {
    const older = `${this.options.windowMs * 2} milliseconds`;
    await sql`
      delete from request_budget
      where budget_key = ${key}
        and started_at < clock_timestamp() - ${older}::interval
        and (released_at is not null or lease_until < clock_timestamp())
    `.execute(trx);
  }
}
