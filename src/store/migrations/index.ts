// Every migration, in order. A change to the schema is a new file appended here; applied
// migrations are never edited, because databases in the field have already run them.
import type { Migration } from "../migrate.ts";
import { foundation } from "./001-foundation.ts";
import { changeFeed } from "./002-change-feed.ts";
import { syncLinks } from "./003-sync-links.ts";
import { quickbooksConnection } from "./004-quickbooks-connection.ts";
import { edi } from "./005-edi.ts";
import { syncSettings } from "./006-sync-settings.ts";
import { jobFlow } from "./007-job-flow.ts";
import { ediSscc } from "./008-edi-sscc.ts";
import { webhooks } from "./009-webhooks.ts";
import { recordReferences } from "./010-record-references.ts";
import { ediUnsent } from "./011-edi-unsent.ts";
import { remoteNames } from "./012-remote-names.ts";
import { jobBatches } from "./013-job-batches.ts";

export const migrations: readonly Migration[] = [
  foundation,
  changeFeed,
  syncLinks,
  quickbooksConnection,
  edi,
  syncSettings,
  jobFlow,
  ediSscc,
  webhooks,
  recordReferences,
  ediUnsent,
  remoteNames,
  jobBatches,
];
