// Which host records have a copy in the books: the read views show a record's QuickBooks side only
// when its collection is pushed at all (sales orders, shipments and tax codes stay in the host).
import { isPushedCollection } from "#quickbooks/index.ts";

export function goesToQuickBooks(collection: string): boolean {
  return isPushedCollection(collection);
}
