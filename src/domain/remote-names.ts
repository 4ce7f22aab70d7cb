// A provider's name lists (customers, vendors, items, accounts…) as the sync engine keeps a view of
// them: each name with its key under the provider's uniqueness rule, and what changed since a look.

/** A name in the provider's lists. */
export interface RemoteName {
  type: string;
  id: string;
  /** As the provider shows it: QuickBooks' display name, or the full name ("Parent:Child"). */
  name: string;
  /** The name under the provider's uniqueness rule: equal keys cannot both exist. */
  key: string;
  active: boolean;
}

/** What changed in the provider's name lists since the last look. */
export interface NameChanges {
  /** Names added or changed since the last look (every name when `complete`). */
  names: RemoteName[];
  /** Names gone from the provider (QuickBooks: merged away). */
  removed: Array<{ type: string; id: string }>;
  /** The provider's time of this look (an ISO timestamp): the next one asks for changes since then. */
  through: string;
  /** The lists were read whole: whatever the view holds beyond `names` is gone. */
  complete: boolean;
}
