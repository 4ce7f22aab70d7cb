#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn, each in its own Node process (so one bench's
// memory never shows in another's figures), under a header naming it. Names given on the command line
// run only those benches: `npm run bench -- records`. Arguments after `--` go to every bench:
// `npm run bench -- records -- --records 10000`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "bench");
const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const names = (split === -1 ? argv : argv.slice(0, split)).map((n) => n.replace(/\.bench\.ts$/, ""));
const passOn = split === -1 ? [] : argv.slice(split + 1);

const available = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`No bench named ${unknown.join(", ")}. Available: ${available.join(", ") || "(none)"}`);
  process.exit(1);
}

const chosen = names.length > 0 ? names : available;
const failed = [];
for (const name of chosen) {
  const file = join("bench", `${name}.bench.ts`);
  console.log(`\n=== ${name} (${file}) ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", file, ...passOn], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(", ")}`);
  process.exit(1);
}
