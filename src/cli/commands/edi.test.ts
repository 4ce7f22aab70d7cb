import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Command } from "commander";
import { parseX12 } from "#x12/reader.ts";
import { samplesDir } from "../../../test/helpers/x12/samples.ts";
import { register, runAck, runCheck } from "./edi.ts";

function capture() {
  const chunks: string[] = [];
  return { write: (t: string) => chunks.push(t), text: () => chunks.join("") };
}

const sample = (name: string) => join(samplesDir, name);
const dir = mkdtempSync(join(tmpdir(), "ledgerlink-edi-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("ledgerlink edi check", () => {
  test("--json prints the documented shape, and exits 0 for a clean file", async () => {
    const out = capture();
    const code = await runCheck([sample("850-bots-pipe-elemsep-4st.edi")], { json: true }, out);
    assert.equal(code, 0);
    const json = JSON.parse(out.text());
    assert.deepEqual(Object.keys(json), ["files"]);
    const [file] = json.files;
    assert.deepEqual(Object.keys(file), ["file", "interchanges", "problems"]);
    assert.deepEqual(file.interchanges, [
      {
        controlNumber: "000000010",
        sender: "ABCCO",
        receiver: "XYZCO",
        groups: [
          {
            functionalId: "PO",
            controlNumber: "100001",
            transactionSets: ["0001", "0002", "0003", "0004"].map((c) => ({ type: "850", controlNumber: c })),
          },
        ],
      },
    ]);
    assert.deepEqual(file.problems, []);
  });

  test("reports envelope and business-rule problems with positions, and exits 1", async () => {
    const out = capture();
    const files = ["850-bots-3isa-crlf.edi", "850-nodex12-fat-two-isa.edi", "856-bots-sopi-man-gm.edi"].map(
      sample,
    );
    const code = await runCheck(files, { json: true }, out);
    assert.equal(code, 1);
    const json = JSON.parse(out.text());
    const codes = json.files.map((f: { problems: { code: string }[] }) => f.problems.map((p) => p.code));
    assert.ok(codes[0].includes("CTT_HASH_TOTAL"), "CTT totals are checked");
    assert.deepEqual(codes[1], ["ISA_DUPLICATE"]);
    assert.ok(codes[2].includes("SSCC_LENGTH"), "SSCCs are checked");
    for (const f of json.files) {
      for (const p of f.problems) {
        assert.deepEqual(Object.keys(p), ["severity", "code", "message", "segment", "position"]);
        assert.equal(typeof p.position.segment, "number");
      }
      const offsets = f.problems.map((p: { position: { offset: number } }) => p.position.offset);
      assert.deepEqual(
        offsets,
        [...offsets].sort((a, b) => a - b),
        "problems are listed in file order",
      );
    }
  });

  test("warnings alone exit 0; the text report lists the tree and each problem", async () => {
    const clean = capture();
    assert.equal(await runCheck([sample("856-nodex12-sOI-4060.edi")], {}, clean), 0);
    assert.match(clean.text(), /warning ISA_REPETITION_SEPARATOR {2}ISA segment 1 \(byte 0\)/);
    assert.match(clean.text(), /0 errors, 1 warning\n/);
    const out = capture();
    const code = await runCheck([sample("810-oopfactory-walmart-newline-term.edi")], {}, out);
    assert.equal(code, 1);
    const text = out.text();
    assert.match(text, /interchange 810000263 {2}102096559TEST -> PARTNERTEST/);
    assert.match(text, /group IN 810000263 {2}\(1 set\)/);
    // Its ISS comes before TDS, where 004010 places it after TDS, TXI, CAD, AMT and SAC.
    assert.match(text, /error {3}SEGMENT_OUT_OF_SEQUENCE {2}TDS segment 19 \(byte 679\)/);
    assert.match(text, /warning SEGMENT_UNTERMINATED {2}IEA segment 24 \(byte 780\)/);
    assert.match(text, /2 errors, 2 warnings/);
  });

  test("a missing file is an error of that file", async () => {
    const out = capture();
    const code = await runCheck([join(dir, "nope.edi")], { json: true }, out);
    assert.equal(code, 1);
    assert.equal(JSON.parse(out.text()).files[0].problems[0].code, "FILE_UNREADABLE");
  });

  test("an unreadable file is named in the problem, with the reason in words", async () => {
    const folder = join(dir, "folder.edi");
    mkdirSync(folder);
    const out = capture();
    assert.equal(await runCheck([folder, join(dir, "nope.edi")], {}, out), 1);
    const text = out.text();
    assert.match(
      text,
      new RegExp(`error   FILE_UNREADABLE  Cannot read ${folder}: it is a folder, not a file\n`),
    );
    assert.match(text, /FILE_UNREADABLE {2}Cannot read \S*nope\.edi: there is no such file\n/);
  });

  test("an empty file, or one of blanks only, is an error", async () => {
    const empty = join(dir, "empty.edi");
    const blank = join(dir, "blank.edi");
    writeFileSync(empty, "");
    writeFileSync(blank, "\r\n  \n");
    const out = capture();
    assert.equal(await runCheck([empty, blank], { json: true }, out), 1);
    const files = JSON.parse(out.text()).files as { problems: { code: string; message: string }[] }[];
    assert.deepEqual(
      files.map((f) => f.problems.map((p) => p.code)),
      [["FILE_EMPTY"], ["FILE_EMPTY"]],
    );
    assert.equal(files[0]?.problems[0]?.message, `${empty} is empty: it holds no X12 interchange`);
    const text = capture();
    await runCheck([empty], {}, text);
    assert.match(
      text.text(),
      /no interchange\n {2}error {3}FILE_EMPTY {2}\S+ is empty: it holds no X12 interchange\n {2}1 error, 0 warnings\n/,
    );
  });

  test('a bad date is reported once, and a group of one set reads "1 set"', async () => {
    const file = join(dir, "bad-date.edi");
    writeFileSync(
      file,
      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1200*U*00401*000000007*0*P*>~" +
        "GS*PO*S*R*20240131*1200*1*X*004010~ST*850*0001~BEG*00*SA*1**20241340~PO1*1*2*EA*1.5**VN*X~CTT*1~" +
        "SE*5*0001~GE*1*1~IEA*1*000000007~",
    );
    const out = capture();
    assert.equal(await runCheck([file], {}, out), 1);
    const text = out.text();
    assert.match(text, /group PO 1 {2}\(1 set\)\n/);
    assert.match(text, /ELEMENT_INVALID_DATE {2}BEG segment 4 \(byte 153\): BEG05 \("20241340"\)/);
    assert.doesNotMatch(text, /DATE_INVALID {2}BEG/);
    assert.match(text, /1 error, 0 warnings\n/);
  });

  test("is registered as `edi check` and sets the exit status", async () => {
    const program = new Command("ledgerlink").exitOverride();
    const out = capture();
    register(program, { out, err: capture() });
    await program.parseAsync([
      "node",
      "ledgerlink",
      "edi",
      "check",
      "--json",
      sample("850-edifabric-corrupt-isa.edi"),
    ]);
    assert.equal(process.exitCode, 1);
    process.exitCode = 0;
    assert.equal(JSON.parse(out.text()).files[0].problems[0].code, "ISA_MISSING");
  });
});

describe("ledgerlink edi ack", () => {
  test("prints a 997 that our reader reads back without problems", async () => {
    const out = capture();
    const err = capture();
    assert.equal(await runAck(sample("850-nodex12-1.edi"), out, err), 0);
    const text = out.text();
    const r = parseX12(text);
    assert.deepEqual(r.problems, []);
    const set = r.interchanges[0]?.groups[0]?.transactionSets[0];
    assert.equal(set?.type, "997");
    assert.deepEqual(set?.segments[1]?.elements, ["PO", "1421"]);
  });

  test("prints a TA1 when the sender asks for one", async () => {
    const file = join(dir, "ta1.edi");
    writeFileSync(
      file,
      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1200*U*00401*000000007*1*P*>~" +
        "GS*PO*S*R*20240131*1200*1*X*004010~ST*850*0001~BEG*00*SA*1**20240131~SE*3*0001~GE*1*1~IEA*1*000000007~",
    );
    const out = capture();
    assert.equal(await runAck(file, out, capture()), 0);
    const r = parseX12(out.text());
    assert.deepEqual(r.problems, []);
    assert.equal(r.interchanges[0]?.ta1[0]?.elements[0], "000000007");
  });

  test("an unreadable file exits 1", async () => {
    const err = capture();
    assert.equal(await runAck(join(dir, "nope.edi"), capture(), err), 1);
    assert.match(err.text(), /Cannot read/);
  });
});
