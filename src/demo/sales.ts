// The sales side of the demo: a year of invoices, the payments that settled most of them, a few open
// sales orders (with delivery fees, discounts and deposits) and the shipments that went out in cartons.

import type { RecordInput } from "#domain/collections.ts";
import type { Address } from "#domain/common.ts";
import { addDays, dayOfNextMonth, daysBetween, nextWeekday } from "./calendar.ts";
import type { PartFamily } from "./catalog.ts";
import { formatCents, percentOf } from "./cents.ts";
import type { DemoItem } from "./items.ts";
import type { DemoCustomer } from "./parties.ts";
import type { Random } from "./random.ts";
import type { DemoRecord } from "./types.ts";

interface Line {
  item: DemoItem;
  quantity: number;
  priceCents: number;
}

interface SalesDocument {
  externalId: string;
  number: string;
  customer: DemoCustomer;
  date: string;
  lines: Line[];
  taxCents: number;
  deliveryFeeCents: number;
  discountCents: number;
  totalCents: number;
  poNumber?: string;
}

export interface DemoInvoice extends SalesDocument {
  dueDate: string;
  /** The order this invoice bills, when it came from one. */
  salesOrder?: DemoSalesOrder;
}

const GOODS: ReadonlySet<PartFamily> = new Set(["fastener", "machined", "material"]);

export class ItemPools {
  readonly byFamily: Readonly<Record<PartFamily, DemoItem[]>>;

  constructor(items: readonly DemoItem[]) {
    const pools: Record<PartFamily, DemoItem[]> = {
      fastener: [],
      machined: [],
      material: [],
      service: [],
      charge: [],
    };
    for (const item of items) pools[item.part.family].push(item);
    this.byFamily = pools;
  }

  /** What a customer of this kind tends to buy: distributors fasteners, manufacturers parts and labour. */
  familyFor(random: Random, customer: DemoCustomer): PartFamily {
    switch (customer.kind) {
      case "distributor":
      case "parent":
      case "branch":
        return random.weighted([
          ["fastener", 85],
          ["machined", 8],
          ["charge", 4],
          ["material", 3],
        ]);
      case "individual":
        return random.weighted([
          ["fastener", 70],
          ["material", 25],
          ["service", 5],
        ]);
      default:
        return random.weighted([
          ["machined", 45],
          ["fastener", 25],
          ["service", 20],
          ["charge", 6],
          ["material", 4],
        ]);
    }
  }
}

function quantityFor(random: Random, item: DemoItem, customer: DemoCustomer): number {
  const { part } = item;
  switch (part.family) {
    case "fastener":
      return customer.kind === "individual"
        ? random.int(1, 4)
        : random.int(2, customer.kind === "manufacturer" ? 20 : 60);
    case "machined":
      return random.pick([10, 20, 25, 50, 100, 150, 200, 250, 500]);
    case "material":
      return random.int(1, 8);
    case "service":
      return part.name.includes("per hour") ? random.int(1, 24) : 1;
    case "charge":
      return part.name.includes("per kit") ? random.pick([50, 100, 250, 500]) : 1;
  }
}

/** Distributors buy fasteners below list; everyone else pays list. */
function priceFor(item: DemoItem, customer: DemoCustomer): number {
  const list = item.part.unitPriceCents;
  const discounted =
    customer.kind === "distributor" || customer.kind === "parent" || customer.kind === "branch";
  return discounted && item.part.family === "fastener" ? Math.round(list * 0.8) : list;
}

function buildLines(random: Random, pools: ItemPools, customer: DemoCustomer, count: number): Line[] {
  const lines: Line[] = [];
  const used = new Set<string>();
  for (let attempts = 0; lines.length < count && attempts < count * 10; attempts++) {
    const item = random.pick(pools.byFamily[pools.familyFor(random, customer)]);
    if (used.has(item.externalId)) continue;
    used.add(item.externalId);
    lines.push({ item, quantity: quantityFor(random, item, customer), priceCents: priceFor(item, customer) });
  }
  return lines;
}

function totals(
  random: Random,
  customer: DemoCustomer,
  lines: readonly Line[],
  fees: { deliveryChance: number; discountChance: number },
) {
  const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.priceCents, 0);
  const taxable = lines
    .filter((l) => GOODS.has(l.item.part.family))
    .reduce((sum, l) => sum + l.quantity * l.priceCents, 0);
  const basisPoints = customer.taxCode.basisPoints;
  const taxCents = basisPoints === undefined ? 0 : percentOf(taxable, basisPoints);
  const deliveryFeeCents = random.chance(fees.deliveryChance) ? random.int(60, 740) * 25 : 0;
  const discountCents = random.chance(fees.discountChance)
    ? percentOf(subtotal, random.pick([200, 300, 500]))
    : 0;
  return {
    taxCents,
    deliveryFeeCents,
    discountCents,
    totalCents: subtotal + taxCents + deliveryFeeCents - discountCents,
  };
}

function dueDate(customer: DemoCustomer, date: string): string {
  const { terms } = customer;
  if (terms.dayOfMonthDue !== undefined) return dayOfNextMonth(date, terms.dayOfMonthDue);
  return addDays(date, terms.dueDays ?? 30);
}

function poNumber(random: Random, customer: DemoCustomer): string | undefined {
  if (!customer.poPrefix) return undefined;
  return `${customer.poPrefix}${random.int(10000, 99999)}`;
}

function pickCustomer(random: Random, customers: readonly DemoCustomer[]): DemoCustomer {
  return random.weighted(customers.map((c) => [c, c.volume] as const));
}

/** A weekday in the `days` days before the anchor (the anchor itself excluded). */
function pastWeekday(random: Random, anchor: string, days: number): string {
  for (;;) {
    const date = nextWeekday(addDays(anchor, -random.int(1, days)));
    if (date < anchor) return date;
  }
}

/**
 * `count` invoices over the past year: one for each order that has shipped, the rest for counter and
 * phone sales, numbered in date order.
 */
export function buildInvoices(
  random: Random,
  pools: ItemPools,
  customers: readonly DemoCustomer[],
  orders: readonly DemoSalesOrder[],
  anchor: string,
  count: number,
): DemoInvoice[] {
  const active = customers.filter((c) => c.active);
  const shipped = orders.filter((o) => o.status === "closed" && o.shipDate < anchor).slice(0, count);
  const dates = Array.from({ length: count - shipped.length }, () => pastWeekday(random, anchor, 365));
  const invoices: Omit<DemoInvoice, "externalId" | "number">[] = dates.map((date) => {
    // Customers that were made inactive stopped buying a few months ago.
    const recent = daysBetween(date, anchor) < 120;
    const customer = pickCustomer(random, recent ? active : customers);
    const lines = buildLines(
      random,
      pools,
      customer,
      random.weighted([
        [1, 3],
        [2, 5],
        [3, 5],
        [4, 3],
        [5, 2],
        [6, 1],
      ]),
    );
    const invoice: Omit<DemoInvoice, "externalId" | "number"> = {
      customer,
      date,
      dueDate: dueDate(customer, date),
      lines,
      ...totals(random, customer, lines, { deliveryChance: 0.25, discountChance: 0.04 }),
    };
    const po = poNumber(random, customer);
    if (po) invoice.poNumber = po;
    return invoice;
  });
  for (const order of shipped) {
    const {
      externalId: _id,
      number: _number,
      status: _status,
      paymentStatus: _paid,
      shipDate,
      ...document
    } = order;
    invoices.push({
      ...document,
      date: shipDate,
      dueDate: dueDate(order.customer, shipDate),
      salesOrder: order,
    });
  }
  // A stable sort keeps same-day invoices in the order they were made, so numbering is reproducible.
  invoices.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return invoices.map((invoice, i) => {
    const number = `INV-${24001 + i}`;
    return { ...invoice, externalId: number, number };
  });
}

function salesLines(lines: readonly Line[], describe: boolean): RecordInput<"invoices">["lines"] {
  return lines.map((l, i) => {
    const line: RecordInput<"invoices">["lines"][number] = {
      lineId: String(i + 1),
      itemExternalId: l.item.externalId,
      quantity: String(l.quantity),
      unitPrice: formatCents(l.priceCents),
      amount: formatCents(l.quantity * l.priceCents),
    };
    if (describe) line.description = l.item.part.description;
    return line;
  });
}

const INVOICE_MEMOS = [
  "Partial shipment; balance to follow",
  "Certs attached",
  "Thank you for your business",
  "Released against blanket order",
  "Includes expedite per phone call",
];

export function invoiceRecord(random: Random, invoice: DemoInvoice, anchor: string): DemoRecord<"invoices"> {
  const data: RecordInput<"invoices"> = {
    number: invoice.number,
    customerExternalId: invoice.customer.externalId,
    date: invoice.date,
    dueDate: invoice.dueDate,
    termsExternalId: invoice.customer.terms.externalId,
    taxCodeExternalId: invoice.customer.taxCode.externalId,
    lines: salesLines(invoice.lines, random.chance(0.3)),
    // Invoices older than two weeks have been sent and are final in the shop's system.
    locked: daysBetween(invoice.date, anchor) > 14,
    total: formatCents(invoice.totalCents),
  };
  if (invoice.lines.some((l) => GOODS.has(l.item.part.family))) data.shipDate = invoice.date;
  if (invoice.taxCents > 0) data.taxAmount = formatCents(invoice.taxCents);
  if (invoice.deliveryFeeCents > 0) data.deliveryFee = formatCents(invoice.deliveryFeeCents);
  if (invoice.discountCents > 0) data.discount = formatCents(invoice.discountCents);
  if (invoice.poNumber) data.customerPoNumber = invoice.poNumber;
  if (invoice.salesOrder) data.salesOrderExternalId = invoice.salesOrder.externalId;
  if (invoice.customer.shipping !== invoice.customer.billing)
    data.shippingAddress = invoice.customer.shipping;
  if (random.chance(0.08)) data.memo = random.pick(INVOICE_MEMOS);
  return { externalId: invoice.externalId, data };
}

interface Application {
  invoice?: DemoInvoice;
  salesOrderExternalId?: string;
  amountCents: number;
}

interface PendingPayment {
  customer: DemoCustomer;
  date: string;
  applications: Application[];
  /** Money received beyond what is applied: it stays as the customer's credit. */
  unappliedCents: number;
}

/**
 * Most invoices past due are paid, some in part, a few not at all; a customer's invoices paid in the
 * same week go on one cheque, as accounts payable departments do.
 */
export function buildInvoicePayments(
  random: Random,
  invoices: readonly DemoInvoice[],
  anchor: string,
): PendingPayment[] {
  const groups = new Map<string, PendingPayment>();
  const singles: PendingPayment[] = [];
  for (const invoice of invoices) {
    // What was paid against the order (a deposit, a card prepayment) is already applied to the order.
    if (invoice.salesOrder && invoice.salesOrder.paidCents > 0) continue;
    const overdue = daysBetween(invoice.dueDate, anchor);
    const outcome =
      overdue > 10
        ? random.weighted([
            ["paid", 88],
            ["partial", 4],
            ["unpaid", 8],
          ] as const)
        : random.weighted([
            ["paid", 30],
            ["unpaid", 70],
          ] as const);
    if (outcome === "unpaid") continue;
    const lateness = random.weighted([
      [-random.int(0, 20), 5],
      [random.int(0, 10), 4],
      [random.int(10, 45), 2],
    ]);
    let date = nextWeekday(addDays(invoice.dueDate, lateness));
    if (date <= invoice.date) date = nextWeekday(addDays(invoice.date, random.int(1, 5)));
    if (date >= anchor) continue;
    if (outcome === "partial") {
      const part = Math.round((invoice.totalCents * random.int(25, 75)) / 100);
      if (part > 0)
        singles.push({
          customer: invoice.customer,
          date,
          applications: [{ invoice, amountCents: part }],
          unappliedCents: 0,
        });
      continue;
    }
    const week = addDays(date, -new Date(`${date}T00:00:00Z`).getUTCDay());
    const key = `${invoice.customer.externalId}/${week}`;
    let payment = groups.get(key);
    if (!payment) {
      payment = { customer: invoice.customer, date, applications: [], unappliedCents: 0 };
      groups.set(key, payment);
    }
    if (date > payment.date) payment.date = date;
    payment.applications.push({ invoice, amountCents: invoice.totalCents });
  }
  const payments = [...groups.values(), ...singles];
  // A couple of customers paid more than they owed; the difference stays on account.
  for (const payment of random.sample(payments, 3)) payment.unappliedCents = random.int(1, 40) * 500;
  return payments;
}

const METHODS = [
  ["check", 55],
  ["ach", 33],
  ["credit_card", 9],
  ["wire", 3],
] as const;

export function paymentRecords(random: Random, payments: PendingPayment[]): DemoRecord<"payments">[] {
  const sorted = [...payments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return sorted.map((payment, i) => {
    const method = random.weighted(METHODS);
    const applied = payment.applications.reduce((sum, a) => sum + a.amountCents, 0);
    const number = `PMT-${5001 + i}`;
    const data: RecordInput<"payments"> = {
      number,
      customerExternalId: payment.customer.externalId,
      date: payment.date,
      amount: formatCents(applied + payment.unappliedCents),
      method,
      depositAccountExternalId: method === "check" ? "1250" : "1000",
      applications: payment.applications.map((a) =>
        a.invoice
          ? { invoiceExternalId: a.invoice.externalId, amount: formatCents(a.amountCents) }
          : { salesOrderExternalId: a.salesOrderExternalId as string, amount: formatCents(a.amountCents) },
      ),
    };
    if (method === "check") data.reference = String(random.int(1001, 99999));
    if (method === "ach") data.reference = `ACH ${random.int(100000000, 999999999)}`;
    if (method === "credit_card") data.reference = `Card ending ${random.int(1000, 9999)}`;
    if (method === "wire") data.reference = `Fed ref ${random.int(10000000, 99999999)}`;
    if (payment.unappliedCents > 0) data.memo = "Overpayment left on account";
    return { externalId: number, data };
  });
}

export interface DemoSalesOrder extends SalesDocument {
  status: "open" | "closed";
  paymentStatus: "paid" | "partially_paid" | "unpaid";
  paidCents: number;
  shipDate: string;
}

/** Recent orders, several still open; some prepaid by card, some with a deposit, most on account. */
export function buildSalesOrders(
  random: Random,
  pools: ItemPools,
  customers: readonly DemoCustomer[],
  anchor: string,
  count: number,
): DemoSalesOrder[] {
  const active = customers.filter((c) => c.active && c.kind !== "individual");
  const dates = Array.from({ length: count }, () => pastWeekday(random, anchor, 30)).sort();
  return dates.map((date, i) => {
    const customer = pickCustomer(random, active);
    const lines = buildLines(random, pools, customer, random.int(2, 6));
    const money = totals(random, customer, lines, { deliveryChance: 0.75, discountChance: 0.4 });
    const paymentStatus = random.weighted([
      ["paid", 3],
      ["partially_paid", 3],
      ["unpaid", 6],
    ] as const);
    const paidCents =
      paymentStatus === "paid"
        ? money.totalCents
        : paymentStatus === "partially_paid"
          ? Math.round((money.totalCents * random.pick([25, 30, 50])) / 100)
          : 0;
    const number = `SO-${7001 + i}`;
    const order: DemoSalesOrder = {
      externalId: number,
      number,
      customer,
      date,
      lines,
      ...money,
      status: daysBetween(date, anchor) > 12 ? "closed" : "open",
      paymentStatus,
      paidCents,
      shipDate: nextWeekday(addDays(date, random.int(1, 10))),
    };
    const po = poNumber(random, customer) ?? `PO${random.int(10000, 99999)}`;
    order.poNumber = po;
    return order;
  });
}

export function salesOrderRecord(order: DemoSalesOrder): DemoRecord<"sales-orders"> {
  const data: RecordInput<"sales-orders"> = {
    number: order.number,
    customerExternalId: order.customer.externalId,
    date: order.date,
    status: order.status,
    shipDate: order.shipDate,
    termsExternalId: order.customer.terms.externalId,
    taxCodeExternalId: order.customer.taxCode.externalId,
    shippingAddress: order.customer.shipping,
    lines: salesLines(order.lines, false),
    paymentStatus: order.paymentStatus,
    amountPaid: formatCents(order.paidCents),
    total: formatCents(order.totalCents),
  };
  if (order.poNumber) data.customerPoNumber = order.poNumber;
  if (order.customer.email) data.email = order.customer.email;
  if (order.taxCents > 0) data.taxAmount = formatCents(order.taxCents);
  if (order.deliveryFeeCents > 0) data.deliveryFee = formatCents(order.deliveryFeeCents);
  if (order.discountCents > 0) data.discount = formatCents(order.discountCents);
  return { externalId: order.externalId, data };
}

/** Deposits and prepayments taken against orders. */
export function buildOrderPayments(
  random: Random,
  orders: readonly DemoSalesOrder[],
  anchor: string,
): PendingPayment[] {
  return orders
    .filter((o) => o.paidCents > 0)
    .map((order) => {
      let date = nextWeekday(addDays(order.date, random.int(0, 3)));
      if (date >= anchor) date = order.date;
      return {
        customer: order.customer,
        date,
        applications: [{ salesOrderExternalId: order.externalId, amountCents: order.paidCents }],
        unappliedCents: 0,
      };
    });
}

/** The GS1 example company prefix: SSCCs under it are well formed and belong to no real shipper. */
const GS1_PREFIX = "0614141";

export function sscc(serial: number): string {
  const body = `0${GS1_PREFIX}${String(serial).padStart(9, "0")}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** Pounds per unit sold: a box of fasteners, a machined piece, a 12 ft bar. */
function unitWeight(item: DemoItem): number {
  switch (item.part.family) {
    case "fastener":
      return 4;
    case "machined":
      return 0.6;
    case "material":
      return 30;
    default:
      return 0;
  }
}

const CARRIERS = [
  { carrier: "Blackhawk LTL Freight", code: "BHLF", parcel: false },
  { carrier: "Rock River Carriers Inc", code: "RRCI", parcel: false },
  { carrier: "Great Lakes Parcel Service", code: "GLPS", parcel: true },
] as const;

/** Orders that have shipped, packed into cartons of at most 40 lb. */
export function shipmentRecords(
  random: Random,
  orders: readonly DemoSalesOrder[],
  shipFrom: Address,
  anchor: string,
): DemoRecord<"shipments">[] {
  let serial = 1;
  return orders
    .filter((o) => o.shipDate < anchor && o.lines.some((l) => unitWeight(l.item) > 0))
    .map((order, i) => {
      const cartons: NonNullable<RecordInput<"shipments">["cartons"]> = [];
      for (const [index, line] of order.lines.entries()) {
        const weight = unitWeight(line.item);
        if (weight === 0) continue;
        const perCarton = Math.max(1, Math.floor(40 / weight));
        for (let left = line.quantity; left > 0; left -= perCarton) {
          const quantity = Math.min(left, perCarton);
          cartons.push({
            sscc: sscc(serial++),
            weight: String(Math.ceil(quantity * weight + 1)),
            items: [
              {
                itemExternalId: line.item.externalId,
                quantity: String(quantity),
                orderLineId: String(index + 1),
              },
            ],
          });
        }
      }
      const totalWeight = cartons.reduce((sum, c) => sum + Number(c.weight), 0);
      const carrier = totalWeight > 150 ? random.pick(CARRIERS.filter((c) => !c.parcel)) : CARRIERS[2];
      const number = `SH-${8001 + i}`;
      const data: RecordInput<"shipments"> = {
        number,
        customerExternalId: order.customer.externalId,
        salesOrderExternalId: order.externalId,
        shipDate: order.shipDate,
        expectedDeliveryDate: nextWeekday(addDays(order.shipDate, carrier.parcel ? 2 : 3)),
        carrier: carrier.carrier,
        carrierCode: carrier.code,
        trackingNumber: `${carrier.code}${random.int(100000000, 999999999)}`,
        weightUnit: "lb",
        weight: String(totalWeight),
        shipFrom,
        shipTo: order.customer.shipping,
        cartons,
      };
      if (order.poNumber) data.customerPoNumber = order.poNumber;
      if (!carrier.parcel) data.billOfLading = `BOL${random.int(1000000, 9999999)}`;
      return { externalId: number, data };
    });
}
