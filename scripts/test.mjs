#!/usr/bin/env node
// The one test command: the type check and the linter, then every *.test.ts under src/ and test/ with
// node's test runner (through tsx). Paths narrow the run and skip the checks: `npm test -- src/x12`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const roots = args.filter((a) => !a.startsWith("-"));
const flags = args.filter((a) => a.startsWith("-"));

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(".test.ts") || name.endsWith(".test.tsx")) out.push(relative(root, path));
  }
  return out;
}

const files = [];
for (const r of roots.length ? roots : ["src", "test"]) {
  const p = join(root, r);
  if (statSync(p).isDirectory()) find(p, files);
  else files.push(relative(root, p));
}
files.sort();

// The whole suite starts with the type check and the linter: a tree that fails either is not green.
if (roots.length === 0) {
  for (const [label, bin, binArgs] of [
    ["type check (tsc)", "node_modules/.bin/tsc", ["--noEmit", "-p", "."]],
    ["lint and format (biome)", "node_modules/.bin/biome", ["check", "."]],
  ]) {
    console.log(`${label}…`);
    const check = spawnSync(join(root, bin), binArgs, { cwd: root, stdio: "inherit" });
    if (check.status !== 0) {
      console.error(`${label} failed: fix the problems above (\`npm run format\` fixes formatting).`);
      process.exit(check.status ?? 1);
    }
  }
}

// Suites that build the web app need it once, before any of them starts.
const setup = spawnSync(process.execPath, ["scripts/test-setup.mjs"], { cwd: root, stdio: "inherit" });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    "--test-concurrency=2",
    "--test-timeout=600000",
    ...flags,
    ...files,
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, LEDGERLINK_TEST: "1" } },
);
process.exit(result.status ?? 1);
