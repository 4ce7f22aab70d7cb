// The buying side of the demo: purchase orders for fasteners and bar stock with their receipts, the
// vendor bills that follow them, and the overhead bills (rent, power, insurance, tooling, freight)
// split over the general ledger.
import type { RecordInput } from "#domain/collections.ts";
import { addDays, dayOfNextMonth, daysBetween, endOfMonth, nextWeekday } from "./calendar.ts";
import { formatCents } from "./cents.ts";
import type { DemoItem } from "./items.ts";
import { DEMO_COMPANY, type DemoVendor } from "./parties.ts";
import type { Random } from "./random.ts";
import type { DemoRecord } from "./types.ts";

interface PoLine {
  item: DemoItem;
  quantity: number;
  costCents: number;
}

export interface DemoPurchaseOrder {
  externalId: string;
  vendor: DemoVendor;
  date: string;
  status: "open" | "closed" | "cancelled";
  lines: PoLine[];
  /** Receipts in date order; each lists [line index, quantity]. */
  receipts: { date: string; reference: string; lines: [number, number][] }[];
}

function vendorDueDate(vendor: DemoVendor, date: string): string {
  const { terms } = vendor;
  if (terms.dayOfMonthDue !== undefined) return dayOfNextMonth(date, terms.dayOfMonthDue);
  return addDays(date, terms.dueDays ?? 30);
}

export function buildPurchaseOrders(
  random: Random,
  vendors: readonly DemoVendor[],
  items: readonly DemoItem[],
  anchor: string,
  count: number,
): DemoPurchaseOrder[] {
  const stocking = vendors.filter((v) => items.some((i) => i.vendorExternalId === v.externalId));
  const dates = Array.from({ length: count }, () => nextWeekday(addDays(anchor, -random.int(3, 180))))
    .map((d) => (d >= anchor ? addDays(anchor, -3) : d))
    .sort();
  const cancelled = random.int(0, count - 1);
  return dates.map((date, i) => {
    const vendor = random.pick(stocking);
    const catalogue = items.filter((item) => item.vendorExternalId === vendor.externalId);
    const lines = random.sample(catalogue, Math.min(catalogue.length, random.int(1, 5))).map((item) => ({
      item,
      quantity: item.part.family === "material" ? random.int(5, 40) : random.pick([20, 25, 40, 50, 100, 200]),
      costCents: item.part.unitCostCents,
    }));
    const age = daysBetween(date, anchor);
    const po: DemoPurchaseOrder = {
      externalId: `PO-${3001 + i}`,
      vendor,
      date,
      status: i === cancelled ? "cancelled" : age > 45 ? "closed" : "open",
      lines,
      receipts: [],
    };
    if (po.status === "closed") {
      // Usually one delivery; sometimes the vendor ships the rest a week later.
      const first = nextWeekday(addDays(date, random.int(4, 14)));
      if (lines.length > 1 && random.chance(0.3)) {
        const split = random.int(1, lines.length - 1);
        po.receipts.push({
          date: first,
          reference: packingSlip(random),
          lines: lines.slice(0, split).map((l, n) => [n, l.quantity]),
        });
        po.receipts.push({
          date: nextWeekday(addDays(first, random.int(5, 10))),
          reference: packingSlip(random),
          lines: lines.slice(split).map((l, n) => [n + split, l.quantity]),
        });
      } else {
        po.receipts.push({
          date: first,
          reference: packingSlip(random),
          lines: lines.map((l, n) => [n, l.quantity]),
        });
      }
    } else if (po.status === "open" && age > 10 && random.chance(0.5)) {
      const line = lines[0] as PoLine;
      const partial = Math.max(1, Math.floor(line.quantity / 2));
      const received = nextWeekday(addDays(date, random.int(4, 9)));
      if (received < anchor)
        po.receipts.push({ date: received, reference: packingSlip(random), lines: [[0, partial]] });
    }
    return po;
  });
}

function packingSlip(random: Random): string {
  return `PS ${random.int(100000, 999999)}`;
}

export function purchaseOrderRecord(po: DemoPurchaseOrder, random: Random): DemoRecord<"purchase-orders"> {
  const data: RecordInput<"purchase-orders"> = {
    number: po.externalId,
    vendorExternalId: po.vendor.externalId,
    date: po.date,
    status: po.status,
    expectedDate: nextWeekday(addDays(po.date, random.int(5, 21))),
    shipToAddress: DEMO_COMPANY.address,
    lines: po.lines.map((l, n) => ({
      lineId: String(n + 1),
      itemExternalId: l.item.externalId,
      description: l.item.part.description,
      quantity: String(l.quantity),
      unitCost: formatCents(l.costCents),
      amount: formatCents(l.quantity * l.costCents),
    })),
    receipts: po.receipts.map((r) => ({
      date: r.date,
      reference: r.reference,
      lines: r.lines.map(([index, quantity]) => ({ line: index + 1, quantity: String(quantity) })),
    })),
  };
  return { externalId: po.externalId, data };
}

type BillLine = NonNullable<RecordInput<"bills">["lines"]>[number];

interface PendingBill {
  vendor: DemoVendor;
  date: string;
  lines: { line: BillLine; cents: number }[];
  purchaseOrderExternalId?: string;
}

/** What a line booked to each account typically costs, in cents, and how it is described. */
const ACCOUNT_LINES: Readonly<Record<string, { min: number; max: number; text: readonly string[] }>> = {
  "5000": { min: 20000, max: 450000, text: ["Fastener restock", "Special order fasteners"] },
  "5100": { min: 40000, max: 900000, text: ["Bar stock", "Plate, cut to size", "Drops and remnants"] },
  "5200": {
    min: 15000,
    max: 250000,
    text: [
      "Heat treat lot",
      "Zinc plate clear",
      "Black anodize lot",
      "Centerless grind",
      "Passivate lot",
      "Black oxide lot",
    ],
  },
  "5300": {
    min: 4500,
    max: 90000,
    text: ["Freight", "Fuel surcharge", "Liftgate delivery", "Cartons and tape", "Pallets"],
  },
  "6000": { min: 650000, max: 650000, text: ["Monthly rent, 2450 Harrison Ave"] },
  "6010": { min: 8000, max: 60000, text: ["Service", "Monthly service", "Pickup service"] },
  "6020": { min: 9000, max: 40000, text: ["Business fiber 500M", "Mobile lines"] },
  "6200": { min: 80000, max: 400000, text: ["Quarterly premium", "Policy installment"] },
  "6300": {
    min: 15000,
    max: 350000,
    text: [
      "Spindle repair",
      "Preventive maintenance",
      "Calibration of gauges",
      "Compressor service",
      "Way lube pump replaced",
    ],
  },
  "6310": {
    min: 4000,
    max: 60000,
    text: ["Shop towels and gloves", "Coolant", "Abrasive discs", "Welding gas", "Uniform rental"],
  },
  "6320": {
    min: 8000,
    max: 180000,
    text: ["Carbide end mills", "Turning inserts", "Taps and drills", "Tool holders"],
  },
  "6400": { min: 2000, max: 30000, text: ["Office supplies", "Printer toner", "Labels"] },
  "6500": { min: 40000, max: 350000, text: ["Monthly bookkeeping", "Tax preparation", "Contract review"] },
  "6600": { min: 6000, max: 90000, text: ["Truck service", "Tires", "Oil change and inspection"] },
  "6900": { min: 20000, max: 120000, text: ["Directory listing", "Trade show booth"] },
};

function accountLine(
  random: Random,
  account: string,
  options: { customerExternalId?: string | undefined; text?: string; maxCents?: number } = {},
): { line: BillLine; cents: number } {
  const spec = ACCOUNT_LINES[account] ?? { min: 5000, max: 50000, text: ["Services"] };
  const max = options.maxCents ?? spec.max;
  const cents = spec.min >= max ? spec.min : random.int(spec.min / 25, max / 25) * 25;
  const description = options.text ?? random.pick(spec.text);
  const line: BillLine = { accountExternalId: account, description, amount: formatCents(cents) };
  const { customerExternalId } = options;
  if (customerExternalId) line.customerExternalId = customerExternalId;
  return { line, cents };
}

/**
 * `count` bills: one per received purchase order, the recurring overheads (rent, power, insurance)
 * and, for the rest, vendors' bills split over their usual accounts.
 */
export function buildBills(
  random: Random,
  vendors: readonly DemoVendor[],
  orders: readonly DemoPurchaseOrder[],
  customerIds: readonly string[],
  anchor: string,
  count: number,
): PendingBill[] {
  const bills: PendingBill[] = [];
  for (const po of orders) {
    for (const receipt of po.receipts) {
      if (receipt.date >= anchor) continue;
      const lines = receipt.lines.map(([index, quantity]) => {
        const poLine = po.lines[index] as PoLine;
        const line: BillLine = {
          itemExternalId: poLine.item.externalId,
          quantity: String(quantity),
          unitCost: formatCents(poLine.costCents),
          amount: formatCents(quantity * poLine.costCents),
        };
        return { line, cents: quantity * poLine.costCents };
      });
      if (random.chance(0.4)) lines.push(accountLine(random, "5300"));
      bills.push({ vendor: po.vendor, date: receipt.date, lines, purchaseOrderExternalId: po.externalId });
    }
  }
  const named = (name: string) => vendors.find((v) => v.name === name) as DemoVendor;
  const landlord = named("Kishwaukee Industrial Properties LLC");
  const power = named("Northern Illinois Power & Light");
  const insurer = named("Winnebago Mutual Insurance");
  for (let month = 11; month >= 0; month--) {
    const first = addDays(endOfMonth(anchor, month + 1), 1);
    if (first >= anchor) continue;
    bills.push({
      vendor: landlord,
      date: first,
      lines: [
        accountLine(random, "6000"),
        accountLine(random, "6300", { text: "Common area maintenance", maxCents: 60000 }),
      ],
    });
    const powerDate = nextWeekday(addDays(first, 14));
    if (powerDate < anchor)
      bills.push({ vendor: power, date: powerDate, lines: [accountLine(random, "6010")] });
    if (month % 3 === 0) bills.push({ vendor: insurer, date: first, lines: [accountLine(random, "6200")] });
  }
  const others = vendors.filter(
    (v) => !v.profile.suppliesItems && v !== landlord && v !== power && v !== insurer,
  );
  while (bills.length < count) {
    const vendor = random.pick(others);
    const date = nextWeekday(addDays(anchor, -random.int(2, 360)));
    if (date >= anchor) continue;
    // Each line is a different charge: an account with one of the things booked to it.
    const charges = vendor.profile.accounts.flatMap((account) =>
      (ACCOUNT_LINES[account]?.text ?? ["Services"]).map((text) => [account, text] as const),
    );
    const count = Math.min(
      charges.length,
      random.weighted([
        [1, 5],
        [2, 3],
        [3, 2],
      ]),
    );
    const lines = random.sample(charges, count).map(([account, text]) => {
      // Outside processing done for one job is billable to that job's customer.
      const billable = account === "5200" && random.chance(0.4) ? random.pick(customerIds) : undefined;
      return accountLine(random, account, { customerExternalId: billable, text });
    });
    if (vendor.profile.accounts.includes("5200") && random.chance(0.5))
      lines.push(accountLine(random, "5300"));
    bills.push({ vendor, date, lines });
  }
  return bills
    .slice(0, count)
    .sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.vendor.externalId < b.vendor.externalId ? -1 : 1,
    );
}

export function billRecords(random: Random, bills: readonly PendingBill[]): DemoRecord<"bills">[] {
  const used = new Set<string>();
  return bills.map((bill, i) => {
    let number: string;
    do {
      number = random.pick([
        () => String(random.int(100000, 999999)),
        () => `INV-${random.int(10000, 99999)}`,
        () => `${random.int(1000, 9999)}-${random.int(100, 999)}`,
      ])();
    } while (used.has(`${bill.vendor.externalId}/${number}`));
    used.add(`${bill.vendor.externalId}/${number}`);
    const data: RecordInput<"bills"> = {
      number,
      vendorExternalId: bill.vendor.externalId,
      date: bill.date,
      dueDate: vendorDueDate(bill.vendor, bill.date),
      termsExternalId: bill.vendor.terms.externalId,
      lines: bill.lines.map((l) => l.line),
      total: formatCents(bill.lines.reduce((sum, l) => sum + l.cents, 0)),
    };
    if (bill.purchaseOrderExternalId) data.purchaseOrderExternalId = bill.purchaseOrderExternalId;
    return { externalId: `B-${6001 + i}`, data };
  });
}
