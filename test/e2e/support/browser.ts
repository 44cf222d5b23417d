import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';

// Debian's chromium; playwright's own browser downloads are not available here.
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/** Closes chromium; one that does not close in time fails the suite instead of hanging it. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const late = await Promise.race([
    browser.close().then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20_000).unref()),
  ]);
  if (late) throw new Error('chromium did not close within 20 s');
}

const ARTIFACTS = join(process.cwd(), 'test-results', 'e2e');

/**
 * A page for one test, 1280 px wide unless told otherwise. Each page the test reaches is
 * photographed in memory (`seen`); if the test fails, those screenshots and the page it failed
 * on are written to test-results/e2e/.
 */
export async function openPage(
  browser: Browser,
  test: string,
  width = 1280,
): Promise<{
  page: Page;
  seen: (name: string) => Promise<void>;
}> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const shots: [string, Buffer][] = [];
  const slug = test.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      mkdirSync(ARTIFACTS, { recursive: true });
      shots.push(['failed', await page.screenshot({ fullPage: true }).catch(() => Buffer.alloc(0))]);
      for (const [i, [name, png]] of shots.entries()) {
        writeFileSync(join(ARTIFACTS, `${slug}-${i}-${name.replace(/\W+/g, '-')}.png`), png);
      }
    }
    await context.close();
  });
  return {
    page,
    seen: async (name) => {
      shots.push([name, await page.screenshot({ fullPage: true })]);
    },
  };
}
