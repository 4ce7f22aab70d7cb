// A 390 px phone window signed in as a desktop page is (the same cookies), and the check every phone
// test makes: the page is no wider than the screen.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";

export interface Phone {
  page: Page;
  /** Fails, naming `where`, when the page scrolls sideways. */
  fits(where: string): Promise<void>;
  close(): Promise<void>;
}

export async function openPhone(browser: Browser, signedIn: Page): Promise<Phone> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await signedIn.context().storageState(),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return {
    page,
    async fits(where) {
      const [scrollWidth, width] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      assert.ok(scrollWidth <= width, `${where}: the page is ${scrollWidth} px wide on a ${width} px screen`);
    },
    close: () => context.close(),
  };
}
