// A company is one tenant: a business whose host records Ledgerlink keeps and syncs.
import { z } from "zod";
import { CurrencyCode, text } from "./common.ts";

export const Company = z
  .strictObject({
    name: text(200),
    homeCurrency: CurrencyCode.optional(),
  })
  .meta({ id: "Company" });
export type Company = z.output<typeof Company>;
