// Conformance with clients written by others: Intuit's own `intuit-oauth` and the widely used
// `node-quickbooks`, unmodified, pointed at a running emulator by overriding their endpoint URLs. What
// they send and how they read the answers is theirs; the test only checks the outcome.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { createEmulator, type Emulator } from "#emulator/index.ts";

const require = createRequire(import.meta.url);

// Narrow views of the two CommonJS libraries: only what this test touches.
interface AuthResponse {
  json: Record<string, unknown>;
}
interface OAuthClientInstance {
  setAuthorizeURLs(urls: Record<string, string>): OAuthClientInstance;
  authorizeUri(params: { scope: string[]; state: string }): string;
  createToken(uri: string): Promise<AuthResponse>;
  refresh(): Promise<AuthResponse>;
  validateIdToken(): Promise<boolean>;
  getToken(): { access_token: string; refresh_token: string; realmId: string; id_token?: string };
  makeApiCall(params: { url: string; method?: string }): Promise<{ json: Record<string, unknown> }>;
}
interface OAuthClientClass {
  new (config: Record<string, unknown>): OAuthClientInstance;
  scopes: Record<string, string>;
  jwks_uri: string;
}
type Callback = (err: unknown, data: unknown) => void;
interface QuickBooksInstance {
  token: string;
  refreshToken: string;
  [method: string]: unknown;
}
interface QuickBooksClass {
  new (...args: unknown[]): QuickBooksInstance;
  V3_ENDPOINT_BASE_URL: string;
  TOKEN_URL: string;
  REVOKE_URL: string;
}

const OAuthClient = require("intuit-oauth") as OAuthClientClass;
const QuickBooks = require("node-quickbooks") as QuickBooksClass;

const CLIENT_ID = "ledgerlink-dev";
const CLIENT_SECRET = "ledgerlink-dev-secret";
const REDIRECT_URI = "http://localhost:8765/callback";

/** Calls a node-quickbooks callback method and settles with what it passed back. */
function call<T = Record<string, unknown>>(
  qb: QuickBooksInstance,
  method: string,
  ...args: unknown[]
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = qb[method] as (...a: unknown[]) => void;
    fn.call(qb, ...args, ((err, data) => (err ? reject(err) : resolve(data as T))) as Callback);
  });
}

interface FaultError {
  code: string;
  Message?: string;
  Detail?: string;
}
interface FaultBody {
  Fault?: { type: string; Error: FaultError[] };
  /** The gateway's 401 uses lower-case keys. */
  fault?: { type: string; error: { code: string }[] };
}

/**
 * The fault node-quickbooks hands back: an axios error whose response body is Intuit's fault, reduced
 * to the first error, from either envelope.
 */
async function faultFrom(promise: Promise<unknown>): Promise<{ status: number; type: string } & FaultError> {
  try {
    await promise;
  } catch (err) {
    const res = (err as { response?: { status: number; data: FaultBody } }).response;
    if (!res) throw err;
    const envelope = res.data.Fault ?? {
      type: res.data.fault?.type ?? "",
      Error: res.data.fault?.error ?? [],
    };
    const first = envelope.Error[0];
    assert.ok(first, `no error in ${JSON.stringify(res.data)}`);
    return { status: res.status, type: envelope.type, ...first };
  }
  assert.fail("expected a fault");
}

let qbo: Emulator;
let oauth: OAuthClientInstance;
let qb: QuickBooksInstance;
let itemId: string;

before(async () => {
  qbo = await createEmulator({ seed: "demo", limits: "relaxed" });
  QuickBooks.V3_ENDPOINT_BASE_URL = `${qbo.url}/v3/company/`;
  QuickBooks.TOKEN_URL = `${qbo.url}/oauth2/v1/tokens/bearer`;
  QuickBooks.REVOKE_URL = `${qbo.url}/v2/oauth2/tokens/revoke`;
  OAuthClient.jwks_uri = `${qbo.url}/op/v1/jwks`;
});

after(() => qbo.close());

describe("intuit-oauth", () => {
  test("completes the authorization-code exchange through the consent page", async () => {
    oauth = new OAuthClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      environment: "sandbox",
      redirectUri: REDIRECT_URI,
    }).setAuthorizeURLs({
      authorizeEndpoint: `${qbo.url}/connect/oauth2`,
      tokenEndpoint: `${qbo.url}/oauth2/v1/tokens/bearer`,
      revokeEndpoint: `${qbo.url}/v2/oauth2/tokens/revoke`,
      userInfoEndpoint: `${qbo.url}/v1/openid_connect/userinfo`,
    });
    const authorizeUri = oauth.authorizeUri({
      scope: [OAuthClient.scopes.Accounting as string, OAuthClient.scopes.OpenId as string],
      state: "conformance-state",
    });
    assert.ok(authorizeUri.startsWith(`${qbo.url}/connect/oauth2?`));

    // A user's browser: the consent page, then the Connect button.
    const page = await fetch(authorizeUri);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(qbo.realmId));
    const connect = await fetch(authorizeUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ realmId: qbo.realmId, action: "connect" }),
      redirect: "manual",
    });
    assert.equal(connect.status, 302);
    const callback = String(connect.headers.get("location"));
    assert.ok(callback.startsWith(`${REDIRECT_URI}?`));
    assert.equal(new URL(callback).searchParams.get("state"), "conformance-state");

    const auth = await oauth.createToken(callback);
    assert.equal(auth.json.token_type, "bearer");
    assert.equal(auth.json.expires_in, 3600);
    const token = oauth.getToken();
    assert.equal(token.realmId, qbo.realmId);
    assert.ok(token.access_token && token.refresh_token);
    assert.equal(await oauth.validateIdToken(), true);

    const res = await oauth.makeApiCall({
      url: `${qbo.url}/v3/company/${qbo.realmId}/query?query=${encodeURIComponent("select count(*) from Customer")}&minorversion=75`,
    });
    assert.ok(Number((res.json.QueryResponse as { totalCount: number }).totalCount) > 250);
  });

  test("refreshes, receiving a rotated refresh token that works", async () => {
    const before = { ...oauth.getToken() };
    const auth = await oauth.refresh();
    const after = oauth.getToken();
    assert.equal(auth.json.expires_in, 3600);
    assert.notEqual(after.refresh_token, before.refresh_token);
    assert.notEqual(after.access_token, before.access_token);
    const res = await oauth.makeApiCall({
      url: `${qbo.url}/v3/company/${qbo.realmId}/query?query=${encodeURIComponent("select * from CompanyInfo")}`,
    });
    assert.ok(res.json.QueryResponse);
  });
});

describe("node-quickbooks", () => {
  before(() => {
    const token = oauth.getToken();
    qb = new QuickBooks(
      CLIENT_ID,
      CLIENT_SECRET,
      token.access_token,
      false,
      qbo.realmId,
      true,
      false,
      75,
      "2.0",
      token.refresh_token,
    );
  });

  test("creates, reads and sparse-updates a customer", async () => {
    const created = await call(qb, "createCustomer", {
      DisplayName: "Conformance Hardware LLC",
      CompanyName: "Conformance",
    });
    assert.match(String(created.Id), /^\d+$/);
    assert.equal(created.SyncToken, "0");
    const read = await call(qb, "getCustomer", created.Id);
    assert.equal(read.DisplayName, "Conformance Hardware LLC");
    const updated = await call(qb, "updateCustomer", {
      Id: created.Id,
      SyncToken: "0",
      Notes: "updated sparsely",
    });
    assert.equal(updated.SyncToken, "1");
    assert.equal(updated.Notes, "updated sparsely");
    assert.equal(updated.CompanyName, "Conformance", "a sparse update keeps the other fields");

    // 5010: the same update again, with the SyncToken it has just made stale.
    const stale = await faultFrom(
      call(qb, "updateCustomer", { Id: created.Id, SyncToken: "0", Notes: "late" }),
    );
    assert.equal(stale.status, 400);
    assert.equal(stale.code, "5010");
    assert.equal(stale.type, "ValidationFault");
  });

  test("receives 6240 for a duplicate display name", async () => {
    const dup = await faultFrom(call(qb, "createCustomer", { DisplayName: "Conformance Hardware LLC" }));
    assert.equal(dup.status, 400);
    assert.equal(dup.code, "6240");
    assert.equal(dup.Message, "Duplicate Name Exists Error");
  });

  test("queries with paging, ordering and count", async () => {
    const count = await call<{ QueryResponse: { totalCount: number } }>(qb, "findCustomers", { count: true });
    assert.ok(count.QueryResponse.totalCount > 250);
    const page = (offset: number) =>
      call<{ QueryResponse: { Customer: { Id: string }[]; startPosition: number; maxResults: number } }>(
        qb,
        "findCustomers",
        [
          { field: "DisplayName", value: "A%", operator: "LIKE" },
          { field: "asc", value: "Id" },
          { field: "limit", value: 5 },
          { field: "offset", value: offset },
        ],
      );
    const first = await page(1);
    const second = await page(6);
    assert.equal(first.QueryResponse.Customer.length, 5);
    assert.equal(first.QueryResponse.maxResults, 5);
    assert.equal(second.QueryResponse.startPosition, 6);
    const ids = [...first.QueryResponse.Customer, ...second.QueryResponse.Customer].map((c) => Number(c.Id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      "ordered by Id across pages",
    );
    assert.equal(new Set(ids).size, ids.length, "no row on two pages");

    const items = await call<{ QueryResponse: { Item: { Id: string }[] } }>(qb, "findItems", {
      Type: "Service",
      limit: 1,
    });
    itemId = String(items.QueryResponse.Item[0]?.Id);
  });

  test("receives 4000 for an unescaped quote in a query", async () => {
    const err = await faultFrom(call(qb, "findCustomers", "where DisplayName = 'Adam's Candy Shop'"));
    assert.equal(err.status, 400);
    assert.equal(err.code, "4000");
    assert.match(String(err.Detail), /^QueryParserError: Encountered " <IDENTIFIER> "s ""/);
  });

  test("receives 4001 for a query on a field Intuit does not let it filter on", async () => {
    // A find-or-create by e-mail against Intuit fails loudly; an empty answer would create a duplicate.
    const err = await faultFrom(call(qb, "findVendors", { PrimaryEmailAddr: "ap@example.com" }));
    assert.equal(err.status, 400);
    assert.equal(err.code, "4001");
    assert.equal(err.Message, "Invalid query");
    assert.equal(err.Detail, "QueryValidationError: property 'PrimaryEmailAddr' is not queryable");
  });

  test("creates and deletes an invoice", async () => {
    const customer = await call(qb, "createCustomer", { DisplayName: "Invoice Target Co" });
    const invoice = await call(qb, "createInvoice", {
      CustomerRef: { value: customer.Id },
      Line: [
        {
          Amount: 150,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 2, UnitPrice: 75 },
        },
      ],
    });
    assert.equal(invoice.TotalAmt, 150);
    const deleted = await call<{ Invoice: { status: string; Id: string } }>(qb, "deleteInvoice", {
      Id: invoice.Id,
      SyncToken: invoice.SyncToken,
    });
    assert.equal(deleted.Invoice.status, "Deleted");
    assert.equal(deleted.Invoice.Id, invoice.Id);
  });

  test("receives 610 for an inactive customer on a transaction", async () => {
    const customer = await call(qb, "createCustomer", { DisplayName: "Soon Inactive Inc" });
    await call(qb, "updateCustomer", { Id: customer.Id, SyncToken: customer.SyncToken, Active: false });
    const err = await faultFrom(
      call(qb, "createInvoice", {
        CustomerRef: { value: customer.Id },
        Line: [
          {
            Amount: 10,
            DetailType: "SalesItemLineDetail",
            SalesItemLineDetail: { ItemRef: { value: itemId } },
          },
        ],
      }),
    );
    assert.equal(err.status, 400);
    assert.equal(err.code, "610");
    assert.equal(err.Message, "Object Not Found");
  });

  test("sends a batch and reads per-item results and faults", async () => {
    interface BatchItem {
      bId: string;
      Customer?: { DisplayName: string };
      QueryResponse?: { Customer?: unknown[] };
      Fault?: { Error: FaultError[] };
    }
    const res = await call<{ BatchItemResponse: BatchItem[] }>(qb, "batch", [
      { bId: "1", operation: "create", Customer: { DisplayName: "Batch Customer One" } },
      { bId: "2", Query: "select * from Customer where DisplayName = 'Conformance Hardware LLC'" },
      { bId: "3", operation: "create", Customer: { DisplayName: "Conformance Hardware LLC" } },
    ]);
    const byId = new Map(res.BatchItemResponse.map((r) => [r.bId, r]));
    assert.equal(byId.get("1")?.Customer?.DisplayName, "Batch Customer One");
    assert.equal(byId.get("2")?.QueryResponse?.Customer?.length, 1);
    assert.equal(byId.get("3")?.Fault?.Error?.[0]?.code, "6240");
  });

  test("reads changes through CDC", async () => {
    const since = new Date(qbo.state.now() - 10 * 60_000);
    type Changed = { DisplayName?: string; status?: string }[];
    const res = await call<{ CDCResponse: { QueryResponse: { Customer?: Changed; Invoice?: Changed }[] }[] }>(
      qb,
      "changeDataCapture",
      ["Customer", "Invoice"],
      since,
    );
    const responses = res.CDCResponse[0]?.QueryResponse ?? [];
    const customers = responses.find((r) => r.Customer)?.Customer ?? [];
    assert.ok(customers.some((c) => c.DisplayName === "Batch Customer One"));
    const invoices = responses.find((r) => r.Invoice)?.Invoice ?? [];
    assert.ok(
      invoices.some((i) => i.status === "Deleted"),
      "the deleted invoice appears as a stub",
    );
  });

  test("refreshes its token and keeps working", async () => {
    const old = qb.token;
    const body = await call<{ access_token: string; refresh_token: string }>(qb, "refreshAccessToken");
    assert.equal(qb.token, body.access_token);
    assert.notEqual(qb.token, old);
    const again = await call(qb, "getCompanyInfo", qbo.realmId);
    assert.ok(again.CompanyName);
  });

  test("an expired access token gets Intuit's 401 fault", async () => {
    const res = await fetch(`${qbo.url}/__emulator/clock/advance`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ seconds: 3601 }),
    });
    assert.equal(res.status, 200);
    const err = await faultFrom(call(qb, "getCompanyInfo", qbo.realmId));
    assert.equal(err.status, 401);
    assert.equal(err.code, "3200");
    // The refresh token still works, and the new access token does too.
    await call(qb, "refreshAccessToken");
    const info = await call(qb, "getCompanyInfo", qbo.realmId);
    assert.ok(info.CompanyName);
  });

  test("revoking disconnects the app from the company", async () => {
    const res = await new Promise<{ status: number }>((resolve, reject) =>
      (
        qb.revokeAccess as (useRefresh: boolean, cb: (e: unknown, r: { status: number }) => void) => void
      ).call(qb, true, (e, r) => (e ? reject(e) : resolve(r))),
    );
    assert.equal(res.status, 200);
    // Both clients used one connection (node-quickbooks started from intuit-oauth's tokens): it is gone.
    const err = await faultFrom(call(qb, "getCompanyInfo", qbo.realmId));
    assert.equal(err.status, 401);
    await assert.rejects(oauth.refresh());
  });
});
