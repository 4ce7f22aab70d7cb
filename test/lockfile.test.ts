import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

// `npm ci` (deployments, container builds, CI) installs exactly what package-lock.json holds and refuses
// a lock file that misses a package the tree needs, optional platform packages included (Biome, esbuild
// and Rollup each name one per platform, of which any one machine installs one). This checks the same
// offline, so a lock file written by an older npm, or edited by hand, fails here first.

interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
}

interface Lock {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
}

const root = new URL("..", import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, root), "utf8")) as T;

/** The lock's entry that `name` resolves to from the package at `from`, as node's resolution walks up. */
function resolveLocked(lock: Lock, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (dir === "") return undefined;
    const at = dir.lastIndexOf("/node_modules/");
    dir = at === -1 ? "" : dir.slice(0, at);
  }
}

/** Every dependency a locked package names that the lock does not hold (what `npm ci` reports missing). */
function missingFromLock(lock: Lock): string[] {
  const missing: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    if (pkg.link) continue;
    const optionalPeers = pkg.peerDependenciesMeta ?? {};
    const wanted = {
      ...pkg.dependencies,
      ...pkg.optionalDependencies,
      ...(path === "" ? pkg.devDependencies : {}),
      ...Object.fromEntries(
        Object.entries(pkg.peerDependencies ?? {}).filter(([name]) => !optionalPeers[name]?.optional),
      ),
    };
    for (const [name, range] of Object.entries(wanted)) {
      if (resolveLocked(lock, path, name) === undefined)
        missing.push(`${name}@${range} (for ${path || "the project"})`);
    }
  }
  return missing.sort();
}

test("package-lock.json holds every package the tree names, optional platform packages included", () => {
  const lock = readJson<Lock>("package-lock.json");
  assert.equal(lock.lockfileVersion, 3, "the lock file is written by npm 7 or newer (lockfileVersion 3)");
  assert.deepEqual(missingFromLock(lock), []);
});

test("package-lock.json records package.json's dependencies as they are declared", () => {
  const pkg = readJson<LockedPackage>("package.json");
  const locked = readJson<Lock>("package-lock.json").packages[""];
  assert.deepEqual(locked?.dependencies, pkg.dependencies);
  assert.deepEqual(locked?.devDependencies, pkg.devDependencies);
});

test("the check finds a platform package the lock leaves out", () => {
  const lock: Lock = {
    lockfileVersion: 3,
    packages: {
      "": { devDependencies: { "@biomejs/biome": "^2.6.8" } },
      "node_modules/@biomejs/biome": {
        version: "2.6.8",
        optionalDependencies: { "@biomejs/cli-linux-x64": "2.6.8", "@biomejs/cli-android-arm64": "2.6.8" },
      },
      "node_modules/@biomejs/cli-linux-x64": { version: "2.6.8" },
      "node_modules/a": { version: "1.0.0", dependencies: { b: "^1.0.0" } },
      "node_modules/a/node_modules/b": { version: "1.2.0" },
    },
  };
  assert.deepEqual(missingFromLock(lock), [
    "@biomejs/cli-android-arm64@2.6.8 (for node_modules/@biomejs/biome)",
  ]);
});
