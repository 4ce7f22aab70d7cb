// Mutates the sample files thousands of times and checks that the reader never throws, always finishes,
// reads the same however the input is chunked, and never accepts an envelope the mutation broke.
// Deterministic: set X12_FUZZ_SEED to replay another run, X12_FUZZ_CASES to run more.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { prng } from "../../test/helpers/random.ts";
import { readSample, sampleNames } from "../../test/helpers/x12/samples.ts";
import { type ParseResult, parseX12, X12Machine } from "./reader.ts";
import type { Problem } from "./types.ts";

const SEED = Number(process.env.X12_FUZZ_SEED ?? 20240131);
const CASES = Number(process.env.X12_FUZZ_CASES ?? 1500);

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

/**
 * A second, deliberately simple envelope check, written apart from the reader: true when the file is
 * plainly broken (bad ISA, bad segment id, envelope out of order, wrong count or control number). It
 * checks less than the reader, so "broken here" must always mean "an error from the reader".
 */
const FILLER = " \t\n\v\f\r\x00\x1a";

function plainlyBroken(text: string): string | undefined {
  const isa = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
  const same = (a: string, b: string) =>
    /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) === BigInt(b) : a === b;
  let p = 0;
  for (;;) {
    while (p < text.length && FILLER.includes(text[p] as string)) p++;
    if (text.startsWith("\xef\xbb\xbf", p)) {
      p += 3;
      continue;
    }
    if (p >= text.length) return undefined;
    if (!text.startsWith("ISA", p)) return `data where an ISA should start at ${p}`;
    const e = text[p + 3] ?? "";
    if (/[A-Za-z0-9\s]/.test(e) || !isa.every((k) => text[p + k] === e) || p + 106 > text.length) {
      return "ISA not fixed width";
    }
    const fields = text.slice(p + 4, p + 105).split(e);
    const [c, t] = [text[p + 104] as string, text[p + 105] as string];
    if (new Set([e, c, t]).size < 3 || /[A-Za-z0-9]/.test(c + t)) return "separators";
    if (
      !/^\d{9}$/.test(fields[12] ?? "") ||
      !/^[01]$/.test(fields[13] ?? "") ||
      !/^[PT]$/.test(fields[14] ?? "")
    ) {
      return "ISA values";
    }
    p += 106;
    // The segments up to the IEA.
    const segs: string[][] = [];
    for (;;) {
      const q = text.indexOf(t, p);
      let end = q;
      if (q < 0) for (end = text.length; end > p && FILLER.includes(text[end - 1] as string); end--);
      let raw = text.slice(p, end);
      p = q < 0 ? text.length : q + 1;
      raw = raw.replace(/^[\t\n\v\f\r ]+/, "");
      if (t === "\n") raw = raw.replace(/\r$/, "");
      if (raw === "") {
        if (q < 0) return "no IEA";
        continue;
      }
      const parts = raw.split(e);
      segs.push(parts);
      if (parts[0] === "IEA") break;
      if (q < 0) return "no IEA";
    }
    let i = 0;
    const id = () => segs[i]?.[0] ?? "";
    while (id() === "TA1") i++;
    let groups = 0;
    while (id() === "GS") {
      const gs = segs[i++] as string[];
      if (gs.length < 9 || gs.slice(1, 9).some((v) => v === "") || !/^\d{1,9}$/.test(gs[6] ?? ""))
        return "GS";
      groups++;
      let sets = 0;
      while (id() === "ST") {
        const st = segs[i++] as string[];
        if (!/^\d{3}$/.test(st[1] ?? "") || (st[2] ?? "").length < 4 || (st[2] ?? "").length > 9) return "ST";
        let count = 1;
        while (i < segs.length && !["SE", "ST", "GE", "GS", "IEA", "ISA"].includes(id())) {
          if (!/^[A-Z][A-Z0-9]{1,2}$/.test(id())) return `segment id ${JSON.stringify(id())}`;
          count++;
          i++;
        }
        if (id() !== "SE") return "no SE";
        const se = segs[i++] as string[];
        if (!/^\d+$/.test(se[1] ?? "") || Number(se[1]) !== count + 1 || !same(se[2] ?? "", st[2] ?? ""))
          return "SE";
        sets++;
      }
      if (id() !== "GE") return "no GE";
      const ge = segs[i++] as string[];
      if (!/^\d+$/.test(ge[1] ?? "") || Number(ge[1]) !== sets || !same(ge[2] ?? "", gs[6] ?? ""))
        return "GE";
    }
    if (id() !== "IEA" || i !== segs.length - 1) return `unexpected ${id()}`;
    const iea = segs[i] as string[];
    if (!/^\d+$/.test(iea[1] ?? "") || Number(iea[1]) !== groups || !same(iea[2] ?? "", fields[12] ?? "")) {
      return "IEA";
    }
  }
}

const all = sampleNames().map(prepare);
const clean = all.filter((s) => errors(parse(s.text)).length === 0);

describe(`X12 reader fuzz (seed ${SEED})`, { timeout: 120_000 }, () => {
  test("the clean samples are a useful base, and the second envelope check agrees on the samples", () => {
    assert.ok(clean.length >= 10, `only ${clean.length} clean samples`);
    for (const s of all) {
      const broken = plainlyBroken(s.text);
      if (broken) assert.ok(errors(parse(s.text)).length > 0, `${s.name}: ${broken}`);
    }
    for (const s of clean) assert.equal(plainlyBroken(s.text), undefined, s.name);
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

  test("random bytes never make the reader throw or accept a broken envelope, and chunking never changes what it reads", () => {
    const judged = { fine: 0, broken: 0 };
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
      const broken = plainlyBroken(mutated.toString("latin1"));
      if (broken) judged.broken++;
      else judged.fine++;
      if (broken) {
        assert.ok(errors(whole).length > 0, `${s.name} mutation ${i} (${broken}) was accepted`);
      }
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
    // The second check must have had a say both ways, or it proves nothing.
    assert.ok(judged.fine > CASES / 20 && judged.broken > CASES / 20, JSON.stringify(judged));
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
