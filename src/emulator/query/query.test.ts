import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { parseQuery, runQuery, toQueryResponse, unknownEntityError } from "./index.ts";
import type { ParsedQuery } from "./types.ts";

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text);
  if (!r.ok) assert.fail(`${text}: ${r.detail}`);
  return r.query;
}

function failure(text: string) {
  const r = parseQuery(text);
  if (r.ok) assert.fail(`expected ${text} to fail`);
  return r;
}

const customers = [
  {
    Id: "1",
    DisplayName: "Acme Tools Inc",
    Active: true,
    Balance: 120.5,
    PrimaryEmailAddr: { Address: "ap@acme.example.com" },
    MetaData: { CreateTime: "2024-01-01T10:00:00-08:00", LastUpdatedTime: "2024-03-01T10:00:00-08:00" },
  },
  {
    Id: "2",
    DisplayName: "ACME Tools, Inc.",
    Active: true,
    Balance: 0,
    MetaData: { CreateTime: "2024-01-02T10:00:00-08:00", LastUpdatedTime: "2024-01-02T10:00:00-08:00" },
  },
  {
    Id: "10",
    DisplayName: "Adam's Candy Shop",
    Active: false,
    Balance: 99,
    CompanyName: "",
    MetaData: { CreateTime: "2024-02-01T10:00:00-08:00", LastUpdatedTime: "2024-02-01T18:00:00Z" },
  },
  {
    Id: "9",
    DisplayName: "Bolt_Supply 100%",
    Active: true,
    Balance: 1000,
    CompanyName: "Bolt Supply",
    MetaData: { CreateTime: "2024-02-02T10:00:00-08:00", LastUpdatedTime: "2024-02-02T10:00:00-08:00" },
  },
];

const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => r.Id);
const run = (text: string, options = {}) => runQuery(parsed(text), customers, options);

describe("parseQuery", () => {
  test("reads the full grammar with keywords in any case", () => {
    const q = parsed(
      "select * From Customer wHeRe Active = true AND MetaData.LastUpdatedTime >= '2024-01-01' orderby DisplayName DESC, Id StartPosition 11 maxresults 5",
    );
    assert.deepEqual(q, {
      select: { kind: "all" },
      entity: "Customer",
      where: [
        { path: ["Active"], op: "=", value: true },
        { path: ["MetaData", "LastUpdatedTime"], op: ">=", value: "2024-01-01" },
      ],
      orderBy: [
        { path: ["DisplayName"], descending: true },
        { path: ["Id"], descending: false },
      ],
      startPosition: 11,
      maxResults: 5,
    });
  });

  test("defaults to position 1 and 100 results; accepts ORDER BY in two words", () => {
    const q = parsed("SELECT * FROM Invoice ORDER BY TxnDate");
    assert.equal(q.startPosition, 1);
    assert.equal(q.maxResults, 100);
    assert.deepEqual(q.orderBy, [{ path: ["TxnDate"], descending: false }]);
  });

  test("count(*), field lists, IN lists and unquoted values", () => {
    assert.deepEqual(parsed("SELECT COUNT(*) FROM Item").select, { kind: "count" });
    assert.deepEqual(parsed("select Id, MetaData.CreateTime from Customer").select, {
      kind: "fields",
      paths: [["Id"], ["MetaData", "CreateTime"]],
    });
    assert.deepEqual(parsed("select * from Item where Id in ('1', 2, '3') and Type = Inventory").where, [
      { path: ["Id"], op: "IN", value: ["1", 2, "3"] },
      { path: ["Type"], op: "=", value: "Inventory" },
    ]);
  });

  test("backslash escapes quotes and backslashes inside strings", () => {
    const q = parsed("SELECT * FROM Customer WHERE DisplayName = 'Adam\\'s Candy \\\\ Shop'");
    assert.equal(q.where[0]?.value, "Adam's Candy \\ Shop");
  });

  test("an empty query is Intuit's 4000 with its exact detail", () => {
    const sample = JSON.parse(
      readFileSync(
        new URL("../../../../shared/qbo/samples/fault-validation-queryparser-4000.json", import.meta.url),
        "utf8",
      ),
    );
    const f = failure("   ");
    assert.equal(f.code, sample.Fault.Error[0].code);
    assert.equal(f.message, sample.Fault.Error[0].Message);
    assert.equal(f.detail, sample.Fault.Error[0].Detail);
  });

  test("an unescaped quote fails the way node-quickbooks #56 shows", () => {
    const f = failure("select * from Customer where DisplayName = 'Adam's Candy Shop'");
    assert.equal(f.code, "4000");
    assert.equal(
      f.detail,
      'QueryParserError: Encountered " <IDENTIFIER> "s "" at line 1, column 50. Was expecting one of: <EOF> <AND> "iterator" "maxresults" <OR> "order" "orderby" "startposition"',
    );
  });

  test("a stray character is a lexical error naming it and its code", () => {
    const f = failure("select * from Customer where DisplayName like %25Acme");
    assert.equal(f.code, "4000");
    assert.match(
      f.detail,
      /^QueryParserError: Invalid content\. Lexical error at line 1, column 47\. {2}Encountered: "%" \(37\), after : ""$/,
    );
  });

  test("other syntax errors are 4000 with the position of the offending token", () => {
    assert.match(failure("select from Customer").detail, /Encountered " "from" "from "" at line 1, column 8/);
    assert.match(failure("select * from Customer where").detail, /Encountered "<EOF>" at line 1, column 29/);
    assert.match(failure("select * from Customer where Name != 'x'").detail, /Lexical error .* "!" \(33\)/);
    assert.match(failure("select * from Customer where Name like 5").detail, /<STRING_LITERAL>/);
    assert.match(failure("select * from Customer maxresults ten").detail, /<INTEGER_LITERAL>/);
    assert.match(
      failure("select * from Customer where Name = 'open").detail,
      /Lexical error .*Encountered: <EOF>/,
    );
    assert.equal(failure("delete from Customer").code, "4000");
  });

  test("MAXRESULTS above 1000 and OR are refused as invalid queries (4001)", () => {
    const f = failure("select * from Customer maxresults 1500");
    assert.equal(f.code, "4001");
    assert.equal(f.message, "Invalid query");
    assert.equal(f.detail, "QueryValidationError: value 1500 is too large. Max allowed value is 1000");
    assert.equal(failure("select * from Customer where Id = '1' or Id = '2'").code, "4001");
    assert.ok(parseQuery("select * from Customer maxresults 1000").ok);
  });

  test("unknownEntityError has Intuit's wording", () => {
    assert.deepEqual(unknownEntityError("TaxService"), {
      ok: false,
      code: "4001",
      message: "Invalid query",
      detail: "QueryValidationError: Metadata not found for Entity: TaxService",
    });
  });
});

describe("runQuery", () => {
  test("string equality ignores case; LIKE has only the % wildcard", () => {
    assert.deepEqual(ids(run("select * from Customer where DisplayName = 'acme tools inc'").rows), ["1"]);
    assert.deepEqual(ids(run("select * from Customer where DisplayName like 'acme%'").rows), ["1", "2"]);
    // A backslash only escapes quotes: the % stays a wildcard.
    assert.deepEqual(ids(run("select * from Customer where DisplayName like '%100\\%'").rows), ["9"]);
    assert.deepEqual(ids(run("select * from Customer where DisplayName like '%supply 100%'").rows), ["9"]);
    assert.deepEqual(ids(run("select * from Customer where DisplayName like 'Bolt_%'").rows), ["9"]);
    assert.deepEqual(ids(run("select * from Customer where DisplayName like 'Bolt %'").rows), []);
    assert.deepEqual(ids(run("select * from Customer where DisplayName = 'Adam\\'s Candy Shop'").rows), [
      "10",
    ]);
  });

  test("numbers, ids, booleans, references and e-mail objects", () => {
    assert.deepEqual(ids(run("select * from Customer where Balance > 99").rows), ["1", "9"]);
    assert.deepEqual(ids(run("select * from Customer where Balance >= '99'").rows), ["1", "10", "9"]);
    assert.deepEqual(ids(run("select * from Customer where Id < '9'").rows), ["1", "2"]);
    assert.deepEqual(ids(run("select * from Customer where Id in ('10', 2)").rows), ["2", "10"]);
    assert.deepEqual(ids(run("select * from Customer where Active = false").rows), ["10"]);
    assert.deepEqual(ids(run("select * from Customer where active = 'FALSE'").rows), ["10"]);
    assert.deepEqual(ids(run("select * from Customer where PrimaryEmailAddr = 'AP@acme.example.com'").rows), [
      "1",
    ]);
    const invoices = [
      { Id: "5", CustomerRef: { value: "10", name: "x" } },
      { Id: "6", CustomerRef: { value: "9" } },
    ];
    assert.deepEqual(ids(runQuery(parsed("select * from Invoice where CustomerRef = '9'"), invoices).rows), [
      "6",
    ]);
    assert.deepEqual(ids(runQuery(parsed("select * from Invoice where CustomerRef > '9'"), invoices).rows), [
      "5",
    ]);
  });

  test("date-times compare as instants across offsets; nested paths ignore case", () => {
    // 2024-02-01T18:00:00Z is 10:00 at -08:00, the same instant as the literal.
    assert.deepEqual(
      ids(run("select * from Customer where MetaData.LastUpdatedTime = '2024-02-01T10:00:00-08:00'").rows),
      ["10"],
    );
    assert.deepEqual(
      ids(run("select * from Customer where metadata.lastupdatedtime > '2024-02-01T10:00:00-0800'").rows),
      ["1", "9"],
    );
    assert.deepEqual(ids(run("select * from Customer where MetaData.CreateTime < '2024-01-02'").rows), ["1"]);
  });

  test("the null literal ' ' matches absent and empty fields", () => {
    assert.deepEqual(ids(run("select * from Customer where CompanyName = ' '").rows), ["1", "2", "10"]);
  });

  test("ORDERBY sorts ids numerically, strings without case, absent values last, ties stable", () => {
    assert.deepEqual(ids(run("select * from Customer orderby Id").rows), ["1", "2", "9", "10"]);
    assert.deepEqual(ids(run("select * from Customer orderby Id desc").rows), ["10", "9", "2", "1"]);
    assert.deepEqual(ids(run("select * from Customer orderby DisplayName").rows), ["1", "2", "10", "9"]);
    assert.deepEqual(ids(run("select * from Customer order by CompanyName desc").rows), [
      "9",
      "1",
      "2",
      "10",
    ]);
    assert.deepEqual(ids(run("select * from Customer orderby Active, Balance desc").rows), [
      "10",
      "9",
      "1",
      "2",
    ]);
  });

  test("STARTPOSITION is 1-based and MAXRESULTS caps the page; maxResults reports rows returned", () => {
    const page = run("select * from Customer orderby Id startposition 2 maxresults 2");
    assert.deepEqual(ids(page.rows), ["2", "9"]);
    assert.equal(page.startPosition, 2);
    assert.equal(page.maxResults, 2);
    const last = run("select * from Customer orderby Id startposition 4 maxresults 2");
    assert.deepEqual(ids(last.rows), ["10"]);
    assert.equal(last.maxResults, 1);
    assert.deepEqual(toQueryResponse("Customer", run("select * from Customer startposition 5")), {});
  });

  test("count(*) counts every match, ignoring paging", () => {
    const r = run("select count(*) from Customer where Balance > 0 maxresults 1");
    assert.equal(r.count, 3);
    assert.deepEqual(toQueryResponse("Customer", r), { totalCount: 3 });
  });

  test("field lists return sparse objects with just those fields", () => {
    const r = run("select id, MetaData.CreateTime from Customer where Id = '2'");
    assert.deepEqual(r.rows, [
      { Id: "2", MetaData: { CreateTime: "2024-01-02T10:00:00-08:00" }, sparse: true },
    ]);
  });

  test("inactive rows are left out by default only when asked, and never when the query names Active", () => {
    assert.deepEqual(ids(run("select * from Customer", { activeOnlyByDefault: true }).rows), ["1", "2", "9"]);
    assert.deepEqual(
      ids(run("select * from Customer where Active in (true, false)", { activeOnlyByDefault: true }).rows),
      ["1", "2", "10", "9"],
    );
    assert.equal(run("select * from Customer").rows.length, 4);
  });

  test("toQueryResponse wraps rows under the entity name", () => {
    const r = run("select * from Customer where Id = '1'");
    const body = toQueryResponse("Customer", r) as {
      Customer: unknown[];
      startPosition: number;
      maxResults: number;
    };
    assert.equal(body.Customer.length, 1);
    assert.equal(body.startPosition, 1);
    assert.equal(body.maxResults, 1);
  });
});

describe("properties", () => {
  const quoteValue = (s: string) => s.replace(/[\\']/g, (c) => `\\${c}`);

  test("any value escaped with backslashes parses back to itself and finds its row", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const q = parsed(`SELECT * FROM Customer WHERE DisplayName = '${quoteValue(name)}'`);
        assert.equal(q.where[0]?.value, name);
        // ' ' is the null literal, which matches only empty fields.
        if (name === " ") return;
        const rows = [
          { Id: "1", DisplayName: name },
          { Id: "2", DisplayName: `${name}x` },
        ];
        assert.deepEqual(ids(runQuery(q, rows).rows), ["1"]);
      }),
      { numRuns: 300 },
    );
  });

  test("paging through any result with STARTPOSITION/MAXRESULTS visits every row once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 25 }), (total, size) => {
        const rows = Array.from({ length: total }, (_, i) => ({ Id: String(i + 1) }));
        const seen: unknown[] = [];
        for (let start = 1; ; start += size) {
          const page = runQuery(
            parsed(`select * from Item orderby Id startposition ${start} maxresults ${size}`),
            rows,
          );
          seen.push(...ids(page.rows));
          if (page.maxResults < size) break;
        }
        assert.deepEqual(seen, ids(rows));
      }),
      { numRuns: 100 },
    );
  });
});
