#!/usr/bin/env node
// Builds the admin web app (src/web → dist/web) when the build is missing or older than its sources.
// `node scripts/build-web.mjs --force` builds regardless. Used by `npm start` and by the test setup.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const sources = [join(root, "src/web"), join(root, "vite.config.ts"), join(root, "package-lock.json")];
const builtIndex = join(root, "dist/web/index.html");

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    // Tests beside the code are not part of the bundle.
    if (/\.test\.tsx?$/.test(name)) continue;
    latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

/** Why the web app needs building, or null when dist/web is up to date. */
export function webBuildReason() {
  if (!existsSync(builtIndex)) return "dist/web is missing";
  const built = statSync(builtIndex).mtimeMs;
  const changed = Math.max(...sources.map(newest));
  return changed > built ? "its sources changed since the last build" : null;
}

export async function buildWeb({ force = false } = {}) {
  const reason = force ? "asked to" : webBuildReason();
  if (!reason) {
    console.log("web app: dist/web is up to date");
    return;
  }
  let vite;
  try {
    vite = await import("vite");
  } catch {
    // An install without dev dependencies has no Vite; a build shipped with it still serves.
    if (existsSync(builtIndex)) {
      console.log("web app: Vite is not installed; serving the existing dist/web");
      return;
    }
    throw new Error("The web app is not built and Vite is not installed: run `npm install`, then try again.");
  }
  const started = performance.now();
  console.log(`web app: building dist/web (${reason})`);
  await vite.build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
  console.log(`web app: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildWeb({ force: process.argv.includes("--force") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
