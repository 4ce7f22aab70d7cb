import { z } from "zod";
import { Metadata, text } from "./common.ts";
import { Percent } from "./money.ts";

export const TaxCode = z
  .strictObject({
    name: text(100),
    description: text(4000).optional(),
    rate: Percent.optional().meta({ description: "Combined rate in percent; absent for non-taxable codes" }),
    taxable: z.boolean().default(true),
    active: z.boolean().default(true),
    metadata: Metadata.optional(),
  })
  .meta({ id: "TaxCode" });
export type TaxCode = z.output<typeof TaxCode>;
