// The 856 for a shipment the host recorded against an order that came by EDI: the shipment's cartons
// as packs (pick and pack, BSN05 0001: shipment → order → pack → item), each carton's SSCC-18 as given
// by the host or generated from the company's GS1 prefix, each item with the numbers the partner knows
// it by and the line number of its purchase order, ship-from and ship-to as parties.
//
// Items echo what the partner's 850 said about their line (its product ids and unit) when the order's
// 850 is at hand, since a partner matches an 856 to its order by exactly those; otherwise they carry
// the partner's numbers from the item record.
import type { Party, PurchaseOrder850, Shipment856, ShipmentItem, ShipmentPack } from "#x12/sets/index.ts";
import { sscc18 } from "#x12/sets/index.ts";
import { type ItemNumbers, orderLineOf, partnerIds } from "./partner-items.ts";

/** The fields of a host shipment the 856 reads (the domain's Shipment record satisfies it). */
export interface ShipmentRecord {
  number: string;
  customerExternalId: string;
  customerPoNumber?: string | undefined;
  shipDate: string;
  expectedDeliveryDate?: string | undefined;
  carrier?: string | undefined;
  carrierCode?: string | undefined;
  trackingNumber?: string | undefined;
  billOfLading?: string | undefined;
  weightUnit?: "lb" | "kg" | undefined;
  weight?: string | undefined;
  cartons: {
    sscc?: string | undefined;
    trackingNumber?: string | undefined;
    items: {
      itemExternalId: string;
      quantity: string;
      orderLineId?: string | undefined;
      upc?: string | undefined;
      lot?: string | undefined;
    }[];
  }[];
}

/** The fields of the host's sales order the 856 reads. */
export interface OrderRecord {
  customerPoNumber?: string | undefined;
  lines: {
    lineId?: string | undefined;
    itemExternalId?: string | undefined;
    quantity?: string | undefined;
    customerPoLineNumber?: string | undefined;
  }[];
}

export interface ShipNoticeInput {
  shipment: ShipmentRecord;
  order: OrderRecord;
  /** The partner's 850 for the order, when it is at hand. */
  purchaseOrder?: PurchaseOrder850 | undefined;
  items: ReadonlyMap<string, ItemNumbers>;
  shipFrom: Party;
  shipTo: Party;
  /** For cartons the host sent without an SSCC: the company's GS1 prefix and a source of unused serials. */
  sscc?: { gs1Prefix: string; extensionDigit?: string; nextSerial: () => bigint };
  /** When the notice is made (BSN03/BSN04). */
  now: Date;
}

export interface ShipNoticeIssue {
  field: string;
  message: string;
}

export type ShipNoticeResult =
  | { ok: true; notice: Shipment856; generatedSsccs: string[] }
  | { ok: false; issues: ShipNoticeIssue[] };

export function shipNotice(input: ShipNoticeInput): ShipNoticeResult {
  const { shipment, order } = input;
  const issues: ShipNoticeIssue[] = [];
  const generatedSsccs: string[] = [];
  const poNumber = order.customerPoNumber ?? shipment.customerPoNumber ?? input.purchaseOrder?.poNumber;
  if (!poNumber)
    issues.push({
      field: "customerPoNumber",
      message: "the order has no customer PO number to ship against",
    });

  const packs: ShipmentPack[] = shipment.cartons.map((carton, c) => {
    let sscc = carton.sscc;
    if (!sscc) {
      if (!input.sscc) {
        issues.push({
          field: `cartons[${c}].sscc`,
          message:
            "carton has no SSCC and the company has no GS1 prefix to make one: send the SSCC or set the prefix",
        });
      } else {
        try {
          sscc = sscc18(input.sscc.gs1Prefix, input.sscc.nextSerial(), input.sscc.extensionDigit ?? "0");
          generatedSsccs.push(sscc);
        } catch (error) {
          issues.push({ field: `cartons[${c}].sscc`, message: (error as Error).message });
        }
      }
    }
    const pack: ShipmentPack = {
      items: carton.items.map((shipped, i) => shipItem(input, shipped, `cartons[${c}].items[${i}]`, issues)),
    };
    if (sscc) pack.sscc = sscc;
    if (carton.trackingNumber) pack.marks = [{ qualifier: "CP", value: carton.trackingNumber }];
    return pack;
  });

  if (issues.length > 0) return { ok: false, issues };

  const notice: Shipment856 = {
    purpose: "00",
    shipmentId: shipment.number,
    date: isoDate(input.now),
    time: hhmm(input.now),
    structure: "0001",
    dates: [],
    shipDate: shipment.shipDate,
    references: shipment.trackingNumber ? [{ qualifier: "CN", value: shipment.trackingNumber }] : [],
    parties: [],
    shipFrom: { ...input.shipFrom, entity: "SF" },
    shipTo: { ...input.shipTo, entity: "ST" },
    orders: [
      {
        poNumber: poNumber as string,
        ...(input.purchaseOrder?.date ? { poDate: input.purchaseOrder.date } : {}),
        packs,
      },
    ],
    packaging: {
      code: "CTN25",
      ladingQuantity: String(shipment.cartons.length),
      ...(shipment.weight
        ? {
            weightQualifier: "G",
            weight: shipment.weight,
            weightUnit: shipment.weightUnit === "kg" ? "KG" : "LB",
          }
        : {}),
    },
  };
  if (shipment.expectedDeliveryDate) notice.estimatedDelivery = shipment.expectedDeliveryDate;
  if (shipment.billOfLading) notice.billOfLading = shipment.billOfLading;
  if (shipment.carrierCode || shipment.carrier) {
    notice.carrier = {
      routingSequence: "B",
      ...(shipment.carrierCode ? { idQualifier: "2", scac: shipment.carrierCode } : {}),
      ...(shipment.carrier ? { routing: shipment.carrier } : {}),
    };
  }
  return { ok: true, notice, generatedSsccs };
}

function shipItem(
  input: ShipNoticeInput,
  shipped: ShipmentRecord["cartons"][number]["items"][number],
  field: string,
  issues: ShipNoticeIssue[],
): ShipmentItem {
  const orderLine = orderLineOf(input.order, shipped);
  const poLineNumber = orderLine?.customerPoLineNumber;
  const poLine =
    poLineNumber === undefined
      ? undefined
      : input.purchaseOrder?.lines.find((l) => l.lineNumber === poLineNumber);
  const productIds = poLine
    ? poLine.productIds
    : partnerIds(input.items, input.shipment.customerExternalId, shipped, field, issues);
  const item: ShipmentItem = { productIds, quantity: shipped.quantity, unit: poLine?.unit ?? "EA" };
  if (poLineNumber !== undefined) item.lineNumber = poLineNumber;
  const ordered = poLine?.quantity ?? orderLine?.quantity;
  if (ordered !== undefined) {
    item.orderedQuantity = ordered;
    item.orderedUnit = item.unit;
  }
  return item;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const hhmm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");
