// Control numbers (ISA13, GS06, ST02) per partner and direction. Each allocation is one statement that
// moves the stored counter past the numbers it hands out, in the caller's transaction: two writers to
// the same partner serialise on the row, and a transaction that rolls back gives its numbers back
// together with whatever it was going to send. A number that left in a file is never handed out again.
import { type Kysely, sql } from "kysely";
import type { EdiDirection } from "#domain/edi.ts";
import type { Tables } from "../tables.ts";

type Db = Kysely<Tables>;

export type ControlNumberKind = "interchange" | "group" | "set";

/** Highest value per kind: ISA13 has 9 digits, GS06 up to 9, ST02 we write with up to 9. */
export const CONTROL_NUMBER_MAX = 999_999_999;

export class ControlNumbersExhaustedError extends Error {
  constructor(kind: ControlNumberKind) {
    super(
      `The ${kind} control numbers for this partner are used up (the last was ${CONTROL_NUMBER_MAX}); numbers are never reused, so add the partner again under a new interchange id.`,
    );
    this.name = "ControlNumbersExhaustedError";
  }
}

/** `count` fresh numbers of one kind, in increasing order. */
export async function allocateControlNumbers(
  db: Db,
  input: { partnerId: string; direction: EdiDirection; kind: ControlNumberKind; count: number },
): Promise<number[]> {
  if (input.count <= 0) return [];
  const row = await db
    .insertInto("edi_control_numbers")
    .values({
      partner_id: input.partnerId,
      direction: input.direction,
      kind: input.kind,
      last_value: input.count,
    })
    .onConflict((oc) =>
      oc.columns(["partner_id", "direction", "kind"]).doUpdateSet({
        last_value: sql`edi_control_numbers.last_value + ${input.count}`,
        updated_at: sql`now()`,
      }),
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  const last = Number(row.last_value);
  if (last > CONTROL_NUMBER_MAX) throw new ControlNumbersExhaustedError(input.kind);
  return Array.from({ length: input.count }, (_, i) => last - input.count + 1 + i);
}

/** The last number handed out of each kind (0 when none yet). */
export async function lastControlNumbers(
  db: Db,
  partnerId: string,
  direction: EdiDirection,
): Promise<Record<ControlNumberKind, number>> {
  const rows = await db
    .selectFrom("edi_control_numbers")
    .select(["kind", "last_value"])
    .where("partner_id", "=", partnerId)
    .where("direction", "=", direction)
    .execute();
  const last: Record<ControlNumberKind, number> = { interchange: 0, group: 0, set: 0 };
  for (const r of rows) last[r.kind] = Number(r.last_value);
  return last;
}
