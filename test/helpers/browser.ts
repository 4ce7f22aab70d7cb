// Chromium for the web app's end-to-end tests: why a suite is skipped (no Chromium, or the app not
// built), and the browser every suite launches the same way.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const webIndex = new URL("../../dist/web/index.html", import.meta.url).pathname;

/** False when the suite can run; otherwise the reason, printed once under the suite's name. */
export function browserSkip(suite: string): string | false {
  const reason = !existsSync(chromiumPath)
    ? `no Chromium at ${chromiumPath} (install it with: apt-get install -y chromium)`
    : !existsSync(webIndex)
      ? "the web app is not built (npm test builds it; or run: npm run build:web)"
      : false;
  if (reason) console.log(`# ${suite} skipped: ${reason}`);
  return reason;
}

/** Headless Chromium, quiet: no sandbox (containers), no GPU, no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
