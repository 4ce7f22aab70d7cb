// CSV import of reference data (customers, vendors, items, accounts, terms); see docs/import.md.
export {
  type ColumnSpec,
  type ImportCollection,
  importCollections,
  importColumns,
  isImportCollection,
} from "./columns.ts";
export {
  type CsvImportBatch,
  type CsvImportColumn,
  type CsvImportIssue,
  type CsvImportOptions,
  type CsvImportProgress,
  type CsvImportResult,
  type CsvImportRow,
  type CsvImportSummary,
  type CsvInput,
  parseCsvImport,
  readCsvImport,
} from "./reader.ts";
