import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { type RunningDev, startDevProcess } from './support/dev-process';

describe('what a plugin can do, and why a record decided, in chromium against `vivified dev --demo`', () => {
  let dev: RunningDev;
  let browser: Browser;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-policy'), launchBrowser()]);
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  it('shows an installation’s matrix from its page, each entry decided by policy', async () => {
    const { page, seen } = await openPage(browser, 'what this plugin can do');
    await page.goto(dev.url);
    await page.getByRole('button', { name: /Ada \(tenant admin\)/ }).click();
    await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
    await page.goto(`${dev.url}/#/installations/notifier`);
    await page.getByRole('link', { name: 'What this plugin can do' }).click();
    await page.getByRole('heading', { name: 'What Notifier can do' }).waitFor();

    const receives = page.getByRole('region', { name: 'Events it may receive' });
    await receives.getByRole('cell', { name: 'UserCreated.v1' }).waitFor();
    await seen('matrix');
    expect(await receives.locator('tbody tr').first().textContent()).toMatch(
      /UserCreated\.v1allowed \(canonical\.subscribe\)\/dateOfBirth, \/mrn/,
    );
    const hosts = page.getByRole('region', { name: 'Hosts it may reach' });
    expect(await hosts.locator('tbody tr').first().textContent()).toContain('api.mailer.example');
    expect(await hosts.locator('tbody tr').first().textContent()).toContain('apiToken');
    const config = page.getByRole('region', { name: 'Config it may read' });
    expect(await config.textContent()).toContain('by name only (a secret)');
  });

  it('explains an audit row from its Explain link', async () => {
    const { page, seen } = await openPage(browser, 'explain an audit row');
    await page.goto(dev.url);
    await page.getByRole('button', { name: /Avi \(audit viewer\)/ }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // The newest record is this sign-in's own read of the trail, a decision with its inputs.
    const first = page.locator('tbody tr[data-seq]').first();
    await first.waitFor();
    const seq = await first.getAttribute('data-seq');
    await first.getByRole('button', { name: `Explain record ${seq}` }).click();

    const explanation = page.getByRole('status', { name: `Explanation of record ${seq}` });
    await explanation.getByText('the same decision', { exact: false }).waitFor();
    await seen('explained');
    expect(await explanation.textContent()).toContain('Asked again with the recorded inputs: allow (role)');
    expect(await explanation.textContent()).toContain('role audit_viewer permits view audit logs');
  });
});
