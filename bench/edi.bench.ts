// X12 reading throughput and memory.
//  1. A file of 850s (50 MB by default) read into typed purchase orders by our streaming reader and
//     850 mapper, against node-x12's full (strict) parse of the same file, in the same run.
//  2. A 500 MB file of 850s, generated on the fly into a temporary file (deleted afterwards), streamed
//     into typed purchase orders, reporting the peak resident memory of the process that read it.
// Each measurement that needs its own peak memory runs in a child process of this script.
// EDI_BENCH_MB and EDI_BENCH_STREAM_MB change the sizes; `--only=850` runs the first part alone and
// `--only=stream` the second.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readX12File, type X12Event } from "#x12/reader.ts";
import { read850 } from "#x12/sets/po850.ts";

const MB = 1024 * 1024;

/** One 850 in the shape retailers send (VICS-style, six lines), numbered `n`. */
function purchaseOrder(n: number): string {
  const st = String(n).padStart(9, "0");
  const segs = [
    `ST*850*${st}`,
    `BEG*00*SA*PO${st}**20240131*${n}`,
    "CUR*BY*USD",
    "REF*DP*038",
    "REF*IA*77812",
    "PER*BD*JANE BUYER*TE*5555550100",
    "DTM*010*20240214",
    "DTM*002*20240221",
    "TD5*A*92*P3**SEE ROUTING GUIDE",
    "N1*ST*XYZ RETAIL DC 12*UL*0012345000012",
    "N3*31875 SOLON RD",
    "N4*SOLON*OH*44139",
    "N1*BT*XYZ RETAIL*92*0001",
  ];
  for (let i = 1; i <= 6; i++) {
    segs.push(
      `PO1*${i}*${12 * i}*EA*${(3.25 * i).toFixed(2)}*TE*UP*01234567890${i}*VN*AB${n % 9999}-${i}*IN*${700000 + i}`,
      `PID*F****WIDGET MODEL ${i} BLUE`,
    );
  }
  segs.push("SAC*A*C310***1500", "CTT*6*252");
  segs.push(`SE*${segs.length + 1}*${st}`);
  return `${segs.join("~\n")}~\n`;
}

function isa(control: number): string {
  const c = String(control).padStart(9, "0");
  return `ISA*00*          *00*          *ZZ*RETAILER       *ZZ*SUPPLIER       *240131*1200*U*00401*${c}*0*P*>~\nGS*PO*RETAILER*SUPPLIER*20240131*1200*${control}*X*004010~\n`;
}

function trailer(control: number, sets: number): string {
  return `GE*${sets}*${control}~\nIEA*1*${String(control).padStart(9, "0")}~\n`;
}

/**
 * Writes interchanges of 850s until `bytes` is reached, a few MB at a time (constant memory).
 * `setsPerGroup` bounds each group; the small file is one interchange, as node-x12 expects.
 */
async function generate(
  path: string,
  bytes: number,
  setsPerGroup: number,
): Promise<{ bytes: number; orders: number }> {
  const out = createWriteStream(path);
  let written = 0;
  let orders = 0;
  let control = 1;
  let inGroup = 0;
  let chunk = isa(control);
  const flush = async () => {
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    chunk = "";
  };
  while (written + chunk.length < bytes) {
    orders++;
    chunk += purchaseOrder(orders);
    if (++inGroup === setsPerGroup) {
      chunk += trailer(control, inGroup);
      control++;
      inGroup = 0;
      chunk += isa(control);
    }
    if (chunk.length > 4 * MB) await flush();
  }
  chunk += trailer(control, inGroup);
  await flush();
  await new Promise<void>((r) => out.end(() => r()));
  return { bytes: written, orders };
}

interface OurRead {
  orders: number;
  lines: number;
  errors: number;
}

/** The product path: stream the events, map each 850 into a typed purchase order. */
async function readOrders(events: AsyncIterable<X12Event>): Promise<OurRead> {
  const result: OurRead = { orders: 0, lines: 0, errors: 0 };
  for await (const e of events) {
    if (e.type === "set" && e.set.type === "850") {
      const { order, problems } = read850(e.set);
      result.orders++;
      result.lines += order.lines.length;
      for (const p of problems) if (p.severity === "error") result.errors++;
    } else if (e.type === "problem" && e.problem.severity === "error") result.errors++;
  }
  return result;
}

const self = fileURLToPath(import.meta.url);

function child(args: string[], v8Flags: string[] = []): Record<string, number> {
  const flags = [...v8Flags, "--import", "tsx", self, ...args];
  const r = spawnSync(process.execPath, flags, { encoding: "utf8", maxBuffer: 16 * MB });
  if (r.status !== 0) throw new Error(`bench child ${args[0]} failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function timed<T>(work: () => Promise<T> | T): Promise<T & { seconds: number }> {
  const t0 = performance.now();
  const result = await work();
  return { ...result, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === "--node-x12" && file) {
    const { X12Parser } = await import("node-x12");
    const text = readFileSync(file, "utf8");
    const r = await timed(() => {
      const parsed = new X12Parser(true).parse(text) as { functionalGroups?: { transactions: unknown[] }[] };
      return { sets: parsed.functionalGroups?.reduce((n, g) => n + g.transactions.length, 0) ?? -1 };
    });
    console.log(JSON.stringify({ ...r, peakRssMb: peakRssMb() }));
    return;
  }
  if (mode === "--envelope" && file) {
    // The reader alone (segments, envelope checks, one event per set), as node-x12's parse does no mapping.
    const r = await timed(async () => {
      let sets = 0;
      for await (const e of readX12File(file)) if (e.type === "set") sets++;
      return { sets };
    });
    console.log(JSON.stringify({ ...r, peakRssMb: peakRssMb() }));
    return;
  }
  if (mode === "--stream" && file) {
    const r = await timed(() => readOrders(readX12File(file)));
    console.log(JSON.stringify({ ...r, peakRssMb: peakRssMb() }));
    return;
  }

  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  if (only !== undefined && only !== "850" && only !== "stream") {
    throw new Error(`--only=${only}: expected --only=850 or --only=stream`);
  }
  const cores = availableParallelism();
  const smallMb = Number(process.env.EDI_BENCH_MB ?? 50);
  const streamMb = Number(process.env.EDI_BENCH_STREAM_MB ?? 500);
  const dir = mkdtempSync(join(tmpdir(), "ledgerlink-edi-bench-"));
  try {
    console.log(`X12 reading benchmark — ${cores} cores, node ${process.version}`);

    if (only !== "stream") await comparison(dir, smallMb);
    if (only !== "850") await streamed(dir, streamMb);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Part 1: the typed orders against node-x12's full parse of the same file. */
async function comparison(dir: string, smallMb: number): Promise<void> {
  const small = join(dir, "850s.edi");
  const gen = await generate(small, smallMb * MB, 1_000_000);
  const size = statSync(small).size / MB;
  console.log(`\n1. ${size.toFixed(1)} MB, ${gen.orders} purchase orders (850), one interchange`);
  // Each side runs in its own process, twice, interleaved; the faster run of each counts, so a burst
  // of load from elsewhere on the machine does not decide the ratio.
  const runs: Record<"ours" | "reader" | "theirs", Record<string, number>[]> = {
    ours: [],
    reader: [],
    theirs: [],
  };
  for (let i = 0; i < 2; i++) {
    runs.ours.push(child(["--stream", small]));
    runs.reader.push(child(["--envelope", small]));
    runs.theirs.push(child(["--node-x12", small], ["--max-old-space-size=12000"]));
  }
  const best = (rs: Record<string, number>[], key: "seconds") => Math.min(...rs.map((r) => r[key] as number));
  for (const r of runs.ours) {
    if (r.orders !== gen.orders || r.errors !== 0) {
      throw new Error(`read ${r.orders} of ${gen.orders} orders with ${r.errors} errors`);
    }
  }
  const rate = (rs: Record<string, number>[]) => size / best(rs, "seconds");
  const line = (name: string, rs: Record<string, number>[], extra: string) =>
    console.log(
      `   ${name} ${rate(rs).toFixed(1)} MB/s (runs: ${rs.map((r) => (r.seconds as number).toFixed(2)).join(" / ")} s; ${extra}, peak RSS ${Math.max(...rs.map((r) => r.peakRssMb as number)).toFixed(0)} MB)`,
    );
  line("ledgerlink (streamed from the file) reader + 850 mapper:", runs.ours, `${runs.ours[0]?.lines} lines`);
  line("node-x12 strict parse (file already in memory):", runs.theirs, `${runs.theirs[0]?.sets} sets`);
  line("ledgerlink reader alone (no mapping):", runs.reader, `${runs.reader[0]?.sets} sets`);
  console.log(
    `   ratio: ${(rate(runs.ours) / rate(runs.theirs)).toFixed(1)}x node-x12's throughput into typed orders (target >= 10x); ${(rate(runs.reader) / rate(runs.theirs)).toFixed(1)}x for the reader alone`,
  );

  rmSync(small);
}

/** Part 2: a large file streamed into typed orders, for the peak memory. */
async function streamed(dir: string, streamMb: number): Promise<void> {
  const large = join(dir, "850s-large.edi");
  const big = await generate(large, streamMb * MB, 1000);
  const bigSize = statSync(large).size / MB;
  console.log(
    `\n2. ${bigSize.toFixed(0)} MB streamed from a file, ${big.orders} purchase orders in ${Math.ceil(big.orders / 1000)} interchanges`,
  );
  const s = child(["--stream", large]);
  if (s.orders !== big.orders || s.errors !== 0)
    throw new Error(`streamed ${s.orders} of ${big.orders} orders`);
  console.log(
    `   ${(s.seconds as number).toFixed(1)} s, ${(bigSize / (s.seconds as number)).toFixed(1)} MB/s, peak RSS ${(s.peakRssMb as number).toFixed(0)} MB (target < 150 MB)`,
  );
}

await main();
