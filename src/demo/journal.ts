// A few month-end journal entries of the kind a small manufacturer's bookkeeper posts: depreciation,
// payroll accruals and their reversals, a loan payment split into principal and interest, an
// inventory count adjustment and a bad-debt write-off. Every entry balances.
import type { RecordInput } from "#domain/collections.ts";
import { addDays, endOfMonth } from "./calendar.ts";
import { formatCents } from "./cents.ts";
import type { Random } from "./random.ts";
import type { DemoRecord } from "./types.ts";

type JournalLine = RecordInput<"journal-entries">["lines"][number];

interface Entry {
  date: string;
  memo: string;
  lines: JournalLine[];
  adjustment?: boolean;
}

const debit = (account: string, cents: number, extra: Partial<JournalLine> = {}): JournalLine => ({
  accountExternalId: account,
  debit: formatCents(cents),
  ...extra,
});
const credit = (account: string, cents: number, extra: Partial<JournalLine> = {}): JournalLine => ({
  accountExternalId: account,
  credit: formatCents(cents),
  ...extra,
});

export function journalEntryRecords(
  random: Random,
  anchor: string,
  badDebt: { customerExternalId: string; invoiceNumber: string; cents: number } | undefined,
): DemoRecord<"journal-entries">[] {
  const entries: Entry[] = [];
  for (let month = 6; month >= 1; month--) {
    entries.push({
      date: endOfMonth(anchor, month),
      memo: "Monthly depreciation - machinery, vehicles, leasehold",
      lines: [debit("6700", 412_500), credit("1510", 412_500)],
    });
  }
  for (let month = 3; month >= 1; month--) {
    const shop = random.int(1_800_000, 2_400_000);
    const office = random.int(450_000, 600_000);
    const taxes = Math.round((shop + office) * 0.0765);
    const end = endOfMonth(anchor, month);
    entries.push({
      date: end,
      memo: "Accrue wages for the last partial pay period",
      lines: [
        debit("6100", shop),
        debit("6110", office),
        debit("6120", taxes),
        credit("2200", shop + office + taxes),
      ],
    });
    if (addDays(end, 1) < anchor) {
      entries.push({
        date: addDays(end, 1),
        memo: "Reverse wage accrual",
        lines: [
          debit("2200", shop + office + taxes),
          credit("6100", shop),
          credit("6110", office),
          credit("6120", taxes),
        ],
      });
    }
  }
  const principal = random.int(350_000, 420_000);
  const interest = random.int(60_000, 90_000);
  entries.push({
    date: addDays(endOfMonth(anchor, 2), 15),
    memo: "Equipment loan payment",
    lines: [debit("2500", principal), debit("8000", interest), credit("1000", principal + interest)],
  });
  const shrink = random.int(20_000, 180_000);
  entries.push({
    date: endOfMonth(anchor, 1),
    memo: "Physical count adjustment - fastener inventory",
    adjustment: true,
    lines: [debit("5000", shrink), credit("1210", shrink)],
  });
  if (badDebt) {
    entries.push({
      date: endOfMonth(anchor, 1),
      memo: `Write off ${badDebt.invoiceNumber}, customer out of business`,
      lines: [
        debit("6850", badDebt.cents),
        credit("1100", badDebt.cents, { customerExternalId: badDebt.customerExternalId }),
      ],
    });
  }
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return entries.map((entry, i) => {
    const number = `JE-${901 + i}`;
    const data: RecordInput<"journal-entries"> = {
      number,
      date: entry.date,
      memo: entry.memo,
      lines: entry.lines,
    };
    if (entry.adjustment) data.adjustment = true;
    return { externalId: number, data };
  });
}
