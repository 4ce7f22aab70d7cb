// Reading a CSV import: the file is parsed as a stream (csv-parse), each row becomes a record checked by
// the same schema as the API, and every problem is reported with its line and column so a bookkeeper
// can fix the sheet and try again. Nothing here writes: callers decide what to do with valid rows.
import { pipeline, Readable } from "node:stream";
import { parse } from "csv-parse";
import { ExternalId, normalizeExternalId } from "#domain/common.ts";
import { validateRecord } from "#domain/validate.ts";
import { type ImportCollection, importColumns } from "./columns.ts";
import { type HeaderMap, type MappedColumn, mapHeaders } from "./headers.ts";
import { convertCell, setPath } from "./values.ts";

export interface CsvImportRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  externalId: string;
  /** The record as validated and normalised by the domain schema. */
  data: Record<string, unknown>;
}

export interface CsvImportIssue {
  line: number;
  /** The column as headed in the file (or its documented header when the file lacks it); "" for the row. */
  field: string;
  message: string;
}

export interface CsvImportProgress {
  /** Data rows read so far. */
  rows: number;
  bytes: number;
  totalBytes?: number;
  errors: number;
  done: boolean;
}

export interface CsvImportOptions {
  /** Called every few hundred rows and once at the end; drives a progress bar. */
  onProgress?: (progress: CsvImportProgress) => void;
  /** Size of the input, when the caller knows it (a file's size); strings are measured here. */
  totalBytes?: number;
  /** Field separator; "," unless given. */
  delimiter?: string;
  /** Errors and warnings kept in the report each; the rest are counted. Default 1,000. */
  maxIssues?: number;
  /** Rows per batch from `readCsvImport`. Default 1,000 (the bulk API's limit). */
  batchSize?: number;
}

export interface CsvImportColumn {
  header: string;
  field: string;
}

export interface CsvImportBatch {
  rows: CsvImportRow[];
  errors: CsvImportIssue[];
  warnings: CsvImportIssue[];
}

export interface CsvImportSummary {
  collection: ImportCollection;
  /** How the file's headers were understood. */
  columns: CsvImportColumn[];
  /** Headers that fill nothing and were ignored. */
  ignoredColumns: string[];
  /** Data rows read (blank lines are not rows). */
  rowCount: number;
  validCount: number;
  /** Rows with at least one error. */
  invalidCount: number;
  errorCount: number;
  warningCount: number;
  /** True when more issues were found than `maxIssues` kept. */
  truncated: boolean;
}

export interface CsvImportResult extends CsvImportSummary {
  rows: CsvImportRow[];
  errors: CsvImportIssue[];
  warnings: CsvImportIssue[];
}

export type CsvInput = string | Uint8Array | Readable;

const PROGRESS_EVERY = 500;
const REPLACEMENT_CHARACTER = "\uFFFD";
const NOT_UTF8 =
  'has characters that are not UTF-8 (shown as \uFFFD); save the file as "CSV UTF-8" and import it again';
const CHUNK = 64 * 1024;

/**
 * Reads the whole file and returns every valid row with every problem found. Holds all rows in memory;
 * for very large files `readCsvImport` hands them over a batch at a time.
 */
export async function parseCsvImport(
  collection: ImportCollection,
  input: CsvInput,
  options: CsvImportOptions = {},
): Promise<CsvImportResult> {
  const reader = new CsvImportReader(collection, options);
  const rows: CsvImportRow[] = [];
  const errors: CsvImportIssue[] = [];
  const warnings: CsvImportIssue[] = [];
  for await (const batch of reader.read(input)) {
    for (const row of batch.rows) rows.push(row);
    for (const e of batch.errors) errors.push(e);
    for (const w of batch.warnings) warnings.push(w);
  }
  return { ...reader.summary(), rows, errors, warnings };
}

/** Streams a CSV import as batches of rows and issues; `summary()` is complete once the loop ends. */
export function readCsvImport(
  collection: ImportCollection,
  input: CsvInput,
  options: CsvImportOptions = {},
): { batches: AsyncIterable<CsvImportBatch>; summary: () => CsvImportSummary } {
  const reader = new CsvImportReader(collection, options);
  return { batches: reader.read(input), summary: () => reader.summary() };
}

class CsvImportReader {
  readonly #collection: ImportCollection;
  readonly #options: CsvImportOptions;
  readonly #maxIssues: number;
  #headers: HeaderMap | undefined;
  #headerCount = 0;
  #rowCount = 0;
  #validCount = 0;
  #invalidCount = 0;
  #errorCount = 0;
  #warningCount = 0;
  #bytes = 0;
  #totalBytes: number | undefined;
  readonly #ids = new Map<string, number>();
  readonly #names = new Map<string, number>();
  #batch: CsvImportBatch = { rows: [], errors: [], warnings: [] };
  #reportedUnnamed = false;

  constructor(collection: ImportCollection, options: CsvImportOptions) {
    this.#collection = collection;
    this.#options = options;
    this.#maxIssues = options.maxIssues ?? 1000;
    this.#totalBytes = options.totalBytes;
  }

  summary(): CsvImportSummary {
    const headers = this.#headers;
    return {
      collection: this.#collection,
      columns: headers ? headers.columns.map((c) => ({ header: c.header, field: c.spec.field })) : [],
      ignoredColumns: headers ? headers.unknown.map((u) => u.header) : [],
      rowCount: this.#rowCount,
      validCount: this.#validCount,
      invalidCount: this.#invalidCount,
      errorCount: this.#errorCount,
      warningCount: this.#warningCount,
      truncated: this.#errorCount > this.#maxIssues || this.#warningCount > this.#maxIssues,
    };
  }

  async *read(input: CsvInput): AsyncGenerator<CsvImportBatch> {
    const batchSize = this.#options.batchSize ?? 1000;
    let line = 1;
    for await (const record of this.#records(input)) {
      const start = line;
      line += lineBreaks(record.raw);
      this.#bytes = record.bytes;
      if (record.cells.every((c) => c.trim() === "")) continue;
      if (!this.#headers) {
        this.#readHeader(record.cells, start);
        continue;
      }
      this.#rowCount++;
      this.#readRow(record.cells, start);
      if (this.#rowCount % PROGRESS_EVERY === 0) this.#progress(false);
      if (this.#batch.rows.length >= batchSize || this.#batch.errors.length >= batchSize) yield this.#flush();
    }
    if (!this.#headers) this.#error(1, "", "the file is empty: the first line must name the columns");
    this.#progress(true);
    yield this.#flush();
  }

  async *#records(input: CsvInput): AsyncGenerator<{ cells: string[]; raw: string; bytes: number }> {
    let source: Readable;
    if (typeof input === "string") {
      this.#totalBytes ??= Buffer.byteLength(input);
      source = Readable.from(chunks(input));
    } else if (input instanceof Uint8Array) {
      this.#totalBytes ??= input.byteLength;
      source = Readable.from([Buffer.from(input.buffer, input.byteOffset, input.byteLength)]);
    } else {
      source = input;
    }
    const parser = parse({
      bom: true,
      delimiter: this.#options.delimiter ?? ",",
      relax_column_count: true,
      // Part names carry inch marks (Hex Bolt 1/2" x 6"): a quote inside an unquoted cell is kept as text.
      relax_quotes: true,
      raw: true,
      info: true,
    });
    // pipeline, not pipe: a failing source fails the parser, and a reader that stops early closes the
    // source (a file handle is not left open). Errors reach the loop below through the parser.
    pipeline(source, parser, () => {});
    let line = 1;
    try {
      for await (const entry of drain<{ record: string[]; raw: string; info: { bytes: number } }>(parser)) {
        line += lineBreaks(entry.raw);
        yield { cells: entry.record, raw: entry.raw, bytes: entry.info.bytes };
      }
    } catch (error) {
      // A broken file (an unclosed quote) ends the import at the broken place with a clear report;
      // a failing source (an unreadable file) is the caller's to handle.
      if (!String((error as { code?: unknown }).code).startsWith("CSV_")) throw error;
      this.#error(line, "", `the file is not valid CSV from here on: ${(error as Error).message}`);
    }
  }

  #readHeader(cells: string[], line: number): void {
    const headers = mapHeaders(this.#collection, cells);
    this.#headers = headers;
    this.#headerCount = cells.length;
    for (const problem of headers.errors) this.#error(line, problem.field, problem.message);
    for (const unknown of headers.unknown) {
      const hint = unknown.suggestion ? `; did you mean "${unknown.suggestion}"?` : "";
      this.#warning(line, unknown.header, `is not a known column and is ignored${hint}`);
    }
  }

  #readRow(cells: string[], line: number): void {
    const headers = this.#headers as HeaderMap;
    const errorsBefore = this.#errorCount;
    const failed = new Set<string>();
    const data: Record<string, unknown> = {};

    const extra = cells.slice(this.#headerCount).filter((c) => c.trim() !== "");
    if (extra.length > 0) {
      this.#error(line, "", `has ${cells.length} values but the header names ${this.#headerCount} columns`);
    }
    if (!this.#reportedUnnamed) {
      const index = headers.unnamed.find((i) => (cells[i] ?? "").trim() !== "");
      if (index !== undefined) {
        this.#reportedUnnamed = true;
        this.#warning(line, `column ${index + 1}`, "has values but no header; its values are ignored");
      }
    }
    for (const column of headers.columns) {
      if (column.spec.field === "externalId") continue;
      const cell = (cells[column.index] ?? "").trim();
      if (cell === "") continue;
      if (cell.includes(REPLACEMENT_CHARACTER)) {
        // Excel's plain "CSV" is Windows-1252: its accented letters arrive here as U+FFFD.
        failed.add(column.spec.field);
        this.#error(line, column.header, NOT_UTF8);
        continue;
      }
      const converted = convertCell(column.spec, cell);
      if (converted.ok) setPath(data, column.spec.field, converted.value);
      else {
        failed.add(column.spec.field);
        this.#error(line, column.header, converted.message);
      }
    }
    for (const column of headers.metadata) {
      const cell = (cells[column.index] ?? "").trim();
      if (cell.includes(REPLACEMENT_CHARACTER)) {
        failed.add(`metadata.${column.key}`);
        this.#error(line, column.header, NOT_UTF8);
        continue;
      }
      if (cell !== "")
        setPath(data, "metadata", { ...(data.metadata as object | undefined), [column.key]: cell });
    }

    const externalId = this.#externalId(cells, line, headers.idColumn);
    const result = validateRecord(this.#collection, data);
    if (!result.ok) {
      for (const issue of result.issues) {
        const field = issue.path.slice(1).replace(/\//g, ".");
        const top = field.split(".")[0] ?? "";
        if (failed.has(field) || headers.missingFields.has(top)) continue;
        this.#error(line, this.#headerFor(field), issue.message);
      }
    }
    if (externalId !== undefined) {
      const first = this.#ids.get(externalId);
      if (first !== undefined) {
        this.#error(
          line,
          headers.idColumn?.header ?? "External ID",
          `"${externalId}" is also on line ${first}`,
        );
      } else this.#ids.set(externalId, line);
    }
    if (result.ok) this.#checkName(result.value as Record<string, unknown>, line);

    // A header problem (a column given twice, a required one missing) makes every row doubtful: none is
    // passed on, though each is still checked so one report lists everything to fix.
    const usable = headers.errors.length === 0 && this.#errorCount === errorsBefore;
    if (usable && externalId !== undefined && result.ok) {
      this.#validCount++;
      this.#batch.rows.push({ line, externalId, data: result.value as Record<string, unknown> });
    } else this.#invalidCount++;
  }

  #externalId(cells: string[], line: number, column: MappedColumn | undefined): string | undefined {
    if (!column) return undefined;
    const cell = (cells[column.index] ?? "").trim();
    if (cell === "") {
      this.#error(line, column.header, "is empty; every row needs its own id");
      return undefined;
    }
    if (cell.includes(REPLACEMENT_CHARACTER)) {
      if (column.spec.field === "externalId") this.#error(line, column.header, NOT_UTF8);
      return undefined;
    }
    const parsed = ExternalId.safeParse(normalizeExternalId(cell));
    if (!parsed.success) {
      this.#error(line, column.header, parsed.error.issues[0]?.message ?? "is not a valid id");
      return undefined;
    }
    return parsed.data;
  }

  /** QuickBooks keeps names unique; a repeat inside one file is worth a warning before anything is pushed. */
  #checkName(data: Record<string, unknown>, line: number): void {
    if (typeof data.name !== "string") return;
    const key = data.name.toLowerCase();
    const first = this.#names.get(key);
    if (first !== undefined) {
      this.#warning(line, this.#headerFor("name"), `"${data.name}" is also the name on line ${first}`);
    } else this.#names.set(key, line);
  }

  #headerFor(field: string): string {
    const headers = this.#headers as HeaderMap;
    const exact = headers.columns.find((c) => c.spec.field === field);
    if (exact) return exact.header;
    const inside = headers.columns.find((c) => c.spec.field.startsWith(`${field}.`));
    if (inside) return inside.header;
    const documented = importColumns[this.#collection].find((c) => c.field === field);
    return documented?.header ?? field;
  }

  #error(line: number, field: string, message: string): void {
    this.#errorCount++;
    if (this.#errorCount <= this.#maxIssues) this.#batch.errors.push({ line, field, message });
  }

  #warning(line: number, field: string, message: string): void {
    this.#warningCount++;
    if (this.#warningCount <= this.#maxIssues) this.#batch.warnings.push({ line, field, message });
  }

  #flush(): CsvImportBatch {
    const batch = this.#batch;
    this.#batch = { rows: [], errors: [], warnings: [] };
    return batch;
  }

  #progress(done: boolean): void {
    const progress: CsvImportProgress = {
      rows: this.#rowCount,
      bytes: this.#bytes,
      errors: this.#errorCount,
      done,
    };
    if (this.#totalBytes !== undefined) progress.totalBytes = this.#totalBytes;
    if (done && this.#totalBytes !== undefined) progress.bytes = this.#totalBytes;
    this.#options.onProgress?.(progress);
  }
}

/**
 * Iterates a stream's objects, including those it produced before failing: an async iterator over the
 * stream itself would drop them, and with them the valid rows above a broken line.
 */
async function* drain<T>(stream: Readable): AsyncGenerator<T> {
  const queue: T[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  stream.on("data", (value: T) => {
    queue.push(value);
    if (queue.length >= 1000) stream.pause();
    notify();
  });
  stream.once("end", () => {
    ended = true;
    notify();
  });
  stream.once("error", (error) => {
    failure = error;
    notify();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length === 0) stream.resume();
        yield next;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // Stops reading when the consumer stops early.
    if (!ended && failure === undefined) stream.destroy();
  }
}

function* chunks(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK, text.length);
    // Never split a surrogate pair: half a character would decode as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}

/** Counts a CRLF as one break, as editors do; csv-parse's own line count counts it twice inside quotes. */
function lineBreaks(raw: string): number {
  return raw.match(/\r\n|\r|\n/g)?.length ?? 0;
}
