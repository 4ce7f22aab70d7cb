// A Kysely dialect for PGlite. PGlite is one PostgreSQL backend with one session: a transaction
// opened by one caller would otherwise swallow the statements of every other async caller until it
// commits. The driver therefore hands out its single connection to one holder at a time; Kysely holds
// it for one statement, or for a whole transaction.
//
// Hazard: inside `db.transaction().execute(trx => …)` every statement must go through `trx`. A
// statement on the outer `db` would wait for the transaction that is waiting for it: a deadlock.
import type { PGlite, Results } from "@electric-sql/pglite";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private held: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // A FIFO lock: each caller waits for the previous holder, then becomes the one others wait for.
    const previous = this.held;
    let release!: () => void;
    this.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await (connection as PGliteConnection).run(`begin${isolation}`);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).run("commit");
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).run("rollback");
  }
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as PGliteConnection).run(`savepoint ${quoteIdent(name)}`);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as PGliteConnection).run(`rollback to savepoint ${quoteIdent(name)}`);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as PGliteConnection).run(`release savepoint ${quoteIdent(name)}`);
  }

  async destroy(): Promise<void> {
    // Closing is the owner's job (openDatabase), which also closes PGlite after Kysely is done.
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async run(statement: string): Promise<void> {
    await this.pglite.exec(statement);
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result: Results<R> = await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && isWrite(compiled) ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // PGlite answers in one piece; streaming yields that piece.
    yield await this.executeQuery<R>(compiled);
  }
}

function isWrite(compiled: CompiledQuery): boolean {
  const kind = compiled.query.kind;
  return kind !== "SelectQueryNode";
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
