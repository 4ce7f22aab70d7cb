import { maxBulkRecords } from "#host/records.ts";

// Request size limits. A body over its limit is refused with 413 before it is parsed.
export const limits = {
  /** One record through PUT. */
  recordBody: 1024 * 1024,
  /** A bulk request of up to `bulkRecords` records. */
  bulkBody: 16 * 1024 * 1024,
  bulkRecords: maxBulkRecords,
  /** A CSV file sent to an import endpoint. */
  csvBody: 64 * 1024 * 1024,
  /** Everything else (admin JSON bodies). */
  defaultBody: 256 * 1024,
  listDefault: 100,
  listMax: 1000,
} as const;
