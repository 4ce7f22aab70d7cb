// Where a connection's OAuth and data API live. Intuit's OAuth endpoints are the same for production and
// sandbox companies; only the data API's host differs (FACTS.md §1.1; Intuit's discovery document
// does not carry the data API's URL). `custom` names all four, which is how the QuickBooks emulator
// (or a test double) is used.

export type QuickBooksEnvironment = "production" | "sandbox" | "custom";

export interface QuickBooksEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
}

const intuitOAuth = {
  authorizeUrl: "https://appcenter.intuit.com/connect/oauth2",
  tokenUrl: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
  revokeUrl: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
} as const;

export const INTUIT_ENDPOINTS: Record<Exclude<QuickBooksEnvironment, "custom">, QuickBooksEndpoints> = {
  production: { ...intuitOAuth, apiBaseUrl: "https://quickbooks.api.intuit.com" },
  sandbox: { ...intuitOAuth, apiBaseUrl: "https://sandbox-quickbooks.api.intuit.com" },
};

/** The endpoints an emulator (or any server with Intuit's paths) serves at `origin`. */
export function endpointsAtOrigin(origin: string): QuickBooksEndpoints {
  const base = origin.replace(/\/+$/, "");
  return {
    authorizeUrl: `${base}/connect/oauth2`,
    tokenUrl: `${base}/oauth2/v1/tokens/bearer`,
    revokeUrl: `${base}/v2/oauth2/tokens/revoke`,
    apiBaseUrl: base,
  };
}

/** The accounting scope: all Ledgerlink asks for. */
export const ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting";
