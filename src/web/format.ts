// How values read on screen. Kept free of React so it can be tested on its own.
import type { SyncStatus } from "#domain/sync-status.ts";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger" | "held";

interface StatusLook {
  label: string;
  tone: Tone;
  hint: string;
}

// One label per state the server stores: a state added to SyncStatus without a label fails the typecheck.
const syncStatuses: Record<SyncStatus, StatusLook> = {
  not_synced: { label: "Not synced", tone: "neutral", hint: "Not yet sent to QuickBooks." },
  pending: { label: "Pending", tone: "info", hint: "Waiting to be sent to QuickBooks." },
  synced: { label: "Synced", tone: "success", hint: "QuickBooks has the latest version." },
  edited_since: {
    label: "Edited since sync",
    tone: "warning",
    hint: "Changed after it was last sent; the new version has not reached QuickBooks yet.",
  },
  failed: { label: "Failed", tone: "danger", hint: "QuickBooks refused it. See the error for what to fix." },
  held: { label: "Held", tone: "held", hint: "Kept back on purpose and not sent until released." },
};

export function syncStatus(status: string | null | undefined): StatusLook {
  const key = status ?? "not_synced";
  return (
    (syncStatuses as Record<string, StatusLook | undefined>)[key] ?? {
      label: humanise(key),
      tone: "neutral",
      hint: "",
    }
  );
}

/** The sync states a bookkeeper can filter by, in the order they are shown. */
export const syncStatusFilters = Object.entries(syncStatuses).map(([value, look]) => ({
  value,
  label: look.label,
}));

const jobOutcomes: Record<string, { label: string; tone: Tone }> = {
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  retrying: { label: "Will retry", tone: "warning" },
  running: { label: "Running", tone: "info" },
};

/** Job types that, for now, only take note of something and send nothing to QuickBooks. */
const notingJobs = new Set(["record.changed"]);

export function jobOutcome(outcome: string | null | undefined, type?: string): { label: string; tone: Tone } {
  if (!outcome) return { label: "Running", tone: "info" };
  // "Succeeded" beside a record change would read as the record having reached QuickBooks.
  if (outcome === "succeeded" && type && notingJobs.has(type)) return { label: "Noted", tone: "neutral" };
  return jobOutcomes[outcome] ?? { label: humanise(outcome), tone: "neutral" };
}

const jobNames: Record<string, string> = {
  "record.changed": "Change received",
};

/** A job type as the history names it: `record.changed` → "Change received". */
export function jobName(type: string): string {
  return jobNames[type] ?? humanise(type.replace(/\./g, " "));
}

/** `billingAddress` → "Billing address", `customerExternalId` → "Customer", `tax-codes` → "Tax codes". */
export function humanise(name: string): string {
  const words = name
    .replace(/ExternalId$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase()
    .replace(/\b(po|sku|id|gl|url|ein|sscc|upc|gtin)\b/g, (w) => w.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** A timestamp as the reader's clock shows it; an em dash when there is none. */
export function formatDateTime(
  value: string | null | undefined,
  options: { seconds?: boolean } = {},
): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return (options.seconds ? dateTimeSeconds : dateTime).format(date);
}

/** A calendar date such as an invoice date: `2026-11-02` is the same day everywhere. */
export function formatDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return dateOnly.format(new Date(`${value}T00:00:00Z`));
}

/** How long a job ran, in words a person reads at a glance. */
export function formatDuration(start: string, end: string | null | undefined): string {
  if (!end) return "—";
  const ms = new Date(end).getTime() - new Date(start).getTime();
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

/** `{ created: 3, records: 1 }` → "3 created · 1 record". */
export function formatCounts(counts: Record<string, number> | null | undefined): string {
  if (!counts) return "";
  return Object.entries(counts)
    .map(([name, n]) => {
      const word = humanise(name).toLowerCase();
      return `${n.toLocaleString()} ${n === 1 && word.endsWith("s") ? word.slice(0, -1) : word}`;
    })
    .join(" · ");
}

/** One record of a collection, in words: "journal-entries" → "journal entry"; "terms" stays "terms". */
export function singularOf(collection: string): string {
  const words = humanise(collection).toLowerCase();
  if (words === "terms") return words;
  return words.endsWith("ies") ? `${words.slice(0, -3)}y` : words.replace(/s$/, "");
}

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? singular : plural}`;
}

/**
 * An amount, quantity or rate as people read it: "21540.25" → "21,540.25". Only for fields the
 * schema declares as such (the server says which); the digits themselves are never re-rounded.
 */
export function formatDecimal(value: unknown, format: "money" | "quantity" | "percent"): string {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return String(value);
  const [, sign = "", whole = "", fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = format === "money" ? (fraction ?? "").padEnd(2, "0") : fraction;
  const number = `${sign === "-" ? "-" : ""}${grouped}${cents ? `.${cents}` : ""}`;
  return format === "percent" ? `${number} %` : number;
}

/** A postal address object as the lines one writes on an envelope. */
export function addressLines(value: Record<string, unknown>): string[] | null {
  const known = ["line1", "line2", "line3", "city", "region", "postalCode", "country"];
  const keys = Object.keys(value);
  if (!keys.length || !keys.every((k) => known.includes(k) || k === "line4" || k === "line5")) return null;
  const text = (k: string) => (typeof value[k] === "string" ? (value[k] as string) : "");
  const street = ["line1", "line2", "line3", "line4", "line5"].map(text).filter(Boolean);
  const town = [text("city"), [text("region"), text("postalCode")].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  return [...street, town, text("country")].filter(Boolean);
}

// The order a bookkeeper reads a record in: what it is, who it concerns, when, then the money.
// Fields not listed keep their place between the start and the end.
const leadingFields = [
  "number",
  "name",
  "displayName",
  "companyName",
  "sku",
  "type",
  "lineId",
  "itemExternalId",
  "accountExternalId",
  "description",
  "customerExternalId",
  "vendorExternalId",
  "parentExternalId",
  "email",
  "phone",
  "date",
  "dueDate",
  "shipDate",
];
const trailingFields = [
  "quantity",
  "unitPrice",
  "unitCost",
  "subtotal",
  "discount",
  "deliveryFee",
  "tax",
  "debit",
  "credit",
  "amount",
  "total",
  "balance",
  "paymentStatus",
  "locked",
  "active",
];

/** Field names in reading order (the database keeps them in its own order). */
export function orderFields(names: string[]): string[] {
  const rank = (name: string) => {
    const lead = leadingFields.indexOf(name);
    if (lead >= 0) return lead;
    const trail = trailingFields.indexOf(name);
    return trail >= 0 ? 1000 + trail : 500;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// Codes the host sends, in the words a bookkeeper uses. Codes not listed read as their words
// (`partially_paid` → "Partially paid").
const codeWords: Record<string, string> = {
  ach: "ACH transfer",
  eft: "Electronic funds transfer",
  wire: "Wire transfer",
  check: "Check",
  cheque: "Cheque",
  cash: "Cash",
  credit_card: "Credit card",
  debit_card: "Debit card",
  paypal: "PayPal",
  lb: "lb",
  kg: "kg",
};

/** A code from a fixed list as words: `ach` → "ACH transfer", `partially_paid` → "Partially paid". */
export function codeLabel(code: string): string {
  return codeWords[code] ?? humanise(code);
}

/** Fields whose values are codes from a fixed list (`partially_paid`), shown as words. */
export function isCodeField(name: string): boolean {
  return /^(type|status|kind|method)$|[a-z](Type|Status|Method)$/.test(name);
}

/** A server's message as a sentence: a capital first and a full stop at the end. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
