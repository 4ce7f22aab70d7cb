// The kinds of company a seed can build, and the sales-tax set-up each one starts with. QuickBooks
// Online has three tax models (Intuit's sales-tax guides for US, Canadian, UK and Australian
// companies):
// - a US company with automated sales tax (`Preferences.TaxPrefs.PartnerTaxEnabled` true): QuickBooks
//   computes each transaction's tax from its own rate table by ship-to region; lines carry only the
//   pseudo codes TAX and NON;
// - a US company without it (manual sales tax): tax codes group rates, the transaction names one;
// - a non-US company (Canada, UK, Australia): every line carries a tax code, and
//   `GlobalTaxCalculation` says whether amounts exclude tax, include it, or have none.
// The rates below are examples for a test company, not a tax service.

export type SeedName = "demo" | "empty";
export const SEEDS: readonly SeedName[] = ["demo", "empty"];

export type CompanyKind = "us-manual-tax" | "us-automated-tax" | "ca" | "uk" | "au";

export const COMPANY_KINDS: readonly CompanyKind[] = ["us-manual-tax", "us-automated-tax", "ca", "uk", "au"];

export const DEFAULT_COMPANY_KIND: CompanyKind = "us-manual-tax";

export interface RateSpec {
  name: string;
  value: number;
  description: string;
}

export interface CodeSpec {
  name: string;
  description: string;
  /** Rate names, in tax order. */
  rates: readonly string[];
}

export interface Locale {
  /** `CompanyInfo.Country` as QuickBooks writes it. */
  country: string;
  currency: { value: string; name: string };
  address: Record<string, string>;
  agency: string;
  /** The liability account the tax collected goes to. */
  taxAccount: string;
  rates: readonly RateSpec[];
  codes: readonly CodeSpec[];
  /** The word QuickBooks uses in its "Make sure all your transactions have a … rate" fault. */
  taxWord: string;
}

const US = {
  country: "US",
  currency: { value: "USD", name: "United States Dollar" },
  address: {
    Line1: "4200 Foundry Road",
    City: "Columbus",
    CountrySubDivisionCode: "OH",
    PostalCode: "43219",
    Country: "US",
  },
  taxAccount: "Sales Tax Payable",
  taxWord: "sales tax",
};

/**
 * The automated engine's rate table, by ship-to state: what QuickBooks would look up for an address.
 * States not listed have no tax for this company (no nexus there).
 */
export const AUTOMATED_RATES: Readonly<Record<string, readonly RateSpec[]>> = {
  OH: [
    { name: "OH State", value: 5.75, description: "Ohio state sales tax" },
    { name: "OH Franklin County", value: 1.75, description: "Franklin County permissive sales tax" },
  ],
  CA: [{ name: "CA State", value: 7.25, description: "California statewide base rate" }],
  NY: [
    { name: "NY State", value: 4, description: "New York state sales tax" },
    { name: "NY New York City", value: 4.5, description: "New York City local sales tax" },
  ],
  TX: [{ name: "TX State", value: 6.25, description: "Texas state sales tax" }],
};

export const LOCALES: Readonly<Record<CompanyKind, Locale>> = {
  "us-manual-tax": {
    ...US,
    agency: "Ohio Department of Taxation",
    rates: [
      { name: "Ohio State", value: 5.75, description: "Ohio state sales tax" },
      { name: "Franklin County", value: 1.75, description: "Franklin County permissive sales tax" },
      { name: "Out of state", value: 0, description: "Sales shipped outside Ohio" },
    ],
    codes: [
      {
        name: "Franklin County, OH",
        description: "Ohio state and Franklin County",
        rates: ["Ohio State", "Franklin County"],
      },
      { name: "Ohio (state only)", description: "Ohio state sales tax", rates: ["Ohio State"] },
      { name: "Out of state", description: "No Ohio sales tax", rates: ["Out of state"] },
    ],
  },
  "us-automated-tax": {
    ...US,
    agency: "Ohio Department of Taxation",
    rates: Object.values(AUTOMATED_RATES).flat(),
    codes: [],
  },
  ca: {
    country: "CA",
    currency: { value: "CAD", name: "Canadian Dollar" },
    address: {
      Line1: "220 King Street West",
      City: "Toronto",
      CountrySubDivisionCode: "ON",
      PostalCode: "M5H 1K4",
      Country: "CA",
    },
    agency: "Canada Revenue Agency",
    taxAccount: "GST/HST Payable",
    taxWord: "GST/HST",
    rates: [
      { name: "GST", value: 5, description: "Goods and services tax" },
      { name: "HST ON", value: 13, description: "Harmonized sales tax, Ontario" },
      { name: "Zero-rated", value: 0, description: "Zero-rated supplies" },
      { name: "Exempt", value: 0, description: "Exempt supplies" },
    ],
    codes: [
      { name: "GST", description: "GST 5%", rates: ["GST"] },
      { name: "HST ON", description: "HST 13% (Ontario)", rates: ["HST ON"] },
      { name: "Zero-rated", description: "Zero-rated 0%", rates: ["Zero-rated"] },
      { name: "Exempt", description: "Exempt", rates: ["Exempt"] },
    ],
  },
  uk: {
    country: "GB",
    currency: { value: "GBP", name: "British Pound Sterling" },
    address: {
      Line1: "14 Colmore Row",
      City: "Birmingham",
      CountrySubDivisionCode: "West Midlands",
      PostalCode: "B3 2BJ",
      Country: "GB",
    },
    agency: "HM Revenue & Customs",
    taxAccount: "VAT Control",
    taxWord: "VAT",
    rates: [
      { name: "20.0% S", value: 20, description: "Standard rate" },
      { name: "5.0% R", value: 5, description: "Reduced rate" },
      { name: "0.0% Z", value: 0, description: "Zero rate" },
      { name: "Exempt", value: 0, description: "Exempt" },
    ],
    codes: [
      { name: "20.0% S", description: "Standard rated 20%", rates: ["20.0% S"] },
      { name: "5.0% R", description: "Reduced rated 5%", rates: ["5.0% R"] },
      { name: "0.0% Z", description: "Zero rated", rates: ["0.0% Z"] },
      { name: "Exempt", description: "Exempt", rates: ["Exempt"] },
    ],
  },
  au: {
    country: "AU",
    currency: { value: "AUD", name: "Australian Dollar" },
    address: {
      Line1: "90 Collins Street",
      City: "Melbourne",
      CountrySubDivisionCode: "VIC",
      PostalCode: "3000",
      Country: "AU",
    },
    agency: "Australian Taxation Office",
    taxAccount: "GST Payable",
    taxWord: "GST",
    rates: [
      { name: "GST", value: 10, description: "Goods and services tax" },
      { name: "GST free", value: 0, description: "GST-free supplies" },
    ],
    codes: [
      { name: "GST", description: "GST 10%", rates: ["GST"] },
      { name: "FRE", description: "GST free", rates: ["GST free"] },
    ],
  },
};
