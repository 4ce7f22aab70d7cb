import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

// Ledgerlink reaches QuickBooks (real or emulated) over HTTP only: no production module may import
// the emulator. Only the emulator itself and the `ledgerlink emulator` command may.
const root = new URL("../../", import.meta.url).pathname;
const allowed = (path: string) =>
  path.startsWith("src/emulator/") ||
  path.startsWith("src/cli/commands/emulator.") ||
  /\.test\.tsx?$/.test(path);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

test("no production module imports the emulator", () => {
  const offenders = sources(join(root, "src"))
    .filter((path) => !allowed(path))
    .filter((path) =>
      /from\s+["'][^"']*\/emulator\/|import\(\s*["'][^"']*\/emulator\//.test(
        readFileSync(join(root, path), "utf8"),
      ),
    );
  assert.deepEqual(offenders, []);
});
