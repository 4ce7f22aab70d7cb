// Where a host record stands with the books, in one vocabulary for the store's columns, the services,
// the API's `status` filter and the web app's labels. A status added here fails the typecheck wherever
// it is not yet handled (the web app keys its labels by `Record<SyncStatus, …>`), and the database's
// check constraints list the same words.
export const syncStatuses = ["not_synced", "pending", "synced", "edited_since", "failed", "held"] as const;

export type SyncStatus = (typeof syncStatuses)[number];
