// The company's GS1 prefix, from which the SSCC-18s of cartons the host ships without one are made.
import { z } from "zod";
import type { EdiErrorCode } from "#domain/errors.ts";
import { err, ok, type Result } from "#domain/result.ts";
import { validateWith } from "#domain/validate.ts";
import { getCompany } from "#store/companies.ts";
import { getSsccSettings, setSsccSettings } from "#store/edi/sscc.ts";
import type { EdiContext } from "./context.ts";

export const SsccSettingsInput = z
  .strictObject({
    gs1Prefix: z
      .string()
      .regex(/^\d{7,10}$/, "must be the 7 to 10 digits of the GS1 company prefix")
      .meta({ examples: ["0614141"] }),
    extensionDigit: z
      .string()
      .regex(/^\d$/, "must be one digit")
      .default("0")
      .meta({ description: "SSCC extension digit, chosen by the company (0 when unsure)" }),
  })
  .meta({ id: "EdiSsccSettings" });

export interface SsccSettingsView {
  gs1Prefix: string | null;
  extensionDigit: string;
  /** The last serial reference used; the next SSCC takes the one after it. */
  lastSerial: string;
}

export async function readSsccSettings(
  ctx: EdiContext,
  companyId: string,
): Promise<Result<SsccSettingsView, EdiErrorCode>> {
  if (!(await getCompany(ctx.db.kysely, companyId))) return err("company_not_found", "No such company.");
  const stored = await getSsccSettings(ctx.db.kysely, companyId);
  return ok({
    gs1Prefix: stored?.gs1Prefix ?? null,
    extensionDigit: stored?.extensionDigit ?? "0",
    lastSerial: String(stored?.lastSerial ?? 0n),
  });
}

export async function saveSsccSettings(
  ctx: EdiContext,
  input: { companyId: string; body: unknown },
): Promise<Result<SsccSettingsView, EdiErrorCode>> {
  if (!(await getCompany(ctx.db.kysely, input.companyId)))
    return err("company_not_found", "No such company.");
  const valid = validateWith(SsccSettingsInput, input.body);
  if (!valid.ok)
    return err("invalid_sscc_settings", "The SSCC settings are not valid. Nothing was saved.", valid.issues);
  await setSsccSettings(ctx.db.kysely, input.companyId, valid.value);
  return readSsccSettings(ctx, input.companyId);
}
