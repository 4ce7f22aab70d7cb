// Which kinds of host records a company pushes, and what each needs: a purchase order cannot reach the
// books before its vendor and items, so turning purchase orders on turns those on too, and turning a
// prerequisite off under a dependent is refused with the reason.

/** The objects a company can switch on or off, in the order their records go out. */
export const PUSH_OBJECTS = [
  "accounts",
  "items",
  "customers",
  "vendors",
  "purchase-orders",
  "invoices",
  "bills",
  "journal-entries",
  "payments",
] as const;
export type PushObject = (typeof PUSH_OBJECTS)[number];

/** What each object needs pushed before it. */
export const PREREQUISITES: Readonly<Record<PushObject, readonly PushObject[]>> = {
  accounts: [],
  items: [],
  customers: [],
  vendors: [],
  "purchase-orders": ["items", "vendors"],
  invoices: ["items", "customers"],
  bills: ["vendors"],
  "journal-entries": ["accounts", "customers", "vendors"],
  payments: ["customers", "invoices"],
};

const LABELS: Readonly<Record<PushObject, string>> = {
  accounts: "accounts",
  items: "items",
  customers: "customers",
  vendors: "vendors",
  "purchase-orders": "purchase orders",
  invoices: "invoices",
  bills: "bills",
  "journal-entries": "journal entries",
  payments: "payments",
};

export function isPushObject(value: string): value is PushObject {
  return (PUSH_OBJECTS as readonly string[]).includes(value);
}

/** Everything an object needs, directly or through what it needs. */
export function prerequisitesOf(object: PushObject): PushObject[] {
  const found = new Set<PushObject>();
  const visit = (o: PushObject) => {
    for (const p of PREREQUISITES[o]) {
      if (!found.has(p)) {
        found.add(p);
        visit(p);
      }
    }
  };
  visit(object);
  return PUSH_OBJECTS.filter((o) => found.has(o));
}

/** The objects that need this one, directly or indirectly. */
export function dependentsOf(object: PushObject): PushObject[] {
  return PUSH_OBJECTS.filter((o) => prerequisitesOf(o).includes(object));
}

/** Turning an object on turns on what it needs; the answer names what was turned on with it. */
export function turnOn(
  current: ReadonlySet<PushObject>,
  object: PushObject,
): { switches: Set<PushObject>; alsoTurnedOn: PushObject[] } {
  const switches = new Set(current);
  const alsoTurnedOn = prerequisitesOf(object).filter((p) => !switches.has(p));
  for (const o of [object, ...alsoTurnedOn]) switches.add(o);
  return { switches, alsoTurnedOn };
}

export type TurnOff =
  | { ok: true; switches: Set<PushObject> }
  | { ok: false; dependents: PushObject[]; message: string };

/** Turning an object off is refused while an object that needs it is on. */
export function turnOff(current: ReadonlySet<PushObject>, object: PushObject): TurnOff {
  const dependents = dependentsOf(object).filter((d) => current.has(d));
  if (dependents.length > 0) {
    const names = dependents.map((d) => LABELS[d]);
    return {
      ok: false,
      dependents,
      // Every object's name is a plural ("purchase orders"), one or several of them alike.
      message: `${LABELS[object]} cannot be turned off while ${listOf(names)} are on: ${listOf(names)} need ${LABELS[object]}`,
    };
  }
  const switches = new Set(current);
  switches.delete(object);
  return { ok: true, switches };
}

/** Sets the switches as a whole (the settings form): every object on has its prerequisites on. */
export function checkSwitches(switches: ReadonlySet<PushObject>): string | undefined {
  for (const o of PUSH_OBJECTS) {
    if (!switches.has(o)) continue;
    const missing = PREREQUISITES[o].filter((p) => !switches.has(p));
    if (missing.length > 0) {
      return `${LABELS[o]} need ${listOf(missing.map((m) => LABELS[m]))} turned on`;
    }
  }
  return undefined;
}

export function labelOf(object: PushObject): string {
  return LABELS[object];
}

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
