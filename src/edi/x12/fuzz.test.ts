// Mutates the sample files thousands of times and checks that the reader never throws, always finishes,
// reads the same however the input is chunked, and never accepts an envelope the mutation broke.
// Deterministic: set X12_FUZZ_SEED to replay another run, X12_FUZZ_CASES to run more.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ParseResult, parseX12, X12Machine } from "./reader.ts";
import { readSample, sampleNames } from "./samples.ts";
import type { Problem } from "./types.ts";

const SEED = Number(process.env.X12_FUZZ_SEED ?? 20240131);
const CASES = Number(process.env.X12_FUZZ_CASES ?? 1500);

/** mulberry32: small, fast and good enough to pick mutations reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
  };
}

interface Sample {
  name: string;
  /** The file as latin1 text: one character per byte. */
  text: string;
  term: string;
  element: string;
  /** Each segment as [start, end) with its terminator, leading layout included. */
  spans: [number, number][];
  /** Where the last IEA's terminator is (or the end, when it has none). */
  lastTerminator: number;
}

/** Splits a sample by the separators of its first ISA: independent of the reader under test. */
function prepare(name: string): Sample {
  const text = readSample(name).toString("latin1");
  const start = text.indexOf("ISA");
  const element = text[start + 3] as string;
  const term = text[start + 105] as string;
  const spans: [number, number][] = [];
  let from = 0;
  for (;;) {
    const t = text.indexOf(term, from === 0 ? start + 105 : from);
    if (t < 0) {
      if (text.slice(from).trim()) spans.push([from, text.length]);
      break;
    }
    spans.push([from, t + 1]);
    from = t + 1;
  }
  const last = spans.at(-1) as [number, number];
  const lastTerminator = text[last[1] - 1] === term ? last[1] - 1 : text.trimEnd().length;
  return { name, text, term, element, spans, lastTerminator };
}

function idOf(s: Sample, span: [number, number]): string {
  return s.text.slice(span[0], span[1]).trimStart().split(s.element, 1)[0] ?? "";
}

function parse(text: string): ParseResult {
  return parseX12(Buffer.from(text, "latin1"));
}

function errors(r: ParseResult): Problem[] {
  return r.problems.filter((p) => p.severity === "error");
}

function sane(r: ParseResult): void {
  for (const p of r.problems) {
    assert.ok(p.severity === "error" || p.severity === "warning");
    assert.ok(p.code.length > 0 && p.message.length > 0);
    assert.ok(p.position === undefined || (p.position.segment >= 1 && p.position.offset >= 0));
  }
}

const all = sampleNames().map(prepare);
const clean = all.filter((s) => errors(parse(s.text)).length === 0);

describe(`X12 reader fuzz (seed ${SEED})`, { timeout: 120_000 }, () => {
  test("the clean samples are a useful base", () => {
    assert.ok(clean.length >= 10, `only ${clean.length} clean samples`);
  });

  test("a dropped or duplicated segment is always an error (TA1 excepted)", () => {
    const r = prng(SEED);
    for (let i = 0; i < CASES; i++) {
      const s = r.pick(clean);
      const k = r.int(s.spans.length);
      const span = s.spans[k] as [number, number];
      const piece = s.text.slice(span[0], span[1]);
      const drop = r.next() < 0.5;
      const mutated = drop
        ? s.text.slice(0, span[0]) + s.text.slice(span[1])
        : s.text.slice(0, span[1]) + piece + s.text.slice(span[1]);
      const res = parse(mutated);
      sane(res);
      if (idOf(s, span) === "TA1") continue;
      assert.ok(
        errors(res).length > 0,
        `${drop ? "dropping" : "duplicating"} segment ${k + 1} (${idOf(s, span)}) of ${s.name} was accepted`,
      );
    }
  });

  test("a truncated file is always an error", () => {
    const r = prng(SEED + 1);
    for (let i = 0; i < CASES; i++) {
      const s = r.pick(clean);
      const at = r.int(s.lastTerminator);
      const res = parse(s.text.slice(0, at));
      sane(res);
      if (s.text.slice(0, at).replace("\xef\xbb\xbf", "").trim() === "") continue;
      // A cut right after an interchange's IEA leaves complete interchanges: a valid, shorter file.
      // So does a cut right before its terminator: a complete IEA that is only unterminated (a warning).
      const afterIea = s.spans.some(
        (span) =>
          idOf(s, span) === "IEA" &&
          (span[1] - 1 === at || (span[1] <= at && s.text.slice(span[1], at).trim() === "")),
      );
      if (afterIea) continue;
      assert.ok(errors(res).length > 0, `${s.name} cut at byte ${at} was accepted`);
    }
  });

  test("a changed count or control number in SE, GE, IEA, ST, GS or ISA13 is always an error", () => {
    const r = prng(SEED + 2);
    let done = 0;
    while (done < CASES) {
      const s = r.pick(clean);
      const span = r.pick(s.spans);
      const id = idOf(s, span);
      const seg = s.text.slice(span[0], span[1]);
      const lead = seg.length - seg.trimStart().length;
      const parts = seg.slice(lead, seg.length - 1).split(s.element);
      let index: number;
      if (id === "SE" || id === "GE" || id === "IEA") index = 1 + r.int(2);
      else if (id === "ST") index = 2;
      else if (id === "GS") index = 6;
      else if (id === "ISA") index = 13;
      else continue;
      const value = parts[index] ?? "";
      const digits = [...value].map((c, j) => (c >= "0" && c <= "9" ? j : -1)).filter((j) => j >= 0);
      if (digits.length === 0) continue;
      const j = r.pick(digits);
      const old = value[j] as string;
      const digit = String((Number(old) + 1 + r.int(9)) % 10);
      parts[index] = value.slice(0, j) + digit + value.slice(j + 1);
      const mutated =
        s.text.slice(0, span[0] + lead) + parts.join(s.element) + seg.slice(-1) + s.text.slice(span[1]);
      const res = parse(mutated);
      sane(res);
      assert.ok(
        errors(res).length > 0,
        `${s.name}: ${id}${String(index).padStart(2, "0")} ${value} -> ${parts[index]} was accepted`,
      );
      done++;
    }
  });

  test("separators changed consistently read the same; changed in the ISA alone are an error", () => {
    const r = prng(SEED + 3);
    const pool = [
      ..."!\"#$%&'()+,/:;<=?@[\\]^`{|}\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x16\x17\x18\x19\x1b\x1c\x1d\x1e\x1f\x7f",
    ];
    for (let i = 0; i < CASES / 5; i++) {
      const s = r.pick(clean);
      const free = pool.filter((c) => !s.text.includes(c));
      const e2 = r.pick(free);
      const t2 = r.pick(free.filter((c) => c !== e2));
      const layoutTerm = /[\r\n]/.test(s.term);
      const map = (c: string) => (c === s.element ? e2 : c === s.term && !layoutTerm ? t2 : c);
      const translated = [...s.text].map(map).join("");
      const before = parse(s.text);
      const after = parse(translated);
      sane(after);
      assert.deepEqual(
        after.problems.map((p) => p.code),
        before.problems.map((p) => p.code),
        `${s.name} with separators ${JSON.stringify([e2, t2])}`,
      );
      const shape = (res: ParseResult) =>
        res.interchanges.flatMap((ic) =>
          ic.groups.flatMap((g) =>
            g.transactionSets.flatMap((t) => t.segments.map((x) => [x.id, ...x.elements])),
          ),
        );
      assert.deepEqual(shape(after), shape(before));

      // Declaring a new separator in the ISA without using it breaks the envelope.
      const start = s.text.indexOf("ISA");
      const position = r.pick([3, 105]);
      if (position === 105 && layoutTerm) continue;
      const declared =
        s.text.slice(0, start + position) + (position === 3 ? e2 : t2) + s.text.slice(start + position + 1);
      const res = parse(declared);
      sane(res);
      assert.ok(errors(res).length > 0, `${s.name}: ISA byte ${position + 1} changed alone was accepted`);
    }
  });

  test("random bytes never make the reader throw, and chunking never changes what it reads", () => {
    const r = prng(SEED + 4);
    for (let i = 0; i < CASES; i++) {
      const s = r.pick(all);
      const bytes = Buffer.from(s.text, "latin1");
      const n = 1 + r.int(8);
      let mutated: Buffer = bytes;
      for (let k = 0; k < n; k++) {
        const at = r.int(mutated.length + 1);
        const kind = r.int(3);
        const junk = Buffer.from(Array.from({ length: 1 + r.int(4) }, () => r.int(256)));
        if (kind === 0) mutated = Buffer.concat([mutated.subarray(0, at), junk, mutated.subarray(at)]);
        else if (kind === 1)
          mutated = Buffer.concat([mutated.subarray(0, at), junk, mutated.subarray(at + junk.length)]);
        else mutated = Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1 + r.int(20))]);
      }
      const whole = parseX12(mutated);
      sane(whole);
      if (i % 5 === 0) {
        const problems: Problem[] = [];
        let sets = 0;
        const m = new X12Machine((e) => {
          if (e.type === "problem") problems.push(e.problem);
          if (e.type === "set") sets++;
        });
        for (let at = 0; at < mutated.length; ) {
          const size = 1 + r.int(64);
          m.write(mutated.subarray(at, at + size));
          at += size;
        }
        m.end();
        assert.deepEqual(problems, whole.problems, `${s.name} mutation ${i} read differently in chunks`);
        assert.equal(
          sets,
          whole.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transactionSets)).length,
        );
      }
    }
  });

  test("pure noise is read without throwing", () => {
    const r = prng(SEED + 5);
    for (let i = 0; i < CASES / 5; i++) {
      const prefix = r.next() < 0.5 ? "ISA" : "";
      const noise = Buffer.from(Array.from({ length: r.int(400) }, () => r.int(256)));
      const res = parseX12(Buffer.concat([Buffer.from(prefix), noise]));
      sane(res);
      if (prefix) assert.ok(errors(res).length > 0);
    }
  });
});
