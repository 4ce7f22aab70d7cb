// A request budget shared through the database: at most `perWindow` requests started in any window of
// `windowMs`, and at most `concurrent` unreleased at once, per key (a QuickBooks realm), across every
// process that shares the database.
//
// Each admitted request is a row: its start counts against the rate window, and until it is released
// against the concurrency. A row carries a short lease that its process renews while the request is
// under way (one statement for all of them, every third of the lease): a process that dies holding
// one gives the slot back when the lease runs out, within seconds, however long its request could
// have taken. Times come from the database's clock, the one clock every process shares.
//
// Admission is one statement that counts and inserts together. On a server it runs in a short
// transaction under a transaction-scoped advisory lock on the key, taken before the statement reads,
// so two processes can never both see "9 in flight" and both go. The embedded database is opened by
// one process only and runs one statement at a time, so there the statement alone is atomic.
//
// Within a process, requests beyond the concurrency wait in line in memory and go when one of this
// process's requests is released, instead of asking the database again and again: the database is
// asked once per request, plus when the rate window is full or other processes hold the slots.
import { type Kysely, sql } from "kysely";
import type { Database } from "./database.ts";
import type { Tables } from "./tables.ts";

export interface RequestBudgetOptions {
  perWindow: number;
  windowMs: number;
  concurrent: number;
  /** How long an unreleased request holds its slot once its process stops renewing it (has died). */
  leaseMs: number;
  /** Pause before asking again while every slot is taken. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BudgetLease {
  release(): Promise<void>;
}

type Admission = { id: string } | { waitMs: number };

/** This process's requests under one key: how many hold a slot, and who waits for one, in order. */
class LocalGate {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  enter(): Promise<void> {
    if (this.held < this.size) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next in line, or frees it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}

export class DatabaseRequestBudget {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly gates = new Map<string, LocalGate>();
  private admitted = 0;
  /** This process's unreleased requests, whose leases it renews. */
  private readonly open = new Set<string>();
  private renewer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: RequestBudgetOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits until a request under `key` may start; release the lease when its answer has been read. */
  async acquire(key: string): Promise<BudgetLease> {
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new LocalGate(this.options.concurrent);
      this.gates.set(key, gate);
    }
    await gate.enter();
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      gate.leave();
    };
    try {
      for (;;) {
        const admission =
          this.db.kind === "embedded"
            ? await this.tryAdmit(this.db.kysely, key)
            : await this.db.transaction(async (trx) => {
                await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':ledgerlink:budget:' || ${key}))`.execute(
                  trx,
                );
                return this.tryAdmit(trx, key);
              });
        if ("id" in admission) {
          const id = admission.id;
          this.renewWhileOpen(id);
          return {
            release: async () => {
              this.open.delete(id);
              try {
                await this.release(id);
              } finally {
                leave();
              }
            },
          };
        }
        await this.sleep(admission.waitMs);
      }
    } catch (error) {
      leave();
      throw error;
    }
  }

  /** Counts the key's window and open requests and, when both have room, inserts the new one: one statement. */
  private async tryAdmit(db: Kysely<Tables>, key: string): Promise<Admission> {
    const { perWindow, windowMs, concurrent, leaseMs } = this.options;
    const windowInterval = `${windowMs} milliseconds`;
    const row = await sql<{ in_flight: number; in_window: number; id: string | null }>`
      with stats as (
        select
          count(*) filter (where released_at is null and lease_until > clock_timestamp()) as in_flight,
          count(*) filter (where started_at > clock_timestamp() - ${windowInterval}::interval) as in_window
        from request_budget
        where budget_key = ${key}
          and (started_at > clock_timestamp() - ${windowInterval}::interval or released_at is null)
      ), admitted as (
        insert into request_budget (budget_key, started_at, lease_until)
        select ${key}, clock_timestamp(), clock_timestamp() + ${`${leaseMs} milliseconds`}::interval
        from stats
        where stats.in_window < ${perWindow} and stats.in_flight < ${concurrent}
        returning id
      )
      select stats.in_flight, stats.in_window, (select id from admitted) as id from stats
    `.execute(db);
    const stats = row.rows[0];
    if (stats?.id !== null && stats?.id !== undefined) {
      if (++this.admitted % 200 === 0) await this.prune(db, key);
      return { id: String(stats.id) };
    }
    if (Number(stats?.in_window ?? 0) >= perWindow) {
      // The window frees a place when the request that filled it leaves the window.
      const oldest = await sql<{ wait_ms: number | null }>`
        select ceil(extract(epoch from (started_at + ${windowInterval}::interval - clock_timestamp())) * 1000)::float8 as wait_ms
        from request_budget
        where budget_key = ${key} and started_at > clock_timestamp() - ${windowInterval}::interval
        order by started_at desc
        offset ${perWindow - 1} limit 1
      `.execute(db);
      return { waitMs: Math.max(1, Number(oldest.rows[0]?.wait_ms ?? 1)) };
    }
    // Every slot is held by other processes (this one's wait in line in memory).
    const poll = this.options.pollMs ?? 20;
    return { waitMs: poll + Math.floor(Math.random() * poll) };
  }

  /**
   * Stops renewing this process's leases, as a process that dies does (its slots come free when the
   * leases run out). For shutting down, and for tests that play a process dying.
   */
  stop(): void {
    this.stopped = true;
    if (this.renewer) clearInterval(this.renewer);
    this.renewer = undefined;
  }

  private renewWhileOpen(id: string): void {
    if (this.stopped) return;
    this.open.add(id);
    if (this.renewer) return;
    this.renewer = setInterval(
      () => {
        if (this.open.size === 0) {
          clearInterval(this.renewer);
          this.renewer = undefined;
          return;
        }
        void this.renew([...this.open]).catch(() => {
          // A renewal that fails is tried again at the next beat; the lease covers two misses.
        });
      },
      Math.max(10, Math.floor(this.options.leaseMs / 3)),
    );
    this.renewer.unref();
  }

  private async renew(ids: string[]): Promise<void> {
    await this.db.kysely
      .updateTable("request_budget")
      .set({
        lease_until: sql<Date>`clock_timestamp() + ${`${this.options.leaseMs} milliseconds`}::interval`,
      })
      .where("id", "in", ids)
      .where("released_at", "is", null)
      .execute();
  }

  private async release(id: string): Promise<void> {
    await this.db.kysely
      .updateTable("request_budget")
      .set({ released_at: sql<Date>`clock_timestamp()` })
      .where("id", "=", id)
      .execute();
  }

  /** Rows that count against nothing any more. */
  private async prune(db: Kysely<Tables>, key: string): Promise<void> {
    const older = `${this.options.windowMs * 2} milliseconds`;
    await sql`
      delete from request_budget
      where budget_key = ${key}
        and started_at < clock_timestamp() - ${older}::interval
        and (released_at is not null or lease_until < clock_timestamp())
    `.execute(db);
  }
}
