import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/unique';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { type RunningDev, startDevProcess } from './support/dev-process';

describe('the Subscribers page in chromium, against `vivified dev --demo`', () => {
  let dev: RunningDev;
  let browser: Browser;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-subs'), launchBrowser()]);
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  async function signIn(page: Page, who: RegExp, lands: string) {
    await page.goto(dev.url);
    await page.getByRole('heading', { name: 'Sign in to Vivified' }).waitFor();
    await page.getByRole('button', { name: who }).click();
    // The console redirects to the user's first page; navigating before it lands races it.
    await page.getByRole('heading', { name: lands }).waitFor();
  }

  /** The text of the elements that describe a control (its hint and its field error). */
  async function description(page: Page, control: Locator): Promise<string> {
    const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  }

  it('lets a tenant admin add a subscriber, see the API refuse a bad ARN at its field, and remove it', async () => {
    const { page, seen } = await openPage(browser, 'tenant admin subscribers');
    await signIn(page, /Ada \(tenant admin\)/, 'Marketplace');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscribers' }).click();
    await page.getByRole('heading', { name: 'Subscribers', level: 1 }).waitFor();
    await page.getByText('No external subscribers.').waitFor();

    // Not an account id: the API's own pattern refuses it, and the message sits beside the field.
    const bus = page.getByLabel('Bus ARN');
    await bus.fill('arn:aws:events:eu-west-1:12345:event-bus/partner');
    await page.getByLabel('UserCreated.v1').check();
    await page.getByRole('button', { name: 'Add subscriber' }).click();
    await expect.poll(() => bus.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, bus)).toMatch(/must match pattern/);
    await seen('invalid-arn');
    expect(await page.locator('tbody tr').count()).toBe(0);

    // Nothing chosen: the error goes next to the event types, not only on top of the form.
    await page.getByLabel('UserCreated.v1').uncheck();
    const busArn = `arn:aws:events:eu-west-1:111122223333:event-bus/${uniqueName('partner', 40)}`;
    await bus.fill(busArn);
    await page.getByRole('button', { name: 'Add subscriber' }).click();
    const types = page.getByRole('group', { name: 'Event types' });
    await expect.poll(() => types.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, types)).toMatch(/must NOT have fewer than 1 items/);
    expect(await bus.getAttribute('aria-invalid')).toBeNull();

    await page.getByLabel('UserCreated.v1').check();
    await page.getByLabel('PaymentReceived.v1').check();
    await page.getByLabel('Personal data (PII)').check();
    await page.getByRole('button', { name: 'Add subscriber' }).click();
    const row = page.getByRole('row').filter({ hasText: busArn });
    await row.waitFor();
    await page.getByText(`now go to ${busArn}`).waitFor();
    await seen('added');
    // Rendered text: the closed confirmation dialog in the last cell is not shown, so not counted.
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      busArn,
      'UserCreated.v1, PaymentReceived.v1',
      // Personal data granted; protected health information still removed.
      'public+internal+confidential+pii',
      expect.stringContaining('by ada-admin'),
      'Remove',
    ]);
    expect(await bus.inputValue()).toBe('');
    // A long ARN in the table still fits a 390 px wide screen, with no cell clipped.
    await page.setViewportSize({ width: 390, height: 900 });
    await seen('narrow');
    expect(
      await page.evaluate(
        "[...document.querySelectorAll('main td, main input')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length + document.documentElement.scrollWidth - document.documentElement.clientWidth",
      ),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Cancel first: nothing is removed without the confirmation.
    await row.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove' });
    await dialog.getByText(`to ${busArn}?`).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText(`Events no longer go to ${busArn}.`).waitFor();
    await page.getByText('No external subscribers.').waitFor();
    expect(await row.count()).toBe(0);
  });

  it('shows a role without subscriber permissions no link and says which role would open the page', async () => {
    const { page, seen } = await openPage(browser, 'audit viewer subscribers');
    await signIn(page, /Avi \(audit viewer\)/, 'Audit log');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Subscribers' }).count()).toBe(0);
    await page.goto(`${dev.url}/#/subscribers`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await page.getByText('To list external event subscribers, you need the role admin.').waitFor();
    await seen('refused');
    expect(await page.getByRole('button', { name: 'Add subscriber' }).count()).toBe(0);
  });
});
