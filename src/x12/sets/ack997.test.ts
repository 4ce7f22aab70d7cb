import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSample, sampleNames } from "../../../test/helpers/x12/samples.ts";
import {
  firstSet,
  sampleSets,
  strictlyParsedSets,
  when,
  writeAndRead,
} from "../../../test/helpers/x12/sets.ts";
import { parseX12 } from "../reader.ts";
import type { OutSegment } from "../types.ts";
import { writeX12 } from "../writer.ts";
import { acknowledge, analyzeGroup, build997, buildTA1, read997, readTA1 } from "./ack997.ts";

/** The 997 body of a group as plain X12 text lines (without ST/SE), for exact comparisons. */
function lines(segments: OutSegment[]): string[] {
  return segments.map(([id, ...els]) =>
    [id, ...els.map((e) => (Array.isArray(e) ? e.join(":") : e))].join("*").replace(/\**$/, ""),
  );
}

function groupsOf(name: string) {
  return parseX12(readSample(name)).interchanges.flatMap((i) => i.groups);
}

describe("997 built for received groups", () => {
  test("a clean 850 is accepted the way the retailer's own 997 sample does it", () => {
    const [group] = groupsOf("850-nodex12-1.edi");
    assert.ok(group);
    const ack = build997(group, { controlNumber: "0001" });
    assert.deepEqual(lines(ack.segments), ["AK1*PO*1421", "AK2*850*000000010", "AK5*A", "AK9*A*1*1*1"]);
    // Same shape as the accepted 997 in 997-bots-accept.edi.
    const sample = firstSet("997-bots-accept.edi").set;
    assert.deepEqual(
      sample.segments.slice(1, -1).map((s) => s.id),
      ack.segments.map((s) => s[0]),
    );
  });

  test("the TAX02 'TTT' of the mixed EdiFabric file is an element too long (AK403 5) in segment 4", () => {
    const [poGroup, invoiceGroup] = groupsOf("mixed-edifabric-850-810-2gs.edi");
    assert.ok(poGroup && invoiceGroup);
    // GS01=IN with an 850 inside: identifier invalid for the group (6), and a segment in error (5).
    assert.deepEqual(lines(build997(poGroup, { controlNumber: "0001" }).segments), [
      "AK1*IN*000000001",
      "AK2*850*0001",
      "AK3*TAX*4**8",
      "AK4*2*309*5*TTT",
      "AK5*R*6*5",
      "AK9*R*1*1*0",
    ]);
    // The second group repeats GS06 000000001: group control number not unique (AK905 19).
    assert.deepEqual(lines(build997(invoiceGroup, { controlNumber: "0002" }).segments), [
      "AK1*IN*000000001",
      "AK2*810*0001",
      "AK5*A",
      "AK9*R*1*1*0*19",
    ]);
  });

  test("an 850 sent in a GS*OW (the Stedi drop-ship sample) is rejected as not belonging to the group", () => {
    const [group] = groupsOf("850-stedi-5010-dropship-gs-ow.edi");
    assert.ok(group);
    assert.deepEqual(lines(build997(group, { controlNumber: "0001" }).segments), [
      "AK1*OW*000000057*005010",
      "AK2*850*000000057",
      "AK5*R*6",
      "AK9*R*1*1*0",
    ]);
  });

  test("a repeated ST02 is rejected (AK5 23) and the group is partially accepted", () => {
    const [first] = groupsOf("850-bots-2gs-4st-00300.edi");
    assert.ok(first);
    const ack = analyzeGroup(first);
    assert.deepEqual(
      ack.sets.map((s) => [s.status.code, s.errors.map((e) => e.code)]),
      [
        ["A", []],
        ["R", ["23"]],
      ],
    );
    assert.equal(ack.status.code, "P");
    assert.deepEqual([ack.included, ack.received, ack.accepted], [2, 2, 1]);
  });

  test("syntax errors can be accepted with errors (AK5 E) instead of rejected", () => {
    const [group] = groupsOf("mixed-edifabric-850-810-2gs.edi");
    assert.ok(group);
    group.transactionSets[0]?.problems.splice(0); // leave only the TAX02 syntax error
    group.problems.splice(0);
    const ack = analyzeGroup(group, { onSyntaxError: "accept" });
    assert.equal(ack.sets[0]?.status.code, "E");
    assert.equal(ack.status.code, "E");
    assert.equal(ack.accepted, 1);
  });

  test("a set type the receiver does not handle is rejected with AK5 1", () => {
    const [group] = groupsOf("856-nodex12-sOI-4060.edi");
    assert.ok(group);
    const ack = analyzeGroup(group, { supportedSets: ["850"] });
    assert.deepEqual(ack.sets[0]?.errors, [{ code: "1", meaning: "Transaction set not supported" }]);
  });

  test("an SE count that is wrong is reported as AK5 4", () => {
    const text = readSample("850-nodex12-1.edi").toString("latin1").replace("SE*33*", "SE*34*");
    const group = parseX12(text).interchanges[0]?.groups[0];
    assert.ok(group);
    assert.deepEqual(lines(build997(group, { controlNumber: "0001" }).segments).slice(2), [
      "AK5*R*4",
      "AK9*R*1*1*0",
    ]);
  });

  test("AK902 repeats the sender's GE01 and AK903 counts the sets received (AK905 5 when they differ)", () => {
    const text = readSample("850-nodex12-1.edi")
      .toString("latin1")
      .replace(/GE\*1\*/, "GE*3*");
    const group = parseX12(text).interchanges[0]?.groups[0];
    assert.ok(group);
    assert.equal(group.includedSets, 3);
    assert.deepEqual(lines(build997(group, { controlNumber: "0001" }).segments).slice(-1), ["AK9*R*3*1*0*5"]);
    // Without a GE there is no GE01 to repeat: AK902 falls back to the sets received.
    const cut = readSample("850-nodex12-1.edi")
      .toString("latin1")
      .replace(/GE\*1\*[^~]*~/, "");
    const open = parseX12(cut).interchanges[0]?.groups[0];
    assert.ok(open);
    assert.deepEqual(lines(build997(open, { controlNumber: "0001" }).segments).slice(-1), ["AK9*R*1*1*0*3"]);
  });

  test("a 997 read back gives the acknowledgment it was built from", () => {
    for (const name of [
      "mixed-edifabric-850-810-2gs.edi",
      "850-bots-2gs-4st-00300.edi",
      "850-nodex12-1.edi",
    ]) {
      for (const group of groupsOf(name)) {
        const ack = analyzeGroup(group);
        const { set, parsed } = writeAndRead(build997(group, { controlNumber: "0007" }));
        assert.deepEqual(parsed.problems, [], name);
        assert.deepEqual(read997(set).acknowledgment, ack, name);
      }
    }
  });
});

describe("TA1", () => {
  test("is due when the sender asks for one (ISA14=1) and reports no error for a clean envelope", () => {
    const { interchange } = firstSet("810-bots-retailer-1.edi");
    assert.deepEqual(buildTA1(interchange), ["TA1", "000000001", "130123", "0123", "A", "000"]);
  });

  test("is not due when not asked for and the envelope is sound", () => {
    assert.equal(buildTA1(firstSet("850-nodex12-1.edi").interchange), undefined);
  });

  test("notes the ISA12 typo 00040 of the Walmart 810 (accepted with errors, 017)", () => {
    const { interchange } = firstSet("810-oopfactory-walmart-newline-term.edi");
    assert.deepEqual(buildTA1(interchange), ["TA1", "810000263", "071214", "1406", "E", "017"]);
  });

  test("rejects the second interchange of the fat file, a duplicate ISA13 (025), even unasked", () => {
    const interchanges = parseX12(readSample("850-nodex12-fat-two-isa.edi")).interchanges;
    assert.equal(buildTA1(interchanges[0] as never), undefined);
    assert.deepEqual(buildTA1(interchanges[1] as never), ["TA1", "000003438", "101127", "1719", "R", "025"]);
  });

  test("a broken envelope is rejected with its note code: IEA missing 023, IEA01 wrong 021, IEA02 wrong 001", () => {
    const text = readSample("850-nodex12-1.edi").toString("latin1");
    const verdict = (t: string) => {
      const i = parseX12(t).interchanges[0];
      assert.ok(i);
      return buildTA1(i)?.slice(4);
    };
    assert.deepEqual(verdict(text.slice(0, text.indexOf("IEA"))), ["R", "023"]);
    assert.deepEqual(verdict(text.replace("IEA*1*", "IEA*2*")), ["R", "021"]);
    assert.deepEqual(verdict(text.replace("IEA*1*000003438", "IEA*1*000003439")), ["R", "001"]);
  });

  test("a set outside any group is invalid interchange content: TA1 R/024, and no 997 for it", () => {
    const isa =
      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1200*U*00401*000000007*0*P*>~";
    const parsed = parseX12(`${isa}ST*850*0001~BEG*00*SA*1**20240131~SE*3*0001~IEA*0*000000007~`);
    const interchange = parsed.interchanges[0];
    assert.ok(interchange);
    assert.deepEqual(buildTA1(interchange)?.slice(4), ["R", "024"]);
    const acks = acknowledge(parsed, { date: when });
    assert.deepEqual(
      acks.map((ic) => [ic.ta1?.length ?? 0, ic.groups.length]),
      [[1, 0]],
    );
  });

  test("a received TA1 is read with the meaning of its codes", () => {
    const { interchange } = firstSet("ta1-997-bots-ta1-then-group.edi");
    const ta1 = interchange.ta1[0];
    assert.ok(ta1);
    assert.deepEqual(readTA1(ta1), {
      controlNumber: "000484889",
      date: "040709",
      time: "1339",
      status: {
        code: "R",
        meaning:
          "The transmitted interchange control structure header and trailer are rejected because of errors",
      },
      note: { code: "015", meaning: "Invalid interchange time value" },
    });
  });
});

describe("received 997s", () => {
  test("the bots 997 accepts PO group 214, set 850 000000390", () => {
    const { acknowledgment, problems } = read997(firstSet("997-bots-accept.edi").set);
    assert.deepEqual(problems, []);
    assert.equal(acknowledgment.functionalId, "PO");
    assert.equal(acknowledgment.controlNumber, "214");
    assert.deepEqual(
      acknowledgment.sets.map((s) => [s.type, s.controlNumber, s.status.code]),
      [["850", "000000390", "A"]],
    );
    assert.deepEqual(
      [acknowledgment.status.code, acknowledgment.included, acknowledgment.accepted],
      ["A", 1, 1],
    );
  });

  test("the EdiFabric 997 rejects the second 810 for TXI element 963 (invalid code C1), and its AK9 is inconsistent", () => {
    const { acknowledgment, problems } = read997(firstSet("997-edifabric-reject-ak3-ak4.edi").set);
    assert.equal(acknowledgment.functionalId, "IN");
    const [first, second] = acknowledgment.sets;
    assert.equal(first?.status.code, "A");
    assert.equal(second?.status.code, "R");
    assert.deepEqual(second?.errors, [{ code: "5", meaning: "One or more segments in error" }]);
    assert.deepEqual(second?.segments, [
      {
        id: "TXI",
        position: 54,
        error: { code: "8", meaning: "Segment has data element errors" },
        elements: [
          { position: 1, ref: 963, error: { code: "7", meaning: "Invalid code value" }, data: "C1" },
        ],
      },
    ]);
    // AK9*R*2*2*1: one of two sets accepted, so the group status should have been P.
    assert.deepEqual(
      [acknowledgment.status.code, acknowledgment.included, acknowledgment.received, acknowledgment.accepted],
      ["R", 2, 2, 1],
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.segment, p.position?.segment]),
      [["ACK_STATUS_INCONSISTENT", "AK9", 11]],
    );
  });

  test("the bots 997 after a TA1 rejects an 837 for control number mismatch and invalid control number", () => {
    const { acknowledgment } = read997(firstSet("ta1-997-bots-ta1-then-group.edi").set);
    assert.deepEqual(acknowledgment.sets[0]?.errors, [
      { code: "3", meaning: "Transaction set control number in header and trailer do not match" },
      { code: "7", meaning: "Missing or invalid transaction set control number" },
    ]);
    assert.deepEqual(acknowledgment.errors, [{ code: "1", meaning: "Functional group not supported" }]);
  });
});

test("an AK2 without its AK5 is reported", () => {
  const text = readSample("997-edifabric-reject-ak3-ak4.edi")
    .toString("latin1")
    .replace("AK5*A~\n", "")
    .replace("SE*10*", "SE*9*");
  const set = parseX12(text).interchanges[0]?.groups[0]?.transactionSets[0];
  assert.ok(set);
  assert.deepEqual(
    read997(set).problems.map((p) => [p.code, p.message]),
    [
      ["SEGMENT_MISSING", "the AK2 for 810 ST02 has no AK5 (set acknowledgment status) before AK2"],
      ["ACK_COUNT", "AK904 says 1 sets accepted but the AK5s accept 0"],
    ],
  );
});

describe("acknowledge(): every acknowledgment due for a file", () => {
  test("for every sample, what is written passes node-x12's strict parser and reads back clean", () => {
    let written = 0;
    for (const name of sampleNames()) {
      const parsed = parseX12(readSample(name));
      for (const out of acknowledge(parsed, { date: when })) {
        const text = writeX12(out);
        const back = parseX12(text);
        assert.deepEqual(back.problems, [], name);
        if (out.groups.length > 0) {
          assert.equal(
            strictlyParsedSets(text),
            out.groups.reduce((n, g) => n + g.transactionSets.length, 0),
            name,
          );
          written += 1;
        } else {
          assert.equal(back.interchanges[0]?.ta1.length, 1, name);
        }
      }
    }
    assert.ok(written >= 15, `only ${written} 997 interchanges written`);
  });

  test("answers the sender: swapped ids, FA group, one 997 per received group, TA1 on its own", () => {
    const parsed = parseX12(readSample("mixed-edifabric-850-810-2gs.edi"));
    const out = acknowledge(parsed, { date: when });
    assert.equal(out.length, 2);
    const [ta1, acks] = out;
    assert.deepEqual(ta1?.ta1, [["TA1", "000000263", "071216", "1406", "A", "000"]]);
    assert.deepEqual(ta1?.groups, []);
    assert.equal(acks?.sender, "RECEIVER1");
    assert.equal(acks?.receiver, "SENDER1");
    assert.equal(acks?.usage, "T");
    assert.equal(acks?.groups.length, 1);
    assert.equal(acks?.groups[0]?.functionalId, "FA");
    assert.equal(acks?.groups[0]?.applicationReceiver, "SENDER1");
    assert.deepEqual(
      acks?.groups[0]?.transactionSets.map((s) => s.segments.at(-1)),
      [
        ["AK9", "R", "1", "1", "0"],
        ["AK9", "R", "1", "1", "0", "19"],
      ],
    );
  });

  test("does not acknowledge received 997s, nor the groups of a rejected interchange", () => {
    assert.deepEqual(
      acknowledge(parseX12(readSample("997-bots-accept.edi"))).filter((i) => i.groups.length),
      [],
    );
    const fat = acknowledge(parseX12(readSample("850-nodex12-fat-two-isa.edi")));
    // First interchange: one 997. Second (duplicate ISA13): a TA1 only.
    assert.deepEqual(
      fat.map((i) => [i.groups.length, i.ta1?.[0]?.[4]]),
      [
        [1, undefined],
        [0, "R"],
      ],
    );
  });

  test("uses the caller's control numbers", () => {
    const numbers: string[] = [];
    const out = acknowledge(parseX12(readSample("850-bots-3isa-crlf.edi")), {
      nextControlNumber: (kind) => {
        const n = `${kind}-${numbers.length}`;
        numbers.push(n);
        return kind === "interchange" ? String(900000000 + numbers.length) : String(numbers.length + 1000);
      },
    });
    assert.equal(out.length, 3);
    assert.deepEqual(numbers.length, 9);
    assert.equal(out[0]?.controlNumber, "900000001");
  });

  test("the sets of one sample are acknowledged once each, in order", () => {
    const sets = sampleSets("850-bots-pipe-elemsep-4st.edi").map((s) => s.set.controlNumber);
    const out = acknowledge(parseX12(readSample("850-bots-pipe-elemsep-4st.edi")));
    const ak2 = out[0]?.groups[0]?.transactionSets[0]?.segments
      .filter((s) => s[0] === "AK2")
      .map((s) => s[2]);
    assert.deepEqual(ak2, sets);
  });
});
