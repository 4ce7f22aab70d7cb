// Counting the statements a piece of work sends to the database: the same database behind a Kysely
// plugin that counts every statement executed through it, inside transactions too (BEGIN and COMMIT,
// which the driver sends itself, are not counted).
import type { KyselyPlugin } from "kysely";
import type { Database } from "#store/database.ts";

export interface CountedDatabase {
  /** The database to hand to the code under test. */
  db: Database;
  /** Statements executed through `db` since it was made or last reset, by their first words. */
  statements(): number;
  /** How many statements of each kind (`select … from "records"` → `select records`), for messages. */
  byKind(): Record<string, number>;
  reset(): void;
}

export function countingDatabase(db: Database): CountedDatabase {
  const kinds = new Map<string, number>();
  let total = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      const kind = kindOf(args.node);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      return args.node;
    },
    async transformResult(args) {
      total++;
      return args.result;
    },
  };
  const counted = db.kysely.withPlugin(plugin);
  return {
    db: { ...db, kysely: counted, transaction: (fn) => counted.transaction().execute(fn) },
    statements: () => total,
    byKind: () => Object.fromEntries(kinds),
    reset() {
      total = 0;
      kinds.clear();
    },
  };
}

function kindOf(node: { kind: string }): string {
  const n = node as {
    kind: string;
    into?: { table?: { identifier?: { name?: string } } };
    table?: { table?: { identifier?: { name?: string } } };
    from?: {
      froms?: {
        table?: { identifier?: { name?: string } };
        node?: { table?: { identifier?: { name?: string } } };
      }[];
    };
  };
  const table =
    n.into?.table?.identifier?.name ??
    n.table?.table?.identifier?.name ??
    n.from?.froms?.[0]?.table?.identifier?.name ??
    n.from?.froms?.[0]?.node?.table?.identifier?.name ??
    "";
  return `${n.kind.replace(/QueryNode$/, "").toLowerCase()} ${table}`.trim();
}
