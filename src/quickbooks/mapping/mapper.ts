// The shared machinery of every mapping: references resolved through the context, problems collected
// with the path they concern, amounts as the numbers QuickBooks' JSON carries.
import type { Address } from "#domain/common.ts";
import type {
  Mapped,
  MappingContext,
  MappingProblem,
  MappingProblemCode,
  QboBody,
  QboEntity,
} from "./types.ts";

/**
 * Lengths QuickBooks keeps for fields that the host may send longer. Intuit's entity reference gives
 * them (Customer.Notes and Vendor.Notes 2,000; PrimaryEmailAddr.Address 100; Item.PurchaseDesc 1,000;
 * PaymentRefNum 21; CustomerMemo 1,000).
 */
export const QBO_MAX = {
  notes: 2000,
  email: 100,
  purchaseDescription: 1000,
  paymentRefNum: 21,
  customerMemo: 1000,
} as const;

export class Mapper {
  readonly problems: MappingProblem[] = [];
  readonly notes: string[] = [];

  constructor(readonly ctx: MappingContext) {}

  problem(
    code: MappingProblemCode,
    path: string,
    message: string,
    extra: Partial<MappingProblem> = {},
  ): void {
    this.problems.push({ code, path, message, ...extra });
  }

  /** `{value: Id}` of a linked host record, or undefined with a missing_reference problem. */
  ref(collection: string, singular: string, externalId: string, path: string): { value: string } | undefined {
    const id = this.ctx.idOf(collection, externalId);
    if (id !== undefined) return { value: id };
    this.problem(
      "missing_reference",
      path,
      `${singular} ${externalId} is not in QuickBooks yet; it is pushed first`,
      { reference: { collection, externalId } },
    );
    return undefined;
  }

  /** The optional reference: absent stays absent. */
  optionalRef(
    collection: string,
    singular: string,
    externalId: string | undefined,
    path: string,
  ): { value: string } | undefined {
    return externalId === undefined ? undefined : this.ref(collection, singular, externalId, path);
  }

  /** An account reference from the record, else the company default, else a no_default_account problem. */
  accountRef(
    externalId: string | undefined,
    fallback: keyof MappingContext["defaults"],
    label: string,
    path: string,
  ): { value: string } | undefined {
    if (externalId !== undefined) return this.ref("accounts", "account", externalId, path);
    const id = this.ctx.defaults[fallback];
    if (id !== undefined) return { value: id };
    this.problem(
      "no_default_account",
      path,
      `no ${label} account: give one on the record or choose the company's default ${label} account`,
    );
    return undefined;
  }

  /** Text QuickBooks keeps up to `max` characters; longer is a problem, never cut silently. */
  text(value: string | undefined, max: number, path: string, label: string): string | undefined {
    if (value === undefined) return undefined;
    if ([...value].length > max) {
      this.problem(
        "too_long",
        path,
        `${label} is ${[...value].length.toLocaleString("en-US")} characters; QuickBooks keeps at most ${max.toLocaleString("en-US")}`,
      );
      return undefined;
    }
    return value;
  }

  currency(code: string | undefined, path: string): void {
    if (code !== undefined && code !== this.ctx.homeCurrency) {
      this.problem(
        "currency",
        path,
        `is ${code}, but the QuickBooks company keeps its books in ${this.ctx.homeCurrency} (other currencies are not supported)`,
      );
    }
  }

  /** The record as QuickBooks JSON, or its problems. Undefined fields are left out of the body. */
  result(entity: QboEntity, body: QboBody): Mapped {
    if (this.problems.length > 0) return { ok: false, problems: this.problems };
    return { ok: true, entity, body: compact(body), notes: this.notes };
  }
}

/** A decimal string as the JSON number QuickBooks expects (amounts have at most 7 decimals). */
export function amount(value: string): number {
  return Number(value);
}

export function address(a: Address | undefined): QboBody | undefined {
  if (a === undefined) return undefined;
  return {
    Line1: a.line1,
    Line2: a.line2,
    Line3: a.line3,
    City: a.city,
    CountrySubDivisionCode: a.region,
    PostalCode: a.postalCode,
    Country: a.country,
  };
}

/** Drops undefined properties, deeply, so a body carries only what the record says. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = compact(v);
  }
  return out as T;
}
