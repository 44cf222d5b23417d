import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import { eventually } from '../support/http';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

const STORAGE = `/v1/tenants/${DEMO_TENANT}/installations/storage`;

describe("a plugin's console panel in chromium against `vivified dev --demo`", () => {
  let dev: RunningDev;
  let browser: Browser;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-panels'), launchBrowser()]);
    // The demo's plugins start as processes after the platform answers: wait until storage
    // serves its panel at all, so the browser's first open below is the one that counts.
    const token = await devToken(dev.url, 'cam');
    await eventually(
      'the storage plugin serving its panel',
      async () => {
        const opened = await fetch(`${dev.url}${STORAGE}/panels/documents/session`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        });
        if (opened.status !== 201) return undefined;
        const { session } = (await opened.json()) as { session: string };
        const panel = await fetch(`${dev.url}${STORAGE}/panels/documents`, {
          method: 'POST',
          body: new URLSearchParams({ session }),
        });
        return panel.status === 200;
      },
      60,
    );
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  async function signIn(page: Page, who: RegExp) {
    await page.goto(dev.url);
    await page.getByRole('button', { name: who }).click();
    await page.locator('main h1').first().waitFor();
  }

  it('renders the storage plugin’s Documents panel in a frame that holds neither the token nor the console’s origin', async () => {
    const { page, seen } = await openPage(browser, 'storage documents panel');
    await signIn(page, /Cam \(config manager\)/);
    await page.goto(`${dev.url}/#/installations/storage`);
    const panels = page.getByRole('group', { name: 'Panels' });
    const served = page.waitForResponse((r) => r.url().endsWith(`${STORAGE}/panels/documents`));
    await panels.getByRole('button', { name: 'Open Documents' }).click();
    const response = await served;
    await seen('panel open');

    // What the frame was sent: the session as a form field, never the user's token or a URL.
    const request = response.request();
    expect(request.method()).toBe('POST');
    expect(await request.headerValue('authorization')).toBeNull();
    expect(request.postData()).toMatch(/^session=[\w.-]+$/);
    // Page scripts are passed as strings: this project's TypeScript has no DOM library.
    const token = await page.evaluate<string | null>("sessionStorage.getItem('vivified.session')");
    expect(token).toBeTruthy();
    expect(request.postData()).not.toContain(token);

    // What came back: the plugin's page under the panel headers.
    expect(response.status(), await response.text()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/html/);
    const policy = response.headers()['content-security-policy'];
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`frame-ancestors ${dev.url}`);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(await response.text()).toContain('<h1>Documents</h1>');

    // Shown, in a frame sandboxed with no flags: an opaque origin the console cannot reach into
    // and which cannot reach the console (same-origin policy cuts both ways).
    const frame = page.locator('iframe[title="Documents"]');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await frame.contentFrame().getByRole('heading', { name: 'Documents' }).waitFor();
    await seen('panel shown');
    const reach = await page.evaluate<{ document: boolean; storage: string }>(`(() => {
      const element = document.querySelector('iframe[title="Documents"]');
      let storage = 'unreadable';
      try {
        storage = String(element.contentWindow.localStorage);
      } catch {
        // A cross-origin frame's storage throws: that is the isolation.
      }
      return { document: element.contentDocument === null, storage };
    })()`);
    expect(reach).toEqual({ document: true, storage: 'unreadable' });
  });

  it('shows no panels to a role they are not shown to, and the API refuses the session', async () => {
    const { page, seen } = await openPage(browser, 'panel refused');
    await signIn(page, /Avi \(audit viewer\)/);
    // Avi's token from the console's own session, used as the console would use it.
    const answer = await page.evaluate<{ status: number; body: { code: string } }>(`(async () => {
      const token = sessionStorage.getItem('vivified.session');
      const response = await fetch(${JSON.stringify(`${STORAGE}/panels/documents/session`)}, {
        method: 'POST',
        headers: { authorization: 'Bearer ' + token },
      });
      return { status: response.status, body: await response.json() };
    })()`);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('forbidden');
    await page.goto(`${dev.url}/#/installations/storage`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await seen('refused');
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Panels' }).count()).toBe(0);
  });
});
