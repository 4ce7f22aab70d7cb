import { z } from "zod";
import { Address, CurrencyCode, checkUnique, Email, Metadata, Phone, Ref, text } from "./common.ts";

/**
 * A place the customer has goods shipped to: a store, a distribution centre. Retailers name it in their
 * purchase orders by their own id (850 N1*ST, element N104: a store number, a DUNS+4 or a GLN), which
 * `partnerLocationId` records so an order finds its location without anyone retyping the address.
 */
export const CustomerLocation = z
  .strictObject({
    code: text(30).meta({
      description: "Your code for the location, unique within the customer",
      examples: ["DC-07"],
    }),
    name: text(100).meta({ examples: ["Columbus distribution centre"] }),
    address: Address,
    partnerLocationId: text(80)
      .optional()
      .meta({
        description:
          "The customer's own id of the location as its EDI documents send it (N1*ST N104), when known",
        examples: ["0007"],
      }),
  })
  .meta({ id: "CustomerLocation" });
export type CustomerLocation = z.output<typeof CustomerLocation>;

export const Customer = z
  .strictObject({
    name: text(500).meta({
      description: "Display name; unique among customers, vendors and employees in QuickBooks",
    }),
    companyName: text(100).optional(),
    givenName: text(100).optional(),
    familyName: text(100).optional(),
    parentExternalId: Ref.optional().meta({
      description: "Parent customer (a sub-customer's company or job)",
    }),
    email: Email.optional().meta({ description: "Billing e-mail address" }),
    phone: Phone.optional(),
    mobile: Phone.optional(),
    billingAddress: Address.optional(),
    shippingAddress: Address.optional(),
    locations: z
      .array(CustomerLocation)
      .max(5000, "must have at most 5000 locations")
      .optional()
      .meta({ description: "Ship-to locations (stores, distribution centres)" }),
    termsExternalId: Ref.optional(),
    taxCodeExternalId: Ref.optional(),
    taxable: z.boolean().optional(),
    taxExemptionReason: text(100).optional(),
    currency: CurrencyCode.optional(),
    notes: text(4000).optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .superRefine((customer, ctx) => {
    const locations = customer.locations;
    checkUnique(ctx, locations, ["locations", "code"], (l) => l.code, repeats("code"));
    checkUnique(
      ctx,
      locations,
      ["locations", "partnerLocationId"],
      (l) => l.partnerLocationId,
      repeats("id"),
    );
  })
  .meta({ id: "Customer" });
export type Customer = z.output<typeof Customer>;

function repeats(what: string) {
  return (first: number, key: string) => `repeats location ${first + 1}'s ${what} "${key}"`;
}
