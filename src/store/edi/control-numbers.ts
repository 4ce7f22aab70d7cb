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
  const numbers = await allocateControlNumberKinds(db, {
    partnerId: input.partnerId,
    direction: input.direction,
    counts: { [input.kind]: input.count },
  });
  return numbers[input.kind];
}

/**
 * Fresh numbers of several kinds at once (an acknowledgment needs an interchange, a group and a set
 * number): one statement, whatever the number of kinds.
 */
export async function allocateControlNumberKinds(
  db: Db,
  input: { partnerId: string; direction: EdiDirection; counts: Partial<Record<ControlNumberKind, number>> },
): Promise<Record<ControlNumberKind, number[]>> {
  const numbers: Record<ControlNumberKind, number[]> = { interchange: [], group: [], set: [] };
  const wanted = (Object.entries(input.counts) as [ControlNumberKind, number][]).filter(([, n]) => n > 0);
  if (wanted.length === 0) return numbers;
  const rows = await db
    .insertInto("edi_control_numbers")
    .values(
      wanted.map(([kind, count]) => ({
        partner_id: input.partnerId,
        direction: input.direction,
        kind,
        last_value: count,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["partner_id", "direction", "kind"]).doUpdateSet({
        // excluded.last_value is the count asked for: the row moves past the numbers handed out.
        last_value: sql`edi_control_numbers.last_value + excluded.last_value`,
        updated_at: sql`now()`,
      }),
    )
    .returning(["kind", "last_value"])
    .execute();
  for (const row of rows) {
    const last = Number(row.last_value);
    if (last > CONTROL_NUMBER_MAX) throw new ControlNumbersExhaustedError(row.kind);
    const count = input.counts[row.kind] ?? 0;
    numbers[row.kind] = Array.from({ length: count }, (_, i) => last - count + 1 + i);
  }
  return numbers;
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
