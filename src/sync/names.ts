// Never a second copy of a name. Before a name (customer, vendor, item, account, term) is created, the
// engine brings its view of the provider's name lists up to date — change data capture since its last
// look, the lists whole the first time — and looks the new name up there under the provider's own
// uniqueness rule. Fuzzy matching plugs in here later.
import type { Kysely } from "kysely";
import {
  applyNameChanges,
  namesWithKey,
  nameViewThrough,
  type ViewedName,
  viewedName,
} from "#store/remote-names.ts";
import type { Tables } from "#store/tables.ts";
import type { RemoteRef, SyncProvider } from "./provider.ts";

type Db = Kysely<Tables>;

/** Each look asks again for the last second before the previous one: clocks and rounding lose nothing. */
const OVERLAP_MS = 1000;

/** Looks in progress in this process, per database and company: a push that needs one joins it. */
const looking = new WeakMap<Db, Map<string, Promise<void>>>();

/** Brings the company's view of the provider's name lists up to date. */
export function refreshNameView(db: Db, provider: SyncProvider, companyId: string): Promise<void> {
  let inProcess = looking.get(db);
  if (!inProcess) {
    inProcess = new Map();
    looking.set(db, inProcess);
  }
  const key = `${companyId}:${provider.name}`;
  const running = inProcess.get(key);
  if (running) return running;
  const look = (async () => {
    const through = await nameViewThrough(db, companyId, provider.name);
    const since = through === undefined ? undefined : new Date(through.getTime() - OVERLAP_MS).toISOString();
    const changes = await provider.nameChanges(since);
    await applyNameChanges(db, companyId, provider.name, { ...changes, through: new Date(changes.through) });
  })().finally(() => inProcess.delete(key));
  inProcess.set(key, look);
  return look;
}

export type SameName =
  /** No name holds the key. */
  | { kind: "free" }
  /** A name of the same kind holds it: link to it. */
  | { kind: "same"; ref: RemoteRef }
  /** A name of another kind holds it (a vendor named like the new customer): a collision to resolve. */
  | { kind: "other"; holder: ViewedName };

/** The name already in the books that a new one would collide with, looked up in the up-to-date view. */
export async function sameNameInBooks(
  db: Db,
  provider: SyncProvider,
  companyId: string,
  remoteType: string,
  body: unknown,
): Promise<SameName> {
  await refreshNameView(db, provider, companyId);
  const parent = provider.parentOf?.(remoteType, body);
  const parentName = parent ? (await viewedName(db, companyId, provider.name, parent))?.name : undefined;
  const key = provider.sameNameKey(remoteType, body, parentName);
  if (key === undefined) return { kind: "free" };
  const holders = await namesWithKey(db, companyId, provider.name, key);
  const same = holders.find((h) => h.type === remoteType);
  if (same) return { kind: "same", ref: { type: same.type, id: same.id } };
  const other = holders[0];
  return other ? { kind: "other", holder: other } : { kind: "free" };
}

/** The refusal of a name another kind of record holds, as the engine records a failure. */
export function nameCollision(holder: ViewedName): Error & { kind: "needs_user_action"; code: string } {
  return Object.assign(
    new Error(
      `the name "${holder.name}" is already used by a ${holder.type.toLowerCase()} in the books (Id ${holder.id}): rename one of them`,
    ),
    { kind: "needs_user_action" as const, code: "duplicate_name" },
  );
}
