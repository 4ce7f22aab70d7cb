// `POST /taxservice/taxcode`: the only way an app creates tax codes (and new tax rates) in a US
// company. Request and response follow Intuit's tax service reference (DETAILS.md §3):
//   {"TaxCode":"Name","TaxRateDetails":[{"TaxRateName":"…","RateValue":"8","TaxAgencyId":"1","TaxApplicableOn":"Sales"}]}
// or, to reuse a rate, {"TaxRateId":"3","TaxApplicableOn":"Sales"}. The answer echoes the request with
// TaxCodeId and each TaxRateId filled in.
import type { Ctx } from "../entities/spec.ts";
import { isObject, nonEmpty, str } from "../entities/spec.ts";
import { fault } from "../faults.ts";
import type { QboObject } from "../store/company.ts";
import { formatTimestamp } from "../time.ts";

const APPLICABLE_ON = ["Sales", "Purchase"];

interface RateRequest {
  rate?: QboObject;
  name?: string;
  value?: number;
  agencyId?: string;
  applicableOn: string;
}

function parseRate(ctx: Ctx, input: unknown): RateRequest {
  if (!isObject(input)) throw fault.invalidProperty("TaxRateDetails must hold objects", "TaxRateDetails");
  const applicableOn = str(input.TaxApplicableOn) ?? "Sales";
  if (!APPLICABLE_ON.includes(applicableOn)) throw fault.invalidEnumeration(applicableOn, "TaxApplicableOn");
  const rateId = nonEmpty(input.TaxRateId);
  if (rateId) {
    const rate = ctx.company.get("TaxRate", rateId);
    if (!rate) throw fault.invalidReference("TaxRateId");
    return { rate, applicableOn };
  }
  const name = nonEmpty(input.TaxRateName);
  if (!name) throw fault.requiredParam("TaxRateName");
  const value = Number(input.RateValue);
  if (input.RateValue === undefined || input.RateValue === null || input.RateValue === "") {
    throw fault.requiredParam("RateValue");
  }
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw fault.businessValidation("The tax rate must be between 0 and 100.", "RateValue");
  }
  const agencyId = nonEmpty(input.TaxAgencyId);
  if (!agencyId) throw fault.requiredParam("TaxAgencyId");
  if (!ctx.company.get("TaxAgency", agencyId)) throw fault.invalidReference("TaxAgencyId");
  if (ctx.company.holderOf(`taxrate:${name.toLowerCase()}`))
    throw fault.duplicateName(ctx.company.holderOf(`taxrate:${name.toLowerCase()}`)?.split(":")[1] ?? "");
  return { name, value, agencyId, applicableOn };
}

function store(ctx: Ctx, entity: string, body: Record<string, unknown>): QboObject {
  const stamp = formatTimestamp(ctx.now);
  const obj = {
    ...body,
    domain: "QBO",
    sparse: false,
    Id: ctx.company.nextId(entity),
    SyncToken: "0",
    MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
  } as QboObject;
  ctx.company.put(entity, obj, ctx.now);
  ctx.changes.push({ entity, id: obj.Id, operation: "Create", lastUpdated: stamp });
  return obj;
}

export function createTaxCode(ctx: Ctx, body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw fault.invalidProperty("the request body must be a TaxService object");
  const codeName = nonEmpty(body.TaxCode);
  if (!codeName) throw fault.requiredParam("TaxCode");
  const existing = ctx.company.holderOf(`taxcode:${codeName.toLowerCase()}`);
  if (existing) throw fault.duplicateName(existing.split(":")[1] ?? "");
  if (!Array.isArray(body.TaxRateDetails) || body.TaxRateDetails.length === 0) {
    throw fault.requiredParam("TaxRateDetails");
  }
  // Everything is checked before anything is stored, so a refused request leaves no stray rates.
  const requests = body.TaxRateDetails.map((r) => parseRate(ctx, r));
  const seen = new Set<string>();
  for (const r of requests) {
    const key = r.rate ? `id:${r.rate.Id}:${r.applicableOn}` : `name:${r.name?.toLowerCase()}`;
    if (seen.has(key)) throw fault.businessValidation("A tax rate can be listed only once in a tax code.");
    seen.add(key);
  }
  const rates = requests.map((r) => {
    const rate =
      r.rate ??
      store(ctx, "TaxRate", {
        Name: r.name,
        Active: true,
        RateValue: r.value,
        AgencyRef: { value: r.agencyId },
        SpecialTaxType: "NONE",
        DisplayType: "ReadOnly",
        EffectiveTaxRate: [{ RateValue: r.value, EffectiveDate: formatTimestamp(ctx.now) }],
      });
    return { request: r, rate };
  });
  const list = (on: string) => ({
    TaxRateDetail: rates
      .filter((x) => x.request.applicableOn === on)
      .map((x, i) => ({
        TaxRateRef: { value: x.rate.Id, name: String(x.rate.Name) },
        TaxTypeApplicable: "TaxOnAmount",
        TaxOrder: i,
      })),
  });
  const code = store(ctx, "TaxCode", {
    Name: codeName,
    Description: codeName,
    Active: true,
    Hidden: false,
    Taxable: true,
    TaxGroup: rates.length > 1,
    SalesTaxRateList: list("Sales"),
    PurchaseTaxRateList: list("Purchase"),
  });
  return {
    TaxCode: codeName,
    TaxCodeId: code.Id,
    TaxRateDetails: rates.map(({ request, rate }) => ({
      TaxRateName: rate.Name,
      TaxRateId: rate.Id,
      RateValue: rate.RateValue,
      ...(isObject(rate.AgencyRef) ? { TaxAgencyId: rate.AgencyRef.value } : {}),
      TaxApplicableOn: request.applicableOn,
    })),
  };
}
