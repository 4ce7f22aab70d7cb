// XML bodies: a client that does not ask for JSON gets Intuit's XML, in the XSD's element order; XML
// requests (entities, batch) are read as JSON ones are; faults are XML too.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { deriveSchema } from "../../../scripts/emulator-xml-schema.mjs";
import { startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";
import { responseToXml } from "./codec.ts";
import { XML_TYPES } from "./schema.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
});
after(() => t.close());

/** A raw data API request, with only the headers given (no Accept unless the test sets one). */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${t.qbo.url}/v3/company/${t.realmId}/${path}`, {
    method,
    headers: { authorization: `Bearer ${t.accessToken}`, ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "" });

/** The child element names of the first element called `name`, in document order. */
function childOrder(xml: string, name: string): string[] {
  const find = (nodes: Record<string, unknown>[]): string[] | undefined => {
    for (const node of nodes) {
      const key = Object.keys(node).find((k) => k !== ":@");
      if (!key || key === "#text") continue;
      const children = node[key] as Record<string, unknown>[];
      if (key === name) return children.map((c) => Object.keys(c).find((k) => k !== ":@") ?? "");
      const inner = find(children);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(ordered.parse(xml)) ?? [];
}

const schemaOrder = (type: string, names: string[]) => {
  const order = (XML_TYPES[type]?.e ?? []).map(([n]) => n);
  return [...names].sort((a, b) => order.indexOf(a) - order.indexOf(b));
};

describe("responses", () => {
  test("without Accept: application/json the answer is XML, elements in the XSD's order", async () => {
    const created = await raw(
      "POST",
      "customer",
      { "content-type": "application/json" },
      JSON.stringify({
        DisplayName: "Xml Reader Co",
        PrimaryEmailAddr: { Address: "x@example.com" },
        Notes: "n",
      }),
    );
    assert.equal(created.status, 200);
    assert.match(created.type, /^application\/xml/);
    assert.match(
      created.text,
      /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><IntuitResponse xmlns="http:\/\/schema.intuit.com\/finance\/v3" time="[^"]+"><Customer domain="QBO" sparse="false">/,
    );
    const order = childOrder(created.text, "Customer");
    assert.deepEqual(order, schemaOrder("Customer", order));
    assert.ok(order.indexOf("Id") < order.indexOf("DisplayName"));
    assert.match(created.text, /<CurrencyRef name="United States Dollar">USD<\/CurrencyRef>/);

    const json = await raw("GET", "query?query=select%20*%20from%20Customer", { accept: "application/json" });
    assert.match(json.type, /^application\/json/);
  });

  test("a query answers QueryResponse with its paging as attributes; a count as totalCount", async () => {
    const res = await raw(
      "GET",
      `query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Xml Reader Co'")}`,
      {},
    );
    assert.match(
      res.text,
      /<QueryResponse startPosition="1" maxResults="1"><Customer domain="QBO" sparse="false"><Id>/,
    );
    const count = await raw("GET", "query?query=select%20count(*)%20from%20Customer", {});
    assert.match(count.text, /<QueryResponse totalCount="\d+"\/?>/);
  });

  test("faults are XML with code and element attributes", async () => {
    const res = await raw(
      "POST",
      "customer",
      { "content-type": "application/json" },
      JSON.stringify({ DisplayName: "Xml Reader Co" }),
    );
    assert.equal(res.status, 400);
    assert.match(
      res.text,
      /<Fault type="ValidationFault"><Error code="6240" element=""><Message>Duplicate Name Exists Error<\/Message><Detail>The name supplied already exists. : Id=\d+<\/Detail><\/Error><\/Fault>/,
    );
  });

  test("a report is a <Report> document with ColData attributes", async () => {
    const res = await raw("GET", "reports/ProfitAndLoss?start_date=2025-01-01&end_date=2025-12-31", {});
    assert.equal(res.status, 200);
    assert.match(
      res.text,
      /^<\?xml[^>]*\?><Report xmlns="http:\/\/schema.intuit.com\/finance\/v3"><Header><Time>[^<]+<\/Time><ReportName>ProfitAndLoss<\/ReportName><ReportBasis>Accrual<\/ReportBasis><StartPeriod>2025-01-01<\/StartPeriod>/,
    );
    assert.match(
      res.text,
      /<Columns><Column><ColTitle\/?>(<\/ColTitle>)?<ColType>Account<\/ColType><\/Column>/,
    );
    assert.match(
      res.text,
      /<Row type="Section" group="NetIncome"><Summary><ColData value="Net Income"\/><ColData value="0.00"\/><\/Summary><\/Row>/,
    );
  });

  test("a client that forgets Accept and parses JSON fails here as it would against Intuit", async () => {
    const res = await raw("GET", "preferences", {});
    assert.throws(() => JSON.parse(res.text), SyntaxError);
  });
});

describe("requests", () => {
  test("an XML entity is read like its JSON: references, numbers, booleans, repeating lines", async () => {
    const income = (await t.api("POST", "account", { Name: "Xml Sales", AccountType: "Income" })).body
      .Account;
    const item = (
      await t.api("POST", "item", {
        Name: "Xml Service",
        Type: "Service",
        IncomeAccountRef: { value: income.Id },
      })
    ).body.Item;
    const customer = (await t.api("POST", "customer", { DisplayName: "Xml Buyer" })).body.Customer;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="http://schema.intuit.com/finance/v3">
  <Line><Amount>30.00</Amount><DetailType>SalesItemLineDetail</DetailType>
    <SalesItemLineDetail><ItemRef name="Xml Service">${item.Id}</ItemRef><UnitPrice>15</UnitPrice><Qty>2</Qty></SalesItemLineDetail></Line>
  <Line><Amount>5</Amount><DetailType>SalesItemLineDetail</DetailType>
    <SalesItemLineDetail><ItemRef>${item.Id}</ItemRef></SalesItemLineDetail></Line>
  <CustomerRef>${customer.Id}</CustomerRef>
  <ApplyTaxAfterDiscount>false</ApplyTaxAfterDiscount>
</Invoice>`;
    const res = await raw(
      "POST",
      "invoice",
      { "content-type": "application/xml", accept: "application/json" },
      xml,
    );
    assert.equal(res.status, 200, res.text);
    const invoice = JSON.parse(res.text).Invoice;
    assert.equal(invoice.TotalAmt, 35);
    assert.equal(invoice.Line[0].SalesItemLineDetail.Qty, 2);
    assert.equal(invoice.ApplyTaxAfterDiscount, false);
    assert.equal(invoice.CustomerRef.value, customer.Id);
  });

  test("an unknown element gets the same 2010 as an unknown JSON property; bad XML a 2010 too", async () => {
    const unknown = await raw(
      "POST",
      "customer",
      { "content-type": "application/xml" },
      `<Customer xmlns="${"http://schema.intuit.com/finance/v3"}"><DisplayName>X</DisplayName><Nickname>y</Nickname></Customer>`,
    );
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /<Error code="2010"/);
    assert.match(unknown.text, /Nickname/);
    const broken = await raw(
      "POST",
      "customer",
      { "content-type": "application/xml", accept: "application/json" },
      "<Customer><DisplayName>X</Customer>",
    );
    assert.equal(broken.status, 400);
    assert.equal(JSON.parse(broken.text).Fault.Error[0].code, "2010");
  });

  test("a batch in XML, answered in XML with bId attributes", async () => {
    const xml = `<IntuitBatchRequest xmlns="http://schema.intuit.com/finance/v3">
  <BatchItemRequest bId="1" operation="create"><Customer><DisplayName>Batch Xml One</DisplayName></Customer></BatchItemRequest>
  <BatchItemRequest bId="2"><Query>select count(*) from Customer</Query></BatchItemRequest>
</IntuitBatchRequest>`;
    const res = await raw("POST", "batch", { "content-type": "application/xml" }, xml);
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<BatchItemResponse bId="1"><Customer domain="QBO" sparse="false"><Id>\d+<\/Id>/);
    assert.match(res.text, /<BatchItemResponse bId="2"><QueryResponse totalCount="\d+"/);
  });
});

describe("the schema table", () => {
  test("is what the XSD says (regenerate with node scripts/emulator-xml-schema.mjs)", () => {
    const derived = deriveSchema(new URL("../../../../shared/qbo/xsd", import.meta.url).pathname);
    assert.deepEqual(JSON.parse(JSON.stringify(XML_TYPES)), derived);
  });

  test("a response with nothing but time is an empty IntuitResponse", () => {
    assert.match(responseToXml({ time: "t" }), /<IntuitResponse xmlns="[^"]+" time="t"\/?>/);
  });
});
