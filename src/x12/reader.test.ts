import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { readSample, sampleNames } from "../../test/helpers/x12/samples.ts";
import { parseX12, readX12, readX12File, type X12Event } from "./reader.ts";
import type { Interchange, Problem } from "./types.ts";

/** A fixed-width ISA with the given separators (ISA11 is the repetition separator or "U"). */
function isa(o: { e?: string; c?: string; t?: string; r?: string; control?: string; version?: string } = {}) {
  const e = o.e ?? "*";
  const fields = [
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    "ZZ",
    "SENDER".padEnd(15),
    "ZZ",
    "RECEIVER".padEnd(15),
    "240131",
    "1200",
    o.r ?? "U",
    o.version ?? "00401",
    o.control ?? "000000001",
    "0",
    "P",
    o.c ?? ">",
  ];
  return `ISA${e}${fields.join(e)}${o.t ?? "~"}`;
}

/** An interchange of one group of `sets` 850s, each with `lines` PO1 lines, joined by `nl` after each terminator. */
function interchange(
  o: {
    e?: string;
    c?: string;
    t?: string;
    r?: string;
    control?: string;
    version?: string;
    sets?: number;
    nl?: string;
  } = {},
) {
  const e = o.e ?? "*";
  const t = o.t ?? "~";
  const control = o.control ?? "000000001";
  const segs: string[] = [
    isa({ ...o, t: "" }).slice(0),
    ["GS", "PO", "S", "R", "20240131", "1200", "7", "X", "004010"].join(e),
  ];
  const n = o.sets ?? 1;
  for (let i = 1; i <= n; i++) {
    const st = String(i).padStart(4, "0");
    segs.push(["ST", "850", st].join(e), ["BEG", "00", "SA", `PO${i}`, "", "20240131"].join(e));
    segs.push(["PO1", "1", "2", "EA", "3.5", "", "UP", "012345678905"].join(e), ["CTT", "1"].join(e));
    segs.push(["SE", "5", st].join(e));
  }
  segs.push(["GE", String(n), "7"].join(e), ["IEA", "1", control].join(e));
  return segs.map((s) => s + t + (o.nl ?? "")).join("");
}

function codes(problems: Problem[]): string[] {
  return problems.map((p) => p.code).sort();
}

function summary(ics: Interchange[]) {
  return ics.map((ic) => ({
    control: ic.controlNumber,
    ta1: ic.ta1.length,
    groups: ic.groups.map((g) => ({
      id: g.functionalId,
      control: g.controlNumber,
      sets: g.transactionSets.map((s) => `${s.type}:${s.controlNumber}:${s.segments.length}`),
    })),
  }));
}

const expected: Record<string, { errors: string[]; warnings: string[]; sets: number; interchanges: number }> =
  {
    "810-bots-retailer-1.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "810-oopfactory-walmart-newline-term.edi": {
      errors: [],
      warnings: ["ISA_VERSION", "SEGMENT_UNTERMINATED"],
      sets: 1,
      interchanges: 1,
    },
    "850-bots-2gs-4st-00300.edi": {
      errors: ["GS_DUPLICATE", "ST_DUPLICATE", "ST_DUPLICATE"],
      warnings: [],
      sets: 4,
      interchanges: 1,
    },
    "850-bots-3isa-crlf.edi": { errors: [], warnings: [], sets: 3, interchanges: 3 },
    "850-bots-pipe-elemsep-4st.edi": { errors: [], warnings: [], sets: 4, interchanges: 1 },
    "850-bots-tilde-elemsep-lf.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "850-edifabric-corrupt-isa.edi": { errors: ["ISA_MISSING"], warnings: [], sets: 0, interchanges: 0 },
    "850-nodex12-1.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "850-nodex12-2-newline-terminator.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "850-nodex12-3-petco.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "850-nodex12-fat-two-isa.edi": { errors: ["ISA_DUPLICATE"], warnings: [], sets: 2, interchanges: 2 },
    "850-stedi-5010-dropship-gs-ow.edi": {
      errors: ["ST_GROUP_MISMATCH"],
      warnings: ["ISA_REPETITION_SEPARATOR"],
      sets: 1,
      interchanges: 1,
    },
    "855-nodex12-1.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "855-stedi-5010-dropship.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "856-bots-sopi-man-gm.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "856-nodex12-sOI-4060.edi": {
      errors: [],
      warnings: ["ISA_REPETITION_SEPARATOR"],
      sets: 1,
      interchanges: 1,
    },
    "856-oopfactory-tilde-elem-star-term.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "997-bots-accept.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "997-edifabric-reject-ak3-ak4.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
    "mixed-edifabric-850-810-2gs.edi": {
      errors: ["GS_DUPLICATE", "ST_GROUP_MISMATCH"],
      warnings: [],
      sets: 2,
      interchanges: 1,
    },
    "ta1-997-bots-ta1-then-group.edi": { errors: [], warnings: [], sets: 1, interchanges: 1 },
  };

describe("every sample", () => {
  for (const name of sampleNames()) {
    test(name, async () => {
      const want = expected[name];
      assert.ok(want, `no expectation written for sample ${name}`);
      const bytes = readSample(name);
      const r = parseX12(bytes);
      assert.deepEqual(codes(r.problems.filter((p) => p.severity === "error")), want.errors);
      assert.deepEqual(codes(r.problems.filter((p) => p.severity === "warning")), want.warnings);
      assert.equal(r.interchanges.length, want.interchanges);
      const sets = r.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transactionSets));
      assert.equal(sets.length, want.sets);
      for (const p of r.problems) assert.ok(p.position, `${p.code} has a position`);
      // Every complete set's SE01 is its segment count, so a clean read kept every segment.
      for (const s of sets) {
        const se = s.segments.at(-1);
        if (se?.id === "SE") assert.equal(Number(se.elements[0]), s.segments.length);
      }
      // Streaming in tiny chunks gives exactly what the whole-input read gives.
      const streamed = await collect(chunks(bytes, 7));
      assert.deepEqual(streamed.problems, r.problems);
      assert.deepEqual(streamed.summary, summary(r.interchanges));
    });
  }

  test("the samples' special cases are read as documented", () => {
    const walmart = parseX12(readSample("810-oopfactory-walmart-newline-term.edi")).interchanges[0];
    assert.equal(walmart?.delimiters.segment, "\r");
    assert.equal(walmart?.groups[0]?.transactionSets[0]?.segments[1]?.id, "BIG");
    const n4 = walmart?.groups[0]?.transactionSets[0]?.segments.find((s) => s.id === "N4");
    assert.deepEqual(n4?.elements, ["BENTONVILLE", "AR", "72712 "]);

    const tilde = parseX12(readSample("850-bots-tilde-elemsep-lf.edi")).interchanges[0];
    assert.deepEqual(tilde?.delimiters, { element: "~", segment: "\n", component: "|" });
    const po1 = tilde?.groups[0]?.transactionSets[0]?.segments.find((s) => s.id === "PO1");
    assert.deepEqual(po1?.elements, [
      "0001",
      "1",
      "EA",
      "11.11",
      "",
      "VN",
      "123456789012345",
      "IN",
      "666666",
    ]);

    const reversed = parseX12(readSample("856-oopfactory-tilde-elem-star-term.edi")).interchanges[0];
    assert.deepEqual(reversed?.delimiters, { element: "~", segment: "*", component: "`" });
    assert.equal(reversed?.position.offset, 3, "the BOM is skipped and offsets are bytes");

    const ta1 = parseX12(readSample("ta1-997-bots-ta1-then-group.edi")).interchanges[0];
    assert.deepEqual(ta1?.ta1[0]?.elements, ["000484889", "040709", "1339", "R", "015"]);

    const corrupt = parseX12(readSample("850-edifabric-corrupt-isa.edi")).problems[0];
    assert.equal(corrupt?.position?.offset, 3);

    const fat = parseX12(readSample("850-nodex12-fat-two-isa.edi"));
    const dup = fat.problems.find((p) => p.code === "ISA_DUPLICATE");
    assert.equal(dup?.position?.segment, 38);
    assert.equal(fat.interchanges[1]?.problems[0], dup);

    const stedi = parseX12(readSample("850-stedi-5010-dropship-gs-ow.edi"));
    assert.equal(
      stedi.interchanges[0]?.groups[0]?.transactionSets[0]?.problems[0]?.code,
      "ST_GROUP_MISMATCH",
    );
  });
});

function* chunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(source: Iterable<Uint8Array | string>) {
  const interchanges: Interchange[] = [];
  const problems: Problem[] = [];
  const events: X12Event["type"][] = [];
  for await (const e of readX12(Readable.from(source))) {
    events.push(e.type);
    if (e.type === "interchange") interchanges.push(e.interchange);
    if (e.type === "group") e.interchange.groups.push(e.group);
    if (e.type === "set") e.group.transactionSets.push(e.set);
    if (e.type === "problem") problems.push(e.problem);
  }
  return { problems, summary: summary(interchanges), events };
}

describe("separators", () => {
  test("are read from each ISA, including non-printable ones", () => {
    const file = [
      interchange({ control: "000000001" }),
      interchange({ e: "\x7f", c: "\x1f", t: "\x15", r: "^", control: "000000002" }),
      interchange({ e: "|", c: "\\", t: "\n", control: "000000003" }),
      interchange({ e: "~", c: "*", t: "\r", control: "000000004", nl: "\n" }),
      interchange({ e: "\x1d", c: "\x1f", t: "\x1c", control: "000000005" }),
      interchange({ e: "\n", c: ">", t: "~", control: "000000006" }),
    ].join("\n");
    const r = parseX12(file);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.interchanges.map((ic) => ic.delimiters),
      [
        { element: "*", segment: "~", component: ">" },
        { element: "\x7f", segment: "\x15", component: "\x1f", repetition: "^" },
        { element: "|", segment: "\n", component: "\\" },
        { element: "~", segment: "\r", component: "*" },
        { element: "\x1d", segment: "\x1c", component: "\x1f" },
        { element: "\n", segment: "~", component: ">" },
      ],
    );
    for (const ic of r.interchanges) {
      const set = ic.groups[0]?.transactionSets[0];
      assert.deepEqual(set?.segments[2]?.elements, ["1", "2", "EA", "3.5", "", "UP", "012345678905"]);
    }
  });

  test("a BOM, indentation, CRLF after terminators and a trailing end-of-file mark are layout", () => {
    const body = interchange({ nl: "\r\n    " });
    const r = parseX12(`\ufeff  ${body}\r\n\x1a`);
    assert.deepEqual(r.problems, []);
    assert.equal(r.interchanges[0]?.groups[0]?.transactionSets[0]?.segments.length, 5);
  });

  test("an element holding UTF-8 is decoded, and offsets stay byte offsets", () => {
    const text = interchange({ sets: 2 }).replace("PO1~", "PO1~").replace("BEG*00*SA*PO1", "BEG*00*SA*Café");
    const r = parseX12(Buffer.from(text, "utf8"));
    assert.deepEqual(r.problems, []);
    const [a, b] = r.interchanges[0]?.groups[0]?.transactionSets ?? [];
    assert.equal(a?.segments[1]?.elements[2], "Café");
    const st2 = b?.segments[0];
    assert.equal(
      Buffer.from(text, "utf8").subarray(st2?.position.offset).toString("latin1").slice(0, 2),
      "ST",
    );
  });

  test("a separator that collides with another is reported", () => {
    const r = parseX12(interchange({ c: "*" }));
    assert.ok(r.problems.some((p) => p.code === "ISA_SEPARATORS" && p.segment === "ISA"));
  });
});

describe("envelope checks", () => {
  const ok = interchange({ sets: 2 });

  function problemsOf(text: string) {
    return parseX12(text).problems.map((p) => ({
      code: p.code,
      segment: p.segment,
      at: p.position?.segment,
    }));
  }

  test("a clean interchange has no problem, zero-padded counts included", () => {
    assert.deepEqual(parseX12(ok).problems, []);
    const padded = ok.replace("SE*5*0001", "SE*0000000005*0001").replace("GE*2*7", "GE*000002*0000007");
    assert.deepEqual(parseX12(padded.replace("IEA*1*", "IEA*00001*")).problems, []);
  });

  test("SE count and control number", () => {
    assert.deepEqual(problemsOf(ok.replace("SE*5*0001", "SE*6*0001")), [
      { code: "SE_COUNT", segment: "SE", at: 7 },
    ]);
    assert.deepEqual(problemsOf(ok.replace("SE*5*0001", "SE*5*0009")), [
      { code: "SE_CONTROL_NUMBER", segment: "SE", at: 7 },
    ]);
  });

  test("a dropped or duplicated segment inside a set breaks its count", () => {
    assert.deepEqual(problemsOf(ok.replace("CTT*1~", "")), [{ code: "SE_COUNT", segment: "SE", at: 6 }]);
    assert.deepEqual(problemsOf(ok.replace("CTT*1~", "CTT*1~CTT*1~")), [
      { code: "SE_COUNT", segment: "SE", at: 8 },
    ]);
  });

  test("GE and IEA counts and control numbers", () => {
    assert.deepEqual(problemsOf(ok.replace("GE*2*7", "GE*3*7")), [
      { code: "GE_COUNT", segment: "GE", at: 13 },
    ]);
    assert.deepEqual(problemsOf(ok.replace("GE*2*7", "GE*2*8")), [
      { code: "GE_CONTROL_NUMBER", segment: "GE", at: 13 },
    ]);
    assert.deepEqual(problemsOf(ok.replace("IEA*1*", "IEA*2*")), [
      { code: "IEA_COUNT", segment: "IEA", at: 14 },
    ]);
    assert.deepEqual(problemsOf(ok.replace("IEA*1*000000001", "IEA*1*000000002")), [
      { code: "IEA_CONTROL_NUMBER", segment: "IEA", at: 14 },
    ]);
  });

  test("missing trailers are reported at the header they leave open", () => {
    assert.deepEqual(problemsOf(ok.replace("SE*5*0001~", "")), [
      { code: "SE_MISSING", segment: "ST", at: 3 },
    ]);
    assert.deepEqual(problemsOf(ok.replace(/GE\*2\*7~/, "")), [{ code: "GE_MISSING", segment: "GS", at: 2 }]);
    const cut = ok.slice(0, ok.indexOf("SE*5*0002"));
    assert.deepEqual(problemsOf(cut), [
      { code: "SE_MISSING", segment: "ST", at: 8 },
      { code: "GE_MISSING", segment: "GS", at: 2 },
      { code: "IEA_MISSING", segment: "ISA", at: 1 },
    ]);
  });

  test("GS01 must match ST01, and control numbers must be unique", () => {
    assert.deepEqual(problemsOf(ok.replace("GS*PO", "GS*SH")), [
      { code: "ST_GROUP_MISMATCH", segment: "ST", at: 3 },
      { code: "ST_GROUP_MISMATCH", segment: "ST", at: 8 },
    ]);
    assert.deepEqual(problemsOf(ok.replaceAll("0002", "0001")), [
      { code: "ST_DUPLICATE", segment: "ST", at: 8 },
    ]);
    // "0001" and "1" are the same number.
    assert.deepEqual(
      problemsOf(ok.replace("ST*850*0002", "ST*850*00001")).map((p) => p.code),
      ["ST_DUPLICATE", "SE_CONTROL_NUMBER"],
    );
  });

  test("ISA fixed widths are checked, and a malformed ISA is still read", () => {
    const narrow = ok.replace("SENDER         ", "SENDER   ");
    const r = parseX12(narrow);
    assert.deepEqual(codes(r.problems), ["ISA_WIDTH"]);
    assert.match(r.problems[0]?.message ?? "", /ISA06 has 9 characters, not 15/);
    assert.equal(r.interchanges[0]?.groups[0]?.transactionSets.length, 2);
  });

  test("ISA values are checked", () => {
    const bad = ok.replace("*240131*1200*U*00401*000000001*0*P*", "*241331*2599*U*00401*00000001X*2*X*");
    assert.deepEqual(
      codes(parseX12(bad).problems),
      [
        "IEA_CONTROL_NUMBER",
        "ISA_ACK_REQUESTED",
        "ISA_CONTROL_NUMBER",
        "ISA_DATE",
        "ISA_TIME",
        "ISA_USAGE",
      ].sort(),
    );
  });

  test("a TA1 between ISA and GS, and an interchange holding only a TA1", () => {
    const withTa1 = ok.replace("~GS*", "~TA1*000000009*240131*1200*A*000~GS*");
    const r = parseX12(withTa1);
    assert.deepEqual(r.problems, []);
    assert.equal(r.interchanges[0]?.ta1.length, 1);
    const only = `${isa()}TA1*000000009*240131*1200*A*000~IEA*0*000000001~`;
    const o = parseX12(only);
    assert.deepEqual(o.problems, []);
    assert.equal(o.interchanges[0]?.ta1[0]?.elements[3], "A");
    assert.equal(o.interchanges[0]?.groups.length, 0);
  });

  test("segments out of place are reported", () => {
    assert.deepEqual(problemsOf(ok.replace("~GS*", "~BEG*00~GS*")), [
      { code: "SEGMENT_UNEXPECTED", segment: "BEG", at: 2 },
    ]);
    const orphan = `${isa()}ST*850*0001~BEG*00~SE*3*0001~IEA*0*000000001~`;
    assert.deepEqual(problemsOf(orphan), [{ code: "GS_MISSING", segment: "ST", at: 2 }]);
    assert.deepEqual(problemsOf(ok.replace("BEG*00*SA*PO1", "beg*00")), [
      { code: "SEGMENT_ID_INVALID", segment: "beg", at: 4 },
    ]);
  });

  test("data before, between and after interchanges is reported, and the interchanges still read", () => {
    const r = parseX12(`hello${ok}garbage${ok.replaceAll("000000001", "000000002")}trailing`);
    assert.deepEqual(codes(r.problems), ["ISA_MISSING", "ISA_MISSING", "ISA_MISSING"]);
    assert.equal(r.interchanges.length, 2);
    assert.deepEqual(
      r.problems.map((p) => p.position?.offset),
      [0, 5 + ok.length, 5 + ok.length * 2 + 7],
    );
  });

  test("a second ISA before the first one's IEA closes the first", () => {
    const first = ok.slice(0, ok.indexOf("IEA"));
    const r = parseX12(first + ok.replaceAll("000000001", "000000002"));
    assert.deepEqual(codes(r.problems), ["IEA_MISSING"]);
    assert.equal(r.interchanges.length, 2);
  });

  test("a wrong terminator makes one too-long segment, not unbounded memory", () => {
    const r = parseX12(`${isa()}GS*PO${"x".repeat(5000)}`, { maxSegmentLength: 1000 });
    assert.deepEqual(codes(r.problems), ["IEA_MISSING", "SEGMENT_TOO_LONG"]);
  });

  test("events come in envelope order", async () => {
    const { events } = await collect([ok]);
    assert.deepEqual(events, ["interchange", "group", "set", "set", "groupEnd", "interchangeEnd"]);
  });
});

describe("files", () => {
  test("a file read in many pieces gives the sets and problems of the whole text", async () => {
    const text = interchange({ sets: 3000, nl: "\n" });
    assert.ok(text.length > 3 * 64 * 1024);
    const dir = mkdtempSync(join(tmpdir(), "ledgerlink-reader-"));
    try {
      const file = join(dir, "850s.edi");
      writeFileSync(file, text);
      const sets: string[] = [];
      const problems: Problem[] = [];
      for await (const e of readX12File(file)) {
        if (e.type === "set")
          sets.push(`${e.set.controlNumber}:${e.set.segments.map((g) => g.id).join(",")}`);
        else if (e.type === "problem") problems.push(e.problem);
      }
      const whole = parseX12(text);
      const expected = whole.interchanges.flatMap((ic) =>
        ic.groups.flatMap((g) =>
          g.transactionSets.map((t) => `${t.controlNumber}:${t.segments.map((x) => x.id).join(",")}`),
        ),
      );
      assert.equal(sets.length, 3000);
      assert.deepEqual(sets, expected);
      assert.deepEqual(problems, whole.problems);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a missing file fails the iteration", async () => {
    await assert.rejects(async () => {
      for await (const _ of readX12File(join(tmpdir(), "ledgerlink-no-such-file.edi"))) {
        // nothing to read
      }
    }, /ENOENT/);
  });

  test("a segment of thousands of elements, then ordinary ones, keeps every element", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `V${i}`);
    const ok = interchange();
    const at = ok.indexOf("CTT");
    const r = parseX12(`${ok.slice(0, at)}MSG*${many.join("*")}~${ok.slice(at)}`);
    const set = r.interchanges[0]?.groups[0]?.transactionSets[0];
    const msg = set?.segments.find((g) => g.id === "MSG");
    assert.deepEqual(msg?.elements, many);
    assert.deepEqual(set?.segments.find((g) => g.id === "CTT")?.elements, ["1"]);
    assert.deepEqual(codes(r.problems), ["SE_COUNT"]);
  });
});

describe("never throws", () => {
  test("on empty, tiny and odd inputs", () => {
    for (const input of [
      "",
      "I",
      "IS",
      "ISA",
      "ISA*",
      isa().slice(0, 50),
      "\x00\x1a",
      "\ufeff",
      isa(),
      `${isa()}~~~`,
    ]) {
      const r = parseX12(input);
      assert.ok(Array.isArray(r.problems));
    }
    assert.deepEqual(codes(parseX12(isa()).problems), ["IEA_MISSING"]);
    assert.deepEqual(codes(parseX12("ISA*").problems), ["ISA_INVALID"]);
    assert.deepEqual(parseX12("").problems, []);
  });
});

describe("line breaks", () => {
  test("a newline terminator in a CRLF file leaves no CR in the data", () => {
    const text = `${isa({ t: "\n" })}${"GS*PO*S*R*20240131*1200*7*X*004010\r\nST*850*0001\r\nBEG*00*SA*1**20240131\r\nSE*3*0001\r\nGE*1*7\r\nIEA*1*000000001\r\n"}`;
    const r = parseX12(text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.interchanges[0]?.groups[0]?.transactionSets[0]?.segments[1]?.elements, [
      "00",
      "SA",
      "1",
      "",
      "20240131",
    ]);
  });
});

describe("ISA11", () => {
  test("a letter in ISA11 of a version that needs a repetition separator is a warning; none is used", () => {
    const r = parseX12(interchange({ version: "00501" }));
    assert.deepEqual(codes(r.problems), ["ISA_REPETITION_SEPARATOR"]);
    assert.equal(r.interchanges[0]?.delimiters.repetition, undefined);
  });

  test("a TA1 after a group is out of place", () => {
    const text = interchange().replace("~IEA*", "~TA1*000000009*240131*1200*A*000~IEA*");
    assert.deepEqual(codes(parseX12(text).problems), ["SEGMENT_UNEXPECTED"]);
  });
});
