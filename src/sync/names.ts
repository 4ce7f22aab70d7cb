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

/**
 * Looks in this process, per database and company: the one under way, and the one that will follow
 * it. A look that began before a push needed one may have missed a name created just before, so a push
 * that finds one under way waits for the next; every push that asks meanwhile shares that next look.
 */
const looks = new WeakMap<Db, Map<string, { current?: Promise<void>; next?: Promise<void> }>>();

/** Brings the company's view of the provider's name lists up to date: a look that begins after this call. */
export function refreshNameView(db: Db, provider: SyncProvider, companyId: string): Promise<void> {
  let inProcess = looks.get(db);
  if (!inProcess) {
    inProcess = new Map();
    looks.set(db, inProcess);
  }
  const key = `${companyId}:${provider.name}`;
  let state = inProcess.get(key);
  if (!state) {
    state = {};
    inProcess.set(key, state);
  }
  const here = state;
  const begin = (): Promise<void> => {
    const look = lookOnce(db, provider, companyId).finally(() => {
      if (here.current === look) here.current = undefined;
    });
    here.current = look;
    return look;
  };
  if (!here.current) return begin();
  here.next ??= here.current
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      here.next = undefined;
      return begin();
    });
  return here.next;
}

async function lookOnce(db: Db, provider: SyncProvider, companyId: string): Promise<void> {
  const through = await nameViewThrough(db, companyId, provider.name);
  const since = through === undefined ? undefined : new Date(through.getTime() - OVERLAP_MS).toISOString();
  const changes = await provider.nameChanges(since);
  await applyNameChanges(db, companyId, provider.name, { ...changes, through: new Date(changes.through) });
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
