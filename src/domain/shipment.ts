import { z } from "zod";
import { Address, checkUnique, DateOnly, Gtin, Metadata, Ref, text } from "./common.ts";
import { NonNegativeQuantity, PositiveQuantity } from "./money.ts";

/** GS1 Serial Shipping Container Code: 18 digits, the last one a mod-10 check digit. */
export const Sscc = z
  .string()
  .regex(/^\d{18}$/, "must be 18 digits")
  .refine(hasValidGs1CheckDigit, "has a wrong check digit")
  .meta({ description: "SSCC-18 of the carton (EDI 856 MAN*GM)" });

export function hasValidGs1CheckDigit(digits: string): boolean {
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    // Weights alternate 3,1,… counting from the rightmost digit of the body.
    sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

export const ShipmentItem = z
  .strictObject({
    itemExternalId: Ref,
    quantity: PositiveQuantity,
    orderLineId: text(50).optional().meta({ description: "The order line this fulfils (for 856 LIN/SN1)" }),
    upc: Gtin.optional(),
    lot: text(50).optional(),
  })
  .meta({ id: "ShipmentItem" });

export const Carton = z
  .strictObject({
    sscc: Sscc.optional(),
    trackingNumber: text(50).optional(),
    weight: NonNegativeQuantity.optional(),
    items: z.array(ShipmentItem).min(1, "a carton holds at least one item").max(1000),
  })
  .meta({ id: "Carton" });

/** Goods shipped to a customer, carton by carton, as ship notices (EDI 856) describe them. */
export const Shipment = z
  .strictObject({
    number: text(30).meta({ description: "Shipment id or bill of lading number (856 BSN02)" }),
    customerExternalId: Ref,
    salesOrderExternalId: Ref.optional(),
    customerPoNumber: text(50).optional(),
    shipDate: DateOnly,
    expectedDeliveryDate: DateOnly.optional(),
    carrier: text(60).optional(),
    carrierCode: z
      .string()
      .regex(/^[A-Z]{2,4}$/, "must be a 2 to 4 letter SCAC code")
      .optional(),
    trackingNumber: text(50).optional(),
    billOfLading: text(50).optional(),
    weightUnit: z.enum(["lb", "kg"]).optional(),
    weight: NonNegativeQuantity.optional(),
    shipFrom: Address.optional(),
    shipTo: Address.optional(),
    cartons: z.array(Carton).min(1, "a shipment has at least one carton").max(10000),
    metadata: Metadata.optional(),
  })
  .superRefine((s, ctx) => {
    checkUnique(
      ctx,
      s.cartons,
      ["cartons", "sscc"],
      (c) => c.sscc,
      (first) => `repeats carton ${first + 1}'s SSCC`,
    );
  })
  .meta({ id: "Shipment" });
export type Shipment = z.output<typeof Shipment>;
