import { z } from "zod";
import { Address, CurrencyCode, Email, Metadata, Phone, Ref, text } from "./common.ts";

export const Vendor = z
  .strictObject({
    name: text(500).meta({
      description: "Display name; unique among customers, vendors and employees in QuickBooks",
    }),
    companyName: text(100).optional(),
    email: Email.optional(),
    phone: Phone.optional(),
    address: Address.optional(),
    termsExternalId: Ref.optional(),
    accountNumber: text(100).optional().meta({ description: "Our account number with this vendor" }),
    taxId: text(20).optional(),
    is1099: z.boolean().optional(),
    currency: CurrencyCode.optional(),
    notes: text(4000).optional(),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .meta({ id: "Vendor" });
export type Vendor = z.output<typeof Vendor>;
