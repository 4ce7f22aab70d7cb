// Reading a CSV file's header row: which column fills which field, which columns are not understood
// (reported, with the nearest known header as a hint, and ignored), and which required ones are missing.
import {
  type ColumnSpec,
  externalIdFallback,
  type ImportCollection,
  importColumns,
  normaliseHeader,
} from "./columns.ts";

export interface MappedColumn {
  /** Position in the row, from 0. */
  index: number;
  /** The header as written in the file. */
  header: string;
  spec: ColumnSpec;
}

export interface MetadataColumn {
  index: number;
  header: string;
  key: string;
}

export interface HeaderProblem {
  field: string;
  message: string;
}

export interface HeaderMap {
  columns: MappedColumn[];
  metadata: MetadataColumn[];
  /** Headers that fill nothing; their cells are ignored. */
  unknown: { index: number; header: string; suggestion?: string }[];
  /** Positions of columns with a blank header; a value under one is reported once. */
  unnamed: number[];
  /** Problems that make every row unusable (a missing or repeated column). */
  errors: HeaderProblem[];
  /** Where the external id comes from: the External ID column, or the fallback field's column. */
  idColumn?: MappedColumn;
  /** Fields whose column is missing: their per-row "is required" would only repeat the header error. */
  missingFields: Set<string>;
}

/** Fields without which no row of the collection can be valid. */
const REQUIRED: Readonly<Record<ImportCollection, readonly string[]>> = {
  customers: ["name"],
  vendors: ["name"],
  items: ["name", "type"],
  accounts: ["name", "type"],
  terms: ["name"],
};

/** "Meta: Region" or "metadata.region" keep a host value verbatim under metadata. */
const METADATA_HEADER = /^meta(?:data)?\s*[.:]\s*(.+)$/i;

const lookups = new Map<ImportCollection, Map<string, ColumnSpec>>();

export function columnLookup(collection: ImportCollection): Map<string, ColumnSpec> {
  let lookup = lookups.get(collection);
  if (lookup) return lookup;
  lookup = new Map();
  for (const spec of importColumns[collection]) {
    for (const name of [spec.header, spec.field, ...spec.aliases]) {
      const key = normaliseHeader(name);
      const existing = lookup.get(key);
      if (existing && existing !== spec) {
        throw new Error(
          `CSV header "${name}" of ${collection} names both ${existing.field} and ${spec.field}`,
        );
      }
      lookup.set(key, spec);
    }
  }
  lookups.set(collection, lookup);
  return lookup;
}

export function mapHeaders(collection: ImportCollection, headers: readonly string[]): HeaderMap {
  const lookup = columnLookup(collection);
  const map: HeaderMap = {
    columns: [],
    metadata: [],
    unknown: [],
    unnamed: [],
    errors: [],
    missingFields: new Set(),
  };
  const byField = new Map<string, MappedColumn>();
  headers.forEach((raw, index) => {
    const header = raw.trim();
    if (header === "") {
      map.unnamed.push(index);
      return;
    }
    const meta = METADATA_HEADER.exec(header);
    if (meta?.[1]) {
      map.metadata.push({ index, header, key: meta[1].trim() });
      return;
    }
    const spec = lookup.get(normaliseHeader(header));
    if (!spec) {
      const suggestion = nearestHeader(collection, header);
      map.unknown.push(suggestion ? { index, header, suggestion } : { index, header });
      return;
    }
    const first = byField.get(spec.field);
    if (first) {
      map.errors.push({
        field: header,
        message: `fills the same field as column "${first.header}" (${spec.header}); keep only one of them`,
      });
      return;
    }
    const column = { index, header, spec };
    byField.set(spec.field, column);
    map.columns.push(column);
  });

  const fallback = externalIdFallback[collection];
  map.idColumn = byField.get("externalId") ?? (fallback ? byField.get(fallback) : undefined);
  if (!map.idColumn) {
    const spec = importColumns[collection].find((c) => c.field === "externalId");
    map.errors.push({
      field: "External ID",
      message: `the file has no External ID column${fallback ? ` (nor a ${headerOf(collection, fallback)} column to use instead)` : ""}; accepted headers: ${[spec?.header, ...(spec?.aliases ?? [])].join(", ")}`,
    });
  }
  for (const field of REQUIRED[collection]) {
    if (byField.has(field)) continue;
    const spec = importColumns[collection].find((c) => c.field === field);
    map.missingFields.add(field);
    map.errors.push({
      field: spec?.header ?? field,
      message: `the file has no ${spec?.header ?? field} column; accepted headers: ${[spec?.header, ...(spec?.aliases ?? [])].join(", ")}`,
    });
  }
  return map;
}

function headerOf(collection: ImportCollection, field: string): string {
  return importColumns[collection].find((c) => c.field === field)?.header ?? field;
}

/** The documented header closest to a misspelt one ("Emial" → "Email"), when one is close enough. */
export function nearestHeader(collection: ImportCollection, header: string): string | undefined {
  const wanted = normaliseHeader(header);
  if (wanted.length < 3) return undefined;
  let best: { spec: ColumnSpec; distance: number } | undefined;
  for (const [key, spec] of columnLookup(collection)) {
    const distance = editDistance(wanted, key);
    if (!best || distance < best.distance) best = { spec, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(1, Math.floor(wanted.length / 4)) ? best.spec.header : undefined;
}

/** Edit distance counting a swap of neighbours as one edit, the commonest typo ("Emial"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      let best = Math.min(
        (above[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}
