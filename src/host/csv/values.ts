// Turning spreadsheet cells into record values. Spreadsheets write money as "$1,234.50" or "(12.00)",
// booleans as "Y" or "Active", and percentages with a "%": each is accepted here, and anything else is
// passed on unchanged so the record schema reports it with its own message.
import type { ColumnSpec } from "./columns.ts";
import { normaliseHeader } from "./columns.ts";

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

const TRUE = new Set(["yes", "y", "true", "t", "1", "x", "active", "on"]);
const FALSE = new Set(["no", "n", "false", "f", "0", "inactive", "off"]);

/** Only the US thousands pattern is unpacked; "1.234,50" is left for the schema to refuse, never misread. */
const US_THOUSANDS = /^\d{1,3}(,\d{3})+(\.\d*)?$/;

export function convertCell(column: ColumnSpec, cell: string): CellResult {
  switch (column.kind) {
    case "text":
      return { ok: true, value: cell };
    case "decimal":
      return { ok: true, value: decimalText(cell) };
    case "integer": {
      const text = cell.replace(/\s+/g, "");
      if (!/^-?\d+$/.test(text)) return { ok: false, message: `"${cell}" is not a whole number` };
      return { ok: true, value: Number(text) };
    }
    case "boolean": {
      const key = cell.toLowerCase();
      if (TRUE.has(key)) return { ok: true, value: true };
      if (FALSE.has(key)) return { ok: true, value: false };
      return { ok: false, message: `"${cell}" is not yes or no` };
    }
    case "enum": {
      const value = column.values?.[normaliseHeader(cell)];
      if (value !== undefined) return { ok: true, value };
      return { ok: false, message: `"${cell}" is not one of: ${column.description}` };
    }
  }
}

/** "$1,234.50" → "1234.50", "(12.00)" → "-12.00", "2%" → "2"; anything else comes back as written. */
export function decimalText(cell: string): string {
  let text = cell.replace(/\s+/g, "");
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = parenthesised[1] ?? "";
  }
  if (text.startsWith("-")) {
    negative = !negative;
    text = text.slice(1);
  }
  text = text.replace(/^\$/, "").replace(/%$/, "");
  if (US_THOUSANDS.test(text)) text = text.replace(/,/g, "");
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return cell;
  return negative ? `-${text}` : text;
}

/**
 * Sets `data.a.b` for the dotted path "a.b", creating the objects on the way; a numeric key makes a list
 * ("locations.0.code" fills the first location).
 */
export function setPath(data: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let target = data;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string;
    let next = target[key];
    if (typeof next !== "object" || next === null) {
      next = /^\d+$/.test(keys[i + 1] as string) ? [] : {};
      target[key] = next;
    }
    target = next as Record<string, unknown>;
  }
  target[keys[keys.length - 1] as string] = value;
}
