// Building blocks shared by the canonical records: identifiers, references, addresses, dates.
import { z } from "zod";
import { hasLoneSurrogate, textProblem } from "./text.ts";

/** The longest external id, in UTF-16 code units. */
export const MAX_EXTERNAL_ID = 128;

/** The stored form of an external id: Unicode NFC, so composed and decomposed "é" are one id. */
export function normalizeExternalId(id: string): string {
  return textProblem(id) === undefined ? id.normalize("NFC") : id;
}

/**
 * The host's own identifier of a record. It is one segment of a URL (`/api/v1/customers/C-1001`), so it
 * must survive the trip: no "/" or "\\", no control characters or lone surrogates, and not "." or ".."
 * (URL parsers, browsers included, resolve those as "this folder" and "the folder above"). Everything
 * else a host system uses (spaces, dots inside, colons, ?, #, %) is kept and percent-encoded in URLs.
 * Ids are compared in Unicode NFC, the form every id is stored in (normalizeExternalId).
 */
export const ExternalId = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_EXTERNAL_ID, `must be at most ${MAX_EXTERNAL_ID} characters`)
  .refine(
    (s) => !/[/\\]/.test(s) && !hasControlCharacter(s),
    "must not contain '/', '\\' or control characters",
  )
  .refine((s) => s !== "." && s !== "..", 'must not be "." or "..", which a URL path cannot carry')
  .refine((s) => !hasLoneSurrogate(s), "must be Unicode text (it has a lone surrogate)")
  .refine((s) => s.trim() === s, "must not start or end with a space")
  .meta({ description: "The host system's identifier", examples: ["C-1001"] });

/** A reference to another record of the same company by its external id. */
export const Ref = ExternalId;

/** Free text, trimmed; empty strings are rejected rather than stored as meaningless values. */
export function text(max: number) {
  return z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
}

export const Email = z.email("must be an e-mail address like billing@example.com").max(254);
export const Phone = z
  .string()
  .trim()
  .min(3)
  .max(30)
  .regex(/^[0-9+()./ xX#-]+$/, "may contain only digits, spaces and + ( ) - . / x #");

/** A calendar date without time zone, as businesses write them on documents. */
export const DateOnly = z.iso.date("must be a date like 2026-11-02");

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code like USD")
  .meta({ examples: ["USD"] });

export const Address = z
  .strictObject({
    line1: text(500),
    line2: text(500).optional(),
    line3: text(500).optional(),
    city: text(255).optional(),
    region: text(255)
      .optional()
      .meta({ description: "State, province or region code", examples: ["OH"] }),
    postalCode: text(30).optional(),
    country: text(255)
      .optional()
      .meta({ description: "Preferably an ISO 3166 code", examples: ["US"] }),
  })
  .meta({ id: "Address" });
export type Address = z.infer<typeof Address>;

/** A GS1 trade item number as printed under a barcode: UPC-E/EAN-8 (8), UPC-A (12), EAN-13 or GTIN-14. */
export const Gtin = z
  .string()
  .regex(/^\d{8,14}$/, "must be 8 to 14 digits (UPC/EAN/GTIN)")
  .meta({ description: "UPC, EAN or GTIN: 8 to 14 digits" });

/** The host's own extra fields, kept verbatim; never interpreted by Ledgerlink. */
export const Metadata = z
  .record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 50, "must have at most 50 keys")
  .meta({ description: "Host-defined extra values, kept as given" });

/** Fields every transaction document has in common. */
export const documentFields = {
  number: text(21).meta({ description: "Document number as printed (QuickBooks allows 21 characters)" }),
  date: DateOnly,
  currency: CurrencyCode.optional(),
  memo: text(4000).optional(),
  metadata: Metadata.optional(),
};

/**
 * Reports each entry of a list whose key repeats an earlier entry's, at the entry's own field, so the host
 * sees which one to change. Entries without a key are not compared.
 */
export function checkUnique<T>(
  ctx: z.RefinementCtx,
  list: readonly T[] | undefined,
  path: readonly [string, string],
  keyOf: (entry: T) => string | undefined,
  message: (firstIndex: number, key: string) => string,
): void {
  const seen = new Map<string, number>();
  list?.forEach((entry, i) => {
    const key = keyOf(entry);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else ctx.addIssue({ code: "custom", path: [path[0], i, path[1]], message: message(first, key) });
  });
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * An enumeration of snake_case words that also accepts them written with hyphens ("non-inventory"),
 * as people type them; the stored value is always the snake_case one.
 */
export function snakeEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (typeof v === "string" ? v.trim().replace(/-/g, "_") : v), z.enum(values));
}
