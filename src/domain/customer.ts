import { z } from "zod";
import { Address, CurrencyCode, Email, Metadata, Phone, Ref, text } from "./common.ts";

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
    termsExternalId: Ref.optional(),
    taxCodeExternalId: Ref.optional(),
    taxable: z.boolean().optional(),
    taxExemptionReason: text(100).optional(),
    currency: CurrencyCode.optional(),
    notes: text(4000).optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .meta({ id: "Customer" });
export type Customer = z.output<typeof Customer>;
