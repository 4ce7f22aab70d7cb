// CSV import of reference data. The file is read as a stream in batches; each batch of valid rows is
// written in its own transaction (with its sync jobs), so a large import never holds the database for
// long. Invalid rows are skipped and reported by line and column. A dry run does all the same work and
// rolls every batch back, so its counts (created / updated / unchanged) are exactly what a real run does.
import { isCollection } from "#domain/collections.ts";
import type { HostErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { createJobBatch, growJobBatch } from "#jobs/enqueue.ts";
import { companyExists } from "#store/companies.ts";
import type { Database } from "#store/database.ts";
import { bulkUpsert } from "#store/records.ts";
import { transactionRetrying } from "#store/retry.ts";
import { enqueueRecordChanges } from "#sync/outbox.ts";
import {
  type CsvImportIssue,
  type CsvImportProgress,
  type CsvInput,
  type ImportCollection,
  importCollections,
  isImportCollection,
  readCsvImport,
} from "./csv/index.ts";
import { referenceWarnings } from "./references.ts";

export const importableCollections = importCollections;

export interface ImportReport {
  collection: ImportCollection;
  dryRun: boolean;
  /** Data rows in the file. */
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  columns: { header: string; field: string }[];
  ignoredColumns: string[];
  errors: CsvImportIssue[];
  warnings: CsvImportIssue[];
  errorCount: number;
  warningCount: number;
  /** More issues were found than the report lists. */
  truncated: boolean;
}

export interface ImportProgress extends CsvImportProgress {
  /** Valid rows written (or, in a dry run, checked against the database) so far. */
  written: number;
}

export interface ImportInput {
  companyId: string;
  collection: string;
  input: CsvInput;
  dryRun: boolean;
  totalBytes?: number | undefined;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

class DryRunRollback extends Error {
  constructor(
    readonly outcome: { created: number; updated: number; unchanged: number; warnings: CsvImportIssue[] },
  ) {
    super("dry run");
  }
}

export async function importCsv(
  db: Database,
  input: ImportInput,
): Promise<Result<ImportReport, HostErrorCode>> {
  if (!isImportCollection(input.collection)) {
    if (isCollection(input.collection)) {
      return err(
        "import_not_supported",
        `CSV import takes reference data only (${importCollections.join(", ")}); send ${input.collection} through the API.`,
      );
    }
    return err(
      "unknown_collection",
      `There is no collection "${input.collection}". CSV import takes ${importCollections.join(", ")}.`,
    );
  }
  if (!(await companyExists(db.kysely, input.companyId))) {
    return err("company_not_found", `No company with id ${input.companyId}.`);
  }
  const collection = input.collection;
  let written = 0;
  let read: CsvImportProgress = { rows: 0, bytes: 0, errors: 0, done: false };
  const report = () => input.onProgress?.({ ...read, written });
  const { batches, summary } = readCsvImport(collection, input.input, {
    ...(input.totalBytes !== undefined ? { totalBytes: input.totalBytes } : {}),
    onProgress: (p) => {
      read = p;
      report();
    },
  });
  const totals = { created: 0, updated: 0, unchanged: 0 };
  const errors: CsvImportIssue[] = [];
  const warnings: CsvImportIssue[] = [];
  let referenceWarningCount = 0;
  // The import's jobs, from every batch of rows, are one entry in the job history.
  const jobBatch: { id?: string } = {};
  for await (const batch of batches) {
    errors.push(...batch.errors);
    warnings.push(...batch.warnings);
    if (batch.rows.length === 0) continue;
    const outcome = await writeBatch(db, input.companyId, collection, batch.rows, input.dryRun, jobBatch);
    // Kept only once its transaction committed: a batch rolled back with a retry is made again.
    if (outcome.batchId) jobBatch.id = outcome.batchId;
    warnings.push(...outcome.warnings);
    referenceWarningCount += outcome.warnings.length;
    totals.created += outcome.created;
    totals.updated += outcome.updated;
    totals.unchanged += outcome.unchanged;
    written += batch.rows.length;
    report();
  }
  const s = summary();
  return ok({
    collection,
    dryRun: input.dryRun,
    rows: s.rowCount,
    valid: s.validCount,
    invalid: s.invalidCount,
    ...totals,
    columns: s.columns,
    ignoredColumns: s.ignoredColumns,
    errors,
    warnings,
    errorCount: s.errorCount,
    warningCount: s.warningCount + referenceWarningCount,
    truncated: s.truncated,
  });
}

async function writeBatch(
  db: Database,
  companyId: string,
  collection: ImportCollection,
  rows: { line: number; externalId: string; data: Record<string, unknown> }[],
  dryRun: boolean,
  jobBatch: { id?: string },
): Promise<{
  created: number;
  updated: number;
  unchanged: number;
  warnings: CsvImportIssue[];
  batchId?: string | undefined;
}> {
  try {
    return await transactionRetrying(db, async (trx) => {
      const result = await bulkUpsert(trx, { companyId, collection, records: rows });
      let batchId = jobBatch.id;
      if (result.changed.length > 0 && !dryRun) {
        if (batchId) await growJobBatch(trx, batchId, result.changed.length);
        else
          batchId = await createJobBatch(trx, {
            companyId,
            kind: "import",
            collection,
            size: result.changed.length,
          });
      }
      await enqueueRecordChanges(trx, companyId, collection, result.changed, { batchId });
      const created = result.changed.filter((c) => c.created).length;
      // Checked inside the transaction, so a dry run sees the rows of its own batch as present too.
      const found = await referenceWarnings(
        trx,
        companyId,
        rows.map((r) => ({ collection, data: r.data })),
      );
      const warnings = rows.flatMap((row, i) =>
        (found[i] ?? []).map((w) => ({
          line: row.line,
          field: w.path
            .slice(1)
            .replace(/\/\d+\//g, ".")
            .replace(/\//g, "."),
          message: w.message,
        })),
      );
      const outcome = {
        created,
        updated: result.changed.length - created,
        unchanged: result.unchanged,
        warnings,
      };
      if (dryRun) throw new DryRunRollback(outcome);
      return { ...outcome, batchId };
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcome;
    throw error;
  }
}
