import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import fc from "fast-check";
import { generateDemoCompany } from "#demo/generate.ts";
import { type ImportCollection, importCollections, importColumns } from "./columns.ts";
import { columnLookup } from "./headers.ts";
import { type CsvImportProgress, parseCsvImport, readCsvImport } from "./reader.ts";

/** Quotes every cell, doubling quotes inside, the way spreadsheets export. */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(",");
}

describe("CSV import: headers", () => {
  test("accepts friendly header spellings and fills the record fields", async () => {
    const csv = [
      "Customer ID,Customer Name,E-mail Address,Bill To Street,Billing City,State,Zip Code,Payment Terms,Taxable,Active",
      "C-1,Acme Tools Inc,billing@acme.example,1 Main St,Dayton,OH,04402,net-30,no,Y",
    ].join("\n");
    const result = await parseCsvImport("customers", csv);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.rows, [
      {
        line: 2,
        externalId: "C-1",
        data: {
          name: "Acme Tools Inc",
          email: "billing@acme.example",
          billingAddress: { line1: "1 Main St", city: "Dayton", region: "OH", postalCode: "04402" },
          termsExternalId: "net-30",
          taxable: false,
          active: true,
        },
      },
    ]);
    assert.deepEqual(
      result.columns.map((c) => c.field),
      [
        "externalId",
        "name",
        "email",
        "billingAddress.line1",
        "billingAddress.city",
        "billingAddress.region",
        "billingAddress.postalCode",
        "termsExternalId",
        "taxable",
        "active",
      ],
    );
  });

  test("reports unknown columns once, with the nearest known header, and ignores them", async () => {
    const csv = "ID,Name,Emial,Fax Number\nC-1,Acme,a@b.example,555\n";
    const result = await parseCsvImport("customers", csv);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings, [
      { line: 1, field: "Emial", message: 'is not a known column and is ignored; did you mean "Email"?' },
      { line: 1, field: "Fax Number", message: "is not a known column and is ignored" },
    ]);
    assert.deepEqual(result.ignoredColumns, ["Emial", "Fax Number"]);
    assert.deepEqual(result.rows[0]?.data, { name: "Acme", active: true });
  });

  test("refuses two columns that fill the same field, and passes on no row", async () => {
    const result = await parseCsvImport(
      "customers",
      "ID,Name,Email,E-mail\nC-1,Acme,a@b.example,c@d.example\nC-2,,,\n",
    );
    assert.deepEqual(result.errors, [
      {
        line: 1,
        field: "E-mail",
        message: 'fills the same field as column "Email" (Email); keep only one of them',
      },
      { line: 3, field: "Name", message: "is required" },
    ]);
    assert.deepEqual(result.rows, []);
    assert.equal(result.invalidCount, 2);
  });

  test("reports a missing required column once, not on every row", async () => {
    const result = await parseCsvImport("customers", "ID,Email\nC-1,a@b.example\nC-2,c@d.example\n");
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.line, 1);
    assert.equal(result.errors[0]?.field, "Name");
    assert.match(result.errors[0]?.message ?? "", /no Name column; accepted headers: Name, Customer Name/);
    assert.equal(result.validCount, 0);
  });

  test("needs an id column for customers, and takes accounts' ids from their number when absent", async () => {
    const customers = await parseCsvImport("customers", "Name\nAcme\n");
    assert.equal(customers.errors[0]?.field, "External ID");
    assert.equal(customers.rows.length, 0);
    const accounts = await parseCsvImport(
      "accounts",
      "Account Number,Account Name,Account Type\n4000,Sales,Income\n",
    );
    assert.deepEqual(accounts.errors, []);
    assert.equal(accounts.rows[0]?.externalId, "4000");
    assert.deepEqual(accounts.rows[0]?.data, { number: "4000", name: "Sales", type: "income", active: true });
  });

  test("no header spelling names two different fields", () => {
    for (const collection of importCollections)
      assert.doesNotThrow(() => columnLookup(collection), collection);
  });

  test("docs/import.md documents every column of every collection", () => {
    const docs = readFileSync(new URL("../../../docs/import.md", import.meta.url), "utf8");
    for (const collection of importCollections) {
      const section = docs.split(/^## /m).find((s) => s.startsWith(collection));
      assert.ok(section, `docs/import.md has a "## ${collection}" section`);
      for (const column of importColumns[collection]) {
        const escaped = column.header.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        assert.match(section, new RegExp(`^\\| ${escaped} +\\|`, "m"), `${collection}: ${column.header}`);
      }
    }
  });
});

describe("CSV import: file format", () => {
  test("strips a byte-order mark so the first header is recognised", async () => {
    const result = await parseCsvImport("terms", "\ufeffName,Due Days\nNet 30,30\n");
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.columns[0], { header: "Name", field: "name" });
    assert.equal(result.rows[0]?.externalId, "Net 30");
  });

  test("reads CRLF files and counts their lines as an editor does", async () => {
    const csv = 'ID,Name,Notes\r\nC-1,Acme,"two\r\nlines"\r\nC-2,Beta,\r\nC-3,,\r\n';
    const result = await parseCsvImport("customers", csv);
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.externalId, r.data.notes]),
      [
        [2, "C-1", "two\r\nlines"],
        [4, "C-2", undefined],
      ],
    );
    assert.deepEqual(result.errors, [{ line: 5, field: "Name", message: "is required" }]);
  });

  test("keeps commas, quotes and line breaks inside quoted fields", async () => {
    const csv = [
      "SKU,Name,Description,Type,Unit Price",
      'HB-6,"Hex Bolt 1/2"" x 6"", Grade 8","Box of 25,\nzinc yellow",Inventory,"$1,234.50"',
      'HB-7,Hex Bolt 1/2" x 7",plain,Inventory,12',
    ].join("\n");
    const result = await parseCsvImport("items", csv);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.externalId, r.data.name, r.data.description, r.data.unitPrice]),
      [
        [2, "HB-6", 'Hex Bolt 1/2" x 6", Grade 8', "Box of 25,\nzinc yellow", "1234.50"],
        [4, "HB-7", 'Hex Bolt 1/2" x 7"', "plain", "12.00"],
      ],
    );
  });

  test("skips empty lines and rows of empty cells without losing count of lines", async () => {
    const csv = "\n\nID,Name,Fax\n\nC-1,Acme\n,\n  ,  \n\nC-2,Beta\n\n";
    const result = await parseCsvImport("customers", csv);
    assert.deepEqual(result.warnings, [
      { line: 3, field: "Fax", message: "is not a known column and is ignored" },
    ]);
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.externalId]),
      [
        [5, "C-1"],
        [9, "C-2"],
      ],
    );
    assert.equal(result.rowCount, 2);
  });

  test("reports an empty file", async () => {
    for (const input of ["", "\n\n", "\ufeff"]) {
      const result = await parseCsvImport("customers", input);
      assert.deepEqual(result.errors, [
        { line: 1, field: "", message: "the file is empty: the first line must name the columns" },
      ]);
    }
  });

  test("reports a row with more values than columns", async () => {
    const result = await parseCsvImport("customers", "ID,Name\nC-1,Acme,extra\nC-2,Beta,\n");
    assert.deepEqual(result.errors, [
      { line: 2, field: "", message: "has 3 values but the header names 2 columns" },
    ]);
    assert.deepEqual(
      result.rows.map((r) => r.externalId),
      ["C-2"],
    );
  });

  test("reports a broken file where it breaks instead of failing", async () => {
    const result = await parseCsvImport("customers", 'ID,Name\nC-1,Acme\nC-2,"Beta\nC-3,Gamma\n');
    assert.deepEqual(
      result.rows.map((r) => r.externalId),
      ["C-1"],
    );
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0]?.line, 3);
    assert.match(result.errors[0]?.message ?? "", /not valid CSV/);
  });

  test("refuses text that is not UTF-8 instead of storing replacement characters", async () => {
    // "Müller" as Excel's plain CSV (Windows-1252) writes it.
    const bytes = Buffer.concat([
      Buffer.from("ID,Name\nC-1,M"),
      Buffer.from([0xfc]),
      Buffer.from("ller\nC-2,Muller\n"),
    ]);
    const result = await parseCsvImport("customers", bytes);
    assert.deepEqual(result.errors, [
      {
        line: 2,
        field: "Name",
        message:
          'has characters that are not UTF-8 (shown as \uFFFD); save the file as "CSV UTF-8" and import it again',
      },
    ]);
    assert.deepEqual(
      result.rows.map((r) => r.externalId),
      ["C-2"],
    );
  });

  test("warns once about values in a column without a header", async () => {
    const result = await parseCsvImport(
      "customers",
      "ID,Name,\nC-1,Acme,\nC-2,Beta,stray\nC-3,Gamma,stray\n",
    );
    assert.deepEqual(result.warnings, [
      { line: 3, field: "column 3", message: "has values but no header; its values are ignored" },
    ]);
    assert.equal(result.validCount, 3);
  });

  test("reads other delimiters when told", async () => {
    const result = await parseCsvImport("customers", "ID;Name\nC-1;Acme, Inc\n", { delimiter: ";" });
    assert.equal(result.rows[0]?.data.name, "Acme, Inc");
  });

  test("any name survives quoting", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== ""),
        async (name) => {
          const result = await parseCsvImport(
            "vendors",
            `${csvLine(["ID", "Name"])}\n${csvLine(["V-1", name])}\n`,
          );
          assert.deepEqual(result.errors, []);
          assert.equal(result.rows[0]?.data.name, name);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("CSV import: rows", () => {
  test("numbered column groups fill a customer's locations and an item's partner numbers", async () => {
    const customers = await parseCsvImport(
      "customers",
      [
        "ID,Name,Location Code,Location Name,Store Number,Location 1 Address,Location 1 ZIP,Location 2 Code,Location 2 Name,Location 2 Address Line 1",
        "C-1,Retailer,DC-1,Dock one,0001,1 Dock Rd,07001,DC-2,Dock two,2 Dock Rd",
        "C-2,Plain,,,,,,,,",
        "C-3,Gap,,,,,,DC-9,Nine,9 Dock Rd",
        "C-4,Twice,DC-1,One,,1 Rd,,DC-1,Again,2 Rd",
      ].join("\n"),
    );
    assert.deepEqual(customers.rows[0]?.data.locations, [
      {
        code: "DC-1",
        name: "Dock one",
        partnerLocationId: "0001",
        address: { line1: "1 Dock Rd", postalCode: "07001" },
      },
      { code: "DC-2", name: "Dock two", address: { line1: "2 Dock Rd" } },
    ]);
    assert.equal(customers.rows[1]?.data.locations, undefined);
    assert.deepEqual(customers.errors, [
      { line: 4, field: "Location Code", message: "is required" },
      { line: 5, field: "Location 2 Code", message: 'repeats location 1\'s code "DC-1"' },
    ]);

    const items = await parseCsvImport(
      "items",
      [
        "SKU,Name,Type,Partner Customer ID,Buyer Part Number,Partner 2 Vendor Part Number,Partner 2 UPC",
        "W-1,Widget,Inventory,C-1,B-77,W-1,036000291452",
        "W-2,Gadget,Inventory,C-1,,,",
      ].join("\n"),
    );
    assert.deepEqual(items.rows[0]?.data.partnerNumbers, [
      { customerExternalId: "C-1", buyerPartNumber: "B-77" },
      { vendorPartNumber: "W-1", upc: "036000291452" },
    ]);
    assert.deepEqual(items.errors, [
      { line: 3, field: "Buyer Part Number", message: "give buyerPartNumber, vendorPartNumber or upc" },
    ]);
  });

  test("names the line and the column of every problem, and keeps bad rows out", async () => {
    const csv = [
      "Item ID,Name,Type,Price,Cost,Qty On Hand,Active",
      "P-1,Widget,Inventory Part,12.50,7.10,40,yes",
      "P-2,Gadget,Gizmo,abc,-1,4,maybe",
      "P-3,Labour,Service,95,,3,",
    ].join("\n");
    const result = await parseCsvImport("items", csv);
    assert.deepEqual(result.errors, [
      {
        line: 3,
        field: "Type",
        message: '"Gizmo" is not one of: Inventory, Non-inventory or Service',
      },
      { line: 3, field: "Active", message: '"maybe" is not yes or no' },
      { line: 3, field: "Price", message: '"abc" is not a decimal number (write it like "1234.50")' },
      { line: 3, field: "Cost", message: "must be at least 0" },
      { line: 4, field: "Qty On Hand", message: "only inventory items have a quantity on hand" },
    ]);
    assert.deepEqual(
      result.rows.map((r) => r.externalId),
      ["P-1"],
    );
    assert.deepEqual(result.rows[0]?.data, {
      name: "Widget",
      type: "inventory",
      unitPrice: "12.50",
      unitCost: "7.10",
      quantityOnHand: "40",
      active: true,
    });
    assert.equal(result.validCount, 1);
    assert.equal(result.invalidCount, 2);
  });

  test("names a nested field by the column that holds it, or its documented header when absent", async () => {
    const result = await parseCsvImport("customers", "ID,Name,Billing City\nC-1,Acme,Dayton\n");
    assert.deepEqual(result.errors, [{ line: 2, field: "Billing Address Line 1", message: "is required" }]);
  });

  test("reports an id repeated within the file on each later line", async () => {
    const csv = "ID,Name\nC-1,Acme\nC-2,Beta\nC-1,Acme again\nC-1,Acme thrice\n";
    const result = await parseCsvImport("customers", csv);
    assert.deepEqual(result.errors, [
      { line: 4, field: "ID", message: '"C-1" is also on line 2' },
      { line: 5, field: "ID", message: '"C-1" is also on line 2' },
    ]);
    assert.deepEqual(
      result.rows.map((r) => r.externalId),
      ["C-1", "C-2"],
    );
  });

  test("warns when two rows carry the same name, as QuickBooks would refuse the second", async () => {
    const result = await parseCsvImport("vendors", "ID,Name\nV-1,Rock River Steel\nV-2,ROCK RIVER STEEL\n");
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings, [
      { line: 3, field: "Name", message: '"ROCK RIVER STEEL" is also the name on line 2' },
    ]);
  });

  test("reports an empty or malformed id", async () => {
    const result = await parseCsvImport("customers", "ID,Name\n,Acme\nC/1,Beta\n");
    assert.deepEqual(result.errors, [
      { line: 2, field: "ID", message: "is empty; every row needs its own id" },
      { line: 3, field: "ID", message: "must not contain '/', '\\' or control characters" },
    ]);
  });

  test("reads money, percentages and whole numbers as spreadsheets write them", async () => {
    const csv = [
      "Name,Due Days,Discount %,Discount Days",
      "Net 30,30,,",
      "2% 10 Net 30,30,2%,10",
      'Odd,"1,5",1.5,ten',
    ].join("\n");
    const result = await parseCsvImport("terms", csv);
    assert.deepEqual(
      result.rows.map((r) => r.data),
      [
        { name: "Net 30", dueDays: 30, active: true },
        { name: "2% 10 Net 30", dueDays: 30, discountPercent: "2", discountDays: 10, active: true },
      ],
    );
    assert.deepEqual(result.errors, [
      { line: 4, field: "Due Days", message: '"1,5" is not a whole number' },
      { line: 4, field: "Discount Days", message: '"ten" is not a whole number' },
    ]);
    const items = await parseCsvImport(
      "items",
      'ID,Name,Type,Price,Cost\n1,A,Service,"$1,234.50",$0.5\n2,B,Service,"1.234,50",\n',
    );
    assert.equal(items.rows[0]?.data.unitPrice, "1234.50");
    assert.equal(items.rows[0]?.data.unitCost, "0.50");
    assert.equal(items.errors[0]?.field, "Price");
    assert.equal(items.errors[0]?.line, 3);
  });

  test("items without a SKU need an ID column", async () => {
    const result = await parseCsvImport("items", "SKU,Name,Type\nW-1,Widget,Service\n,Labour,Service\n");
    assert.deepEqual(result.errors, [
      { line: 3, field: "SKU", message: "is empty; every row needs its own id" },
    ]);
  });

  test("understands account types as QuickBooks exports spell them", async () => {
    const csv = [
      "Number,Name,Type",
      "1100,Accounts Receivable,Accounts Receivable (A/R)",
      "5000,Cost of Goods Sold,Cost of Goods Sold",
      "2000,Accounts Payable,accounts_payable",
    ].join("\n");
    const result = await parseCsvImport("accounts", csv);
    assert.deepEqual(
      result.rows.map((r) => r.data.type),
      ["accounts_receivable", "cost_of_goods_sold", "accounts_payable"],
    );
  });

  test("keeps Meta: columns verbatim under metadata", async () => {
    const result = await parseCsvImport(
      "customers",
      "ID,Name,Meta: Sales Rep,metadata.region\nC-1,Acme,Dale,North\n",
    );
    assert.deepEqual(result.rows[0]?.data.metadata, { "Sales Rep": "Dale", region: "North" });
    assert.deepEqual(result.warnings, []);
  });

  test("keeps the first issues and counts the rest", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `C-${i},,`).join("\n");
    const result = await parseCsvImport("customers", `ID,Name,Email\n${rows}\n`, { maxIssues: 10 });
    assert.equal(result.errors.length, 10);
    assert.equal(result.errorCount, 30);
    assert.equal(result.truncated, true);
  });
});

describe("CSV import: streaming", () => {
  const big = (count: number) =>
    `ID,Name,Email\n${Array.from({ length: count }, (_, i) => `C-${i},Customer ${i},c${i}@shop.example`).join("\n")}\n`;

  test("reads a stream in tiny chunks exactly as the whole text", async () => {
    const csv = '\ufeffID,Name,Notes\r\nC-1,"Acme, Inc","a\r\nb"\r\n\r\nC-2,Beta,"x ""y"""\r\nC-2,Dup,\r\n';
    const bytes = Buffer.from(csv);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const streamed = await parseCsvImport("customers", Readable.from(chunks));
    const whole = await parseCsvImport("customers", csv);
    assert.deepEqual(streamed, whole);
    assert.deepEqual(
      whole.rows.map((r) => [r.line, r.externalId]),
      [
        [2, "C-1"],
        [5, "C-2"],
      ],
    );
    assert.deepEqual(whole.errors, [{ line: 6, field: "ID", message: '"C-2" is also on line 5' }]);
  });

  test("reports progress as it reads, ending with the whole file", async () => {
    const csv = big(2_000);
    const seen: CsvImportProgress[] = [];
    const result = await parseCsvImport("customers", csv, { onProgress: (p) => seen.push(p) });
    assert.equal(result.validCount, 2_000);
    assert.ok(seen.length >= 4);
    const rows = seen.map((p) => p.rows);
    assert.deepEqual(
      rows,
      [...rows].sort((a, b) => a - b),
    );
    const last = seen.at(-1);
    assert.deepEqual(last, {
      rows: 2_000,
      bytes: Buffer.byteLength(csv),
      totalBytes: Buffer.byteLength(csv),
      errors: 0,
      done: true,
    });
    assert.ok(seen.slice(0, -1).every((p) => !p.done && p.bytes <= Buffer.byteLength(csv)));
  });

  test("hands over rows in batches no larger than asked", async () => {
    const { batches, summary } = readCsvImport("customers", Readable.from([big(2_500)]), {
      batchSize: 1_000,
    });
    const sizes: number[] = [];
    for await (const batch of batches) sizes.push(batch.rows.length);
    assert.deepEqual(sizes, [1_000, 1_000, 500]);
    assert.equal(summary().validCount, 2_500);
  });

  test("a reader that stops early closes its source", async () => {
    const rows = big(20_000).split("\n");
    // Many small chunks, produced on demand: most of the file is still unread when the reader stops.
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < rows.length; i += 200) yield `${rows.slice(i, i + 200).join("\n")}\n`;
      })(),
    );
    const { batches } = readCsvImport("customers", source, { batchSize: 1_000 });
    for await (const batch of batches) {
      assert.equal(batch.rows.length, 1_000);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(source.destroyed, true);
  });

  test("an unreadable source fails the import rather than passing as an empty file", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk went away"));
      },
    });
    await assert.rejects(parseCsvImport("customers", failing), /disk went away/);
  });
});

describe("CSV import: the demo's reference data", () => {
  const demo = generateDemoCompany(1, { counts: { customers: 60, items: 200, invoices: 10, bills: 40 } });

  /** Writes records with the documented headers, then reads them back. */
  async function roundTrip(collection: ImportCollection, records: { externalId: string; data: object }[]) {
    const columns = importColumns[collection];
    const get = (data: object, path: string): string => {
      const value = path
        .split(".")
        .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
      if (value === undefined) return "";
      return typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
    };
    const lines = [
      csvLine(columns.map((c) => c.header)),
      ...records.map((r) =>
        csvLine(columns.map((c) => (c.field === "externalId" ? r.externalId : get(r.data, c.field)))),
      ),
    ];
    return parseCsvImport(collection, `${lines.join("\r\n")}\r\n`);
  }

  for (const collection of importCollections) {
    test(`${collection} exported with the documented headers import unchanged`, async () => {
      const records = demo[collection] as { externalId: string; data: object }[];
      const result = await roundTrip(collection, records);
      assert.deepEqual(result.errors, []);
      assert.equal(result.rows.length, records.length);
      for (const [i, row] of result.rows.entries()) {
        const record = records[i] as { externalId: string; data: object };
        assert.equal(row.externalId, record.externalId);
        assert.deepEqual(row.data, { active: true, ...record.data }, record.externalId);
      }
    });
  }
});
