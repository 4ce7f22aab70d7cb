import type { CollectionName, RecordInput } from "#domain/collections.ts";

/** One record of the demo company, as the host would send it. */
export interface DemoRecord<C extends CollectionName> {
  externalId: string;
  data: RecordInput<C>;
}
