import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import semver from "semver";

// What CI installs with and which Node versions it runs the suite on, against what package.json promises.

const root = new URL("..", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), "utf8");
const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;

/** The release lines in .ci/node-versions (one major version a line; # starts a comment). */
const ciLines = read(".ci/node-versions")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));

test("CI installs from the lock file with npm ci", () => {
  const script = read(".ci/run");
  assert.match(script, /^npm ci\b/m);
  assert.doesNotMatch(script, /^npm install\b/m, "npm install rewrites the lock file instead of refusing it");
});

test("CI makes a PostgreSQL server answer and does not let the server suites skip", () => {
  const script = read(".ci/run");
  const start = script.search(/^postgres_cluster="\$\(bash \.ci\/postgres\)"$/m);
  const require = script.search(/^export LEDGERLINK_TEST_REQUIRE_SERVER=1$/m);
  const firstRun = script.search(/^npm test$/m);
  assert.ok(start >= 0 && require >= 0, ".ci/run starts a server with .ci/postgres and requires it");
  assert.ok(start < firstRun && require < firstRun, "both before the first test run");
  assert.match(read(".ci/postgres"), /initdb[^\n]*-A trust/, "a started cluster trusts local connections");
});

test("CI runs the suite on Node 22 and 24, besides the machine's own", () => {
  assert.ok(
    ciLines.includes("22") && ciLines.includes("24"),
    `.ci/node-versions lists ${ciLines.join(", ")}`,
  );
  for (const line of ciLines) assert.match(line, /^\d+$/, `${line} is not a major version`);
});

test("package.json's engines admit every Node line CI runs, and this one", () => {
  assert.ok(semver.validRange(engines), `engines.node "${engines}" is not a version range`);
  for (const line of ciLines) {
    // The line's current releases: its first release may predate the minimum the range names.
    assert.ok(
      semver.intersects(engines, `^${line}.0.0`),
      `engines.node "${engines}" leaves out Node ${line}`,
    );
  }
  assert.ok(semver.satisfies(process.version, engines), `Node ${process.version} is outside "${engines}"`);
});

test("engines leaves out the Node versions the toolchain does not run on", () => {
  // Vite (the web app's build, run by `npm start`) needs 20.19 or 22.12 and later.
  for (const old of ["18.20.0", "20.18.0", "22.11.0"]) {
    assert.ok(!semver.satisfies(old, engines), `engines.node "${engines}" admits Node ${old}`);
  }
});
