import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import type { AuditPage } from '../../functions/wire';
import { jsonClient } from '../support/http';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

describe('the console’s audit trail in chromium, against `vivified dev --demo`', () => {
  let dev: RunningDev;
  let browser: Browser;
  let avi: string;
  const call = jsonClient(() => dev.url);
  const trail = async (query: string): Promise<AuditPage> =>
    (await call(avi, 'GET', `/v1/tenants/${DEMO_TENANT}/audit?${query}`)).body as AuditPage;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-audit'), launchBrowser()]);
    avi = await devToken(dev.url, 'avi');
    // The demo's EHR sync polls its feed every 2 seconds: let it make a run of routine decisions,
    // without reading the trail meanwhile (each read is a record of its own, between its polls).
    await new Promise((resolve) => setTimeout(resolve, 12_000));
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  async function auditPage(page: Page) {
    await page.goto(dev.url);
    await page.getByRole('button', { name: /Avi \(audit viewer\)/ }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
  }
  /** The seqs of the record rows shown, in page order (the routine rows hold no seq). */
  const seqs = (page: Page) =>
    page
      .locator('tbody tr[data-seq]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));

  /** Opens every routine group (each click changes which are closed, so one at a time). */
  async function openAll(page: Page) {
    const closed = page.locator('tr.routine button[aria-expanded="false"]');
    while ((await closed.count()) > 0) await closed.first().click();
  }

  it('shows the newest first, actors by name, and a plugin’s polling as one row that opens', async () => {
    const { page, seen } = await openPage(browser, 'audit newest first');
    await auditPage(page);
    await seen('audit');

    // Newest first: the first record is this very sign-in's read of the trail, by Avi, named.
    const shown = await seqs(page);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    const firstRow = page.locator('tbody tr[data-seq]').first();
    expect(await firstRow.locator('td').nth(2).textContent()).toContain('Avi (audit viewer)');
    expect(await firstRow.locator('td code').textContent()).toBe('audit.read');

    // The EHR sync's polling is grouped under its plugin's name and version, and opens to its records.
    const routine = page.locator('tr.routine').filter({ hasText: 'EHR Sync 1.0.0' }).first();
    await routine.waitFor();
    const count = Number(await routine.getAttribute('data-routine'));
    expect(count).toBeGreaterThanOrEqual(4);
    expect(await routine.textContent()).toMatch(/self\.config ×\d+/);
    const toggle = routine.getByRole('button', { name: `Show ${count} routine decisions` });
    const before = await page.locator('tbody tr[data-seq]').count();
    await toggle.click();
    await seen('routine-open');
    expect(
      await routine.getByRole('button', { name: /routine decisions/ }).getAttribute('aria-expanded'),
    ).toBe('true');
    expect(await page.locator('tbody tr[data-seq]').count()).toBe(before + count);
    const members = page.locator('tr.routine-member');
    expect(await members.count()).toBe(count);
    expect(await members.first().locator('td').nth(2).textContent()).toContain('EHR Sync 1.0.0');
    await routine.getByRole('button', { name: `Hide ${count} routine decisions` }).click();
    expect(await page.locator('tr.routine-member').count()).toBe(0);
  });

  it('loads the next page by cursor below the first, every record once', async () => {
    // More than a page of records first: the demo's polling adds three every 2 seconds.
    await expect
      .poll(async () => (await trail('limit=1')).items[0]?.seq ?? 0, { timeout: 60_000, interval: 2_000 })
      .toBeGreaterThan(60);
    const { page, seen } = await openPage(browser, 'audit load more');
    await auditPage(page);
    await page.getByRole('button', { name: 'Load more' }).waitFor();
    await openAll(page);
    const firstPage = await seqs(page);
    expect(firstPage).toHaveLength(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    // The next page may lengthen the last group of the first: open every group, then count records.
    const opened = async () => {
      for (const row of await page.locator('tr.routine button[aria-expanded="false"]').all())
        await row.click();
      return (await seqs(page)).length;
    };
    await expect.poll(opened, { timeout: 15_000 }).toBeGreaterThan(50);
    await seen('more');
    const both = await seqs(page);

    expect(both.slice(0, 50)).toEqual(firstPage);
    expect(both.length).toBeGreaterThan(50);
    expect(new Set(both).size).toBe(both.length);
    expect(both).toEqual([...both].sort((a, b) => b - a));
  });

  it('filters by action prefix, decision, trace and time, on the server', async () => {
    const { page, seen } = await openPage(browser, 'audit filters');
    await auditPage(page);
    const actions = () => page.locator('tbody tr[data-seq] td code').allTextContents();

    await page.getByLabel('Action', { exact: true }).fill('installation.*');
    await expect
      .poll(async () => {
        const shown = await actions();
        return shown.length > 0 && shown.every((a) => a.startsWith('installation.'));
      })
      .toBe(true);
    await seen('prefix');
    expect(new Set(await actions()).size).toBeGreaterThan(1);

    await page.getByLabel('Decision').selectOption('deny');
    await expect.poll(async () => page.getByText('No records match.').count()).toBe(1);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Action', { exact: true }).fill('installation.enable');
    await expect.poll(async () => new Set(await actions())).toEqual(new Set(['installation.enable']));
    const trace = page
      .locator('tbody tr[data-seq]')
      .first()
      .getByRole('button', { name: /^Only trace / });
    const traceId = ((await trace.getAttribute('aria-label')) ?? '').replace('Only trace ', '');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('tbody tr[data-seq]').first().waitFor();
    await page.getByLabel('Trace', { exact: true }).fill(traceId);
    await expect
      .poll(async () => (await trail(`trace=${encodeURIComponent(traceId)}`)).items.length)
      .toBeGreaterThan(0);
    await expect
      .poll(async () =>
        page
          .locator('tbody tr[data-seq] td:last-child button')
          .evaluateAll((buttons) => [...new Set(buttons.map((b) => b.getAttribute('aria-label')))]),
      )
      .toEqual([`Only trace ${traceId}`]);
    await seen('trace');

    await page.getByLabel('Trace', { exact: true }).fill('');
    await page.getByLabel('From', { exact: true }).fill('2099-01-01T00:00');
    await page.getByText('No records match.').waitFor();
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('2000-01-01T00:00');
    await page.getByText('No records match.').waitFor();
  });
});
