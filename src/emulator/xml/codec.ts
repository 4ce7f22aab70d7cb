// XML bodies as Intuit's data service writes and reads them: `<IntuitResponse xmlns="http://schema.
// intuit.com/finance/v3" time="…">` around an entity, a QueryResponse, BatchItemResponses or a Fault,
// each element in the order Intuit's XSD gives (./schema.ts), references as `<CustomerRef
// name="Acme">42</CustomerRef>`, `domain`, `sparse`, `status`, `code`, `element`, `bId`,
// `startPosition`, `maxResults` and `totalCount` as attributes. Requests come the other way: an entity
// (`<Customer xmlns=…>…</Customer>`) or an `<IntuitBatchRequest>` is read into the JSON shape the
// rest of the emulator works on, values typed by the schema (numbers, booleans, arrays for repeating
// elements). fast-xml-parser parses and writes the text; this module only maps shapes.
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { XML_TYPES, type XmlType } from "./schema.ts";

export const NAMESPACE = "http://schema.intuit.com/finance/v3";

type Json = Record<string, unknown>;
type Node = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const text = (v: unknown) => ({ "#text": typeof v === "string" ? v : String(v) });

/** One JSON value as ordered XML nodes, following the schema type when there is one. */
function toNodes(name: string, value: unknown, typeName: string | undefined): Node[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => toNodes(name, v, typeName));
  const type = typeName ? XML_TYPES[typeName] : undefined;
  if (!isObj(value)) return [{ [name]: [text(value)] }];
  if (type?.t !== undefined) {
    // Text content with attributes: a reference's `value` is its text.
    const attrs: Json = {};
    for (const [attr] of type.a) if (value[attr] !== undefined) attrs[`@_${attr}`] = String(value[attr]);
    const node: Node = { [name]: value.value === undefined ? [] : [text(value.value)] };
    if (Object.keys(attrs).length) node[":@"] = attrs;
    return [node];
  }
  return [element(name, value, type)];
}

function element(name: string, value: Json, type: XmlType | undefined): Node {
  const attrs: Json = {};
  const children: Node[] = [];
  const used = new Set<string>();
  for (const [attr] of type?.a ?? []) {
    if (value[attr] === undefined) continue;
    attrs[`@_${attr}`] = String(value[attr]);
    used.add(attr);
  }
  for (const [child, childType] of type?.e ?? []) {
    if (value[child] === undefined) continue;
    children.push(...toNodes(child, value[child], childType));
    used.add(child);
  }
  // Anything the schema does not list (there should be none) keeps its place at the end.
  for (const [key, v] of Object.entries(value))
    if (!used.has(key)) children.push(...toNodes(key, v, undefined));
  const node: Node = { [name]: children };
  if (Object.keys(attrs).length) node[":@"] = attrs;
  return node;
}

/** A QueryResponse (also the items of a CDCResponse): entity arrays, paging as attributes. */
function queryResponse(value: Json): Node {
  const attrs: Json = {};
  const children: Node[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === "startPosition" || key === "maxResults" || key === "totalCount")
      attrs[`@_${key}`] = String(v);
    else children.push(...toNodes(key, v, key));
  }
  const node: Node = { QueryResponse: children };
  if (Object.keys(attrs).length) node[":@"] = attrs;
  return node;
}

function responsePart(key: string, value: unknown): Node[] {
  if (key === "QueryResponse" && isObj(value)) return [queryResponse(value)];
  if (key === "CDCResponse" && Array.isArray(value)) {
    return value.map((cdc) => ({
      CDCResponse: (isObj(cdc) && Array.isArray(cdc.QueryResponse) ? cdc.QueryResponse : []).map((q) =>
        queryResponse(isObj(q) ? q : {}),
      ),
    }));
  }
  if (key === "BatchItemResponse" && Array.isArray(value)) {
    return value.map((item) => {
      const entry = isObj(item) ? item : {};
      const children = Object.entries(entry)
        .filter(([k]) => k !== "bId")
        .flatMap(([k, v]) => responsePart(k, v));
      return { BatchItemResponse: children, ":@": { "@_bId": String(entry.bId ?? "") } };
    });
  }
  return toNodes(key, value, key);
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  suppressEmptyNode: true,
});

/** A data API JSON answer (`{Customer: {…}, time}`, `{QueryResponse…}`, `{Fault…}`…) as Intuit's XML. */
export function responseToXml(body: Json): string {
  const children = Object.entries(body)
    .filter(([key]) => key !== "time")
    .flatMap(([key, value]) => responsePart(key, value));
  const root: Node = { IntuitResponse: children, ":@": { "@_xmlns": NAMESPACE } };
  if (body.time !== undefined) (root[":@"] as Json)["@_time"] = String(body.time);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${builder.build([root])}`;
}

/** A report (`{Header, Columns, Rows}`) as Intuit's XML: a `<Report>` document of the Report.xsd types. */
function reportToXml(body: Json): string {
  const node = element("Report", body, XML_TYPES.Report);
  node[":@"] = { ...((node[":@"] as Json | undefined) ?? {}), "@_xmlns": NAMESPACE };
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${builder.build([node])}`;
}

const isReport = (body: Json) => "Header" in body && "Columns" in body && "Rows" in body;

/** A data API JSON answer in Intuit's XML: a report as `<Report>`, anything else in `<IntuitResponse>`. */
export function answerToXml(body: Json): string {
  return isReport(body) ? reportToXml(body) : responseToXml(body);
}

/** Whether an answer has an XML form: entities, query, batch, CDC, faults and reports (not the tax service). */
export function hasXmlForm(body: Json): boolean {
  if (isReport(body)) return true;
  // The tax service answers its own request shape back (TaxCode, TaxCodeId, TaxRateDetails): JSON here.
  if ("TaxCodeId" in body) return false;
  return Object.keys(body).some(
    (k) =>
      k === "Fault" ||
      k === "QueryResponse" ||
      k === "BatchItemResponse" ||
      k === "CDCResponse" ||
      XML_TYPES[k] !== undefined,
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  textNodeName: "#text",
});

export class XmlBodyError extends Error {}

function typed(value: string, primitive: string | undefined): unknown {
  if (primitive === "number") {
    const n = Number(value);
    return value.trim() === "" || Number.isNaN(n) ? value : n;
  }
  if (primitive === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

/** One parsed XML element as JSON, by its schema type. */
function fromXml(value: unknown, typeName: string | undefined): unknown {
  const type = typeName ? XML_TYPES[typeName] : undefined;
  if (!type) return typeName && !XML_TYPES[typeName] ? typed(asText(value), typeName) : value;
  if (!isObj(value)) {
    if (type.t !== undefined) return { value: typed(String(value ?? ""), type.t) };
    return value === "" ? {} : value;
  }
  const out: Json = {};
  const attrTypes = new Map(type.a);
  const children = new Map(type.e.map(([n, t, many]) => [n, { t, many }]));
  for (const [key, v] of Object.entries(value)) {
    if (key === "#text") {
      if (type.t !== undefined) out.value = typed(String(v), type.t);
      continue;
    }
    if (key.startsWith("@_")) {
      const attr = key.slice(2);
      if (attr === "xmlns") continue;
      out[attr] = typed(String(v), attrTypes.get(attr));
      continue;
    }
    const def = children.get(key);
    const items = Array.isArray(v) ? v : [v];
    const converted = items.map((item) => fromXml(item, def?.t));
    out[key] = def?.many || items.length > 1 ? converted : converted[0];
  }
  return out;
}

function asText(value: unknown): string {
  if (isObj(value)) return String(value["#text"] ?? "");
  return String(value ?? "");
}

function parse(xml: string): Json {
  try {
    return parser.parse(xml, true) as Json;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new XmlBodyError(`the request body is not well-formed XML (${reason})`);
  }
}

/**
 * A request body in XML as the JSON the data API reads: `<Customer>…</Customer>` becomes
 * `{"Customer": {…}}`, `<IntuitBatchRequest>` becomes `{"BatchItemRequest": [{bId, operation,
 * optionsData, Customer | Query}…]}`.
 */
export function requestFromXml(xml: string): Json {
  const doc = parse(xml);
  const rootName = Object.keys(doc).find((k) => k !== "?xml");
  if (!rootName) throw new XmlBodyError("the request body has no root element");
  const root = doc[rootName];
  if (rootName === "IntuitBatchRequest") {
    const items = isObj(root) ? root.BatchItemRequest : undefined;
    const list = Array.isArray(items) ? items : items === undefined ? [] : [items];
    return {
      BatchItemRequest: list.map((item) => {
        const entry = isObj(item) ? item : {};
        const out: Json = {};
        for (const [key, v] of Object.entries(entry)) {
          if (key.startsWith("@_")) out[key.slice(2)] = String(v);
          else if (key === "Query") out.Query = asText(v);
          else out[key] = fromXml(v, key);
        }
        return out;
      }),
    };
  }
  return { [rootName]: fromXml(root, rootName) };
}
