import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import { jsonClient } from '../support/http';
import { notifierManifest, storageManifest } from '../support/manifests';
import { uniqueName } from '../support/unique';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

// A plugin the local runtime can really start: a loopback HTTP server answering its health path.
const SERVE = [
  'node',
  '-e',
  "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT,'127.0.0.1')",
];

describe('the admin console in chromium, against `vivified dev --demo`', () => {
  let dev: RunningDev;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const storageId = uniqueName('records', 40);
  const notifierId = uniqueName('welcome', 40);

  const call = jsonClient(() => dev.url);
  const api = (user: string, method: string, path: string, body?: unknown) =>
    call(tokens[user], method, path, body);
  const installations = `/v1/tenants/${DEMO_TENANT}/installations`;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess(), launchBrowser()]);
    for (const user of ['ops', 'pat']) {
      tokens[user] = await devToken(dev.url, user);
    }
    // The platform team registers two plugins; the notifier is installed already, to be configured.
    const runtime = (m: ReturnType<typeof storageManifest>) => ({ ...m.runtime, local_command: SERVE });
    const storage = storageManifest('1.0.0', { id: storageId, name: `Records ${storageId.slice(-8)}` });
    const notifier = notifierManifest('1.0.0', { id: notifierId });
    for (const manifest of [
      { ...storage, runtime: runtime(storage) },
      { ...notifier, runtime: runtime(notifier) },
    ]) {
      expect((await api('ops', 'POST', '/v1/plugins', manifest)).status).toBe(201);
    }
    const installed = await api('pat', 'POST', installations, {
      pluginId: notifierId,
      version: '1.0.0',
      consent: true,
    });
    expect(installed.status).toBe(201);
  });

  afterAll(async () => {
    // Both are bounded, so a hang names itself instead of running into the hook timeout.
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  async function signIn(page: Page, who: RegExp) {
    await page.goto(dev.url);
    await page.getByRole('heading', { name: 'Sign in to Vivified' }).waitFor();
    await page.getByRole('button', { name: who }).click();
  }

  it('lets a plugin manager find a plugin, consent to its permissions, install and enable it', async () => {
    const { page, seen } = await openPage(browser, 'plugin manager installs');
    await page.goto(dev.url);
    // Keyboard only: the first development user button is reachable by Tab and signs in with Enter.
    const pat = page.getByRole('button', { name: /Pat \(plugin manager\)/ });
    await pat.waitFor();
    await seen('sign-in');
    await pat.focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
    await page.getByLabel('Search').fill(storageId);
    await page.getByRole('link', { name: /^Records / }).click();
    await seen('plugin');
    await expect
      .poll(() =>
        page.getByRole('list').filter({ hasText: 'Handles protected health information (PHI)' }).count(),
      )
      .toBe(1);
    const install = page.getByRole('button', { name: 'Install' });
    expect(await install.isDisabled()).toBe(true);
    await page.getByLabel(/I grant .* the permissions above/).check();
    await install.click();

    // By its name, with the id beside it; an installed plugin reads Installed, not the lifecycle's Registered.
    await page.getByRole('heading', { name: `Records ${storageId.slice(-8)}` }).waitFor();
    await page.getByText(storageId, { exact: true }).first().waitFor();
    expect(await page.locator('[data-state]').first().textContent()).toBe('Installed');
    await page.getByRole('button', { name: 'Enable' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enable' });
    await dialog.getByRole('button', { name: 'Enable' }).click();
    await page.getByText(`${storageId} is Active.`).waitFor({ timeout: 60_000 });
    await seen('installation');
    expect(await page.locator('[data-state]').first().textContent()).toBe('Active');

    // The API, not the page, is the record.
    expect((await api('pat', 'GET', `${installations}/${storageId}`)).body.state).toBe('Active');

    // Installed now: its marketplace page links to the installation instead of offering an install.
    await page.goto(`${dev.url}/#/marketplace/${storageId}`);
    await page.getByRole('link', { name: 'Open the installation' }).waitFor();
    await seen('plugin-installed');
    expect(await page.getByRole('button', { name: 'Install' }).count()).toBe(0);
  });

  it('shows the HIPAA safeguards and audit level a plugin states, and their change in the upgrade diff', async () => {
    const id = uniqueName('labs', 40);
    const stating = (version: string, compliance: ReturnType<typeof notifierManifest>['compliance']) => {
      // No settings to fill in: the upgrade is held up by nothing but consent.
      const manifest = notifierManifest(version, { id, compliance, config: undefined });
      return { ...manifest, runtime: { ...manifest.runtime, local_command: SERVE } };
    };
    for (const manifest of [
      stating('1.0.0', {
        data_retention_days: 30,
        hipaa_controls: ['access_control', 'audit_controls'],
        audit_level: 'detailed',
      }),
      stating('2.0.0', {
        data_retention_days: 30,
        hipaa_controls: ['audit_controls', 'transmission_security'],
        audit_level: 'complete',
      }),
    ]) {
      expect((await api('ops', 'POST', '/v1/plugins', manifest)).status).toBe(201);
    }
    const { page, seen } = await openPage(browser, 'compliance in the permission summary');
    await signIn(page, /Pat \(plugin manager\)/);
    const permission = (text: string) => page.locator('ul.permissions li').filter({ hasText: text });

    // Consent at install: the safeguards it states and the level it asks to be recorded at, in words.
    await page.goto(`${dev.url}/#/marketplace/${id}`);
    await page.getByRole('heading', { name: 'Permissions it asks for' }).waitFor();
    await page.getByRole('combobox', { name: 'Version' }).selectOption('1.0.0');
    await permission(
      'States it implements the HIPAA safeguards access control (164.312(a)) and audit controls (164.312(b))',
    ).waitFor();
    await permission('Is audited at level detailed').waitFor();
    await seen('plugin-compliance');
    await page.getByLabel(/I grant .* the permissions above/).check();
    await page.getByRole('button', { name: 'Install' }).click();

    // The installation's page shows what was granted, and the upgrade diff shows what changes.
    await page.getByRole('heading', { name: 'Permissions granted' }).waitFor();
    await permission('Is audited at level detailed').waitFor();
    await page.getByRole('combobox', { name: 'To version' }).selectOption('2.0.0');
    await page.getByRole('button', { name: 'Upgrade', exact: true }).click();
    const diff = page.locator('.diff');
    await diff.getByText('HIPAA safeguards it states: transmission_security').waitFor();
    await diff.getByText('Audit level it is recorded at: complete').waitFor();
    await diff.getByText('HIPAA safeguards it no longer states: access_control').waitFor();
    await diff.getByText('Audit level it was recorded at: detailed').waitFor();
    await seen('upgrade-compliance');
    await page.getByRole('button', { name: 'Grant and upgrade to 2.0.0' }).click();
    await page.getByRole('status').filter({ hasText: 'Upgraded from 1.0.0 to 2.0.0.' }).waitFor();
    expect((await api('pat', 'GET', `${installations}/${id}`)).body.pluginVersion).toBe('2.0.0');
  });

  it('serves a favicon, so no page load asks for a missing one', async () => {
    const icon = await fetch(`${dev.url}/favicon.svg`);

    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    const { page } = await openPage(browser, 'favicon');
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await page.goto(dev.url);
    await page.getByRole('heading', { name: 'Sign in to Vivified' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(missing).toEqual([]);
  });

  it('shows a config manager the API’s validation error next to its field, and saves nothing bad', async () => {
    const { page, seen } = await openPage(browser, 'config manager configures');
    await signIn(page, /Cam \(config manager\)/);
    await page.getByRole('link', { name: 'Installations' }).click();
    // Listed by name (every test notifier is "Notifier"): the row with its id tells them apart.
    await page
      .getByRole('row', { name: new RegExp(notifierId) })
      .getByRole('link')
      .click();
    await page.getByRole('link', { name: 'Configure' }).click();
    await page.getByRole('heading', { name: `Configure ${notifierId}` }).waitFor();

    const sender = page.getByLabel(/^sender/);
    await sender.fill('not-an-email');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.field-error').first().waitFor();
    await seen('config-invalid');
    expect(await sender.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await sender.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent();
    expect(message).toMatch(/email/);
    expect((await api('pat', 'GET', `${installations}/${notifierId}`)).body.rev).toBe(1);

    await sender.fill('front-desk@demo-clinic.example');
    await page.getByLabel(/^apiToken/).fill('tok-e2e-12345678');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await seen('config-saved');
    // Secrets are write-only: the field is empty again and says the value is set.
    expect(await page.getByLabel(/^apiToken/).inputValue()).toBe('');
    await page.getByText('Set. Leave blank to keep it').waitFor();
    // Beside the field, where the secret will go: the notifier declares no hosts of its own.
    await page.getByText('the value is never shown. Sent to any allowlisted host.').waitFor();
    expect(await page.content()).not.toContain('tok-e2e-12345678');
  });

  it('shows an audit viewer the audit trail and its verification, and no way to install', async () => {
    const { page, seen } = await openPage(browser, 'audit viewer');
    await signIn(page, /Avi \(audit viewer\)/);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Audit']);

    await page.getByRole('cell', { name: 'installation.install' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(/Chain intact: \d+ records verified/).waitFor();
    await seen('audit');
    await page.getByLabel('Action').fill('installation.enable');
    await expect
      .poll(async () => new Set(await page.locator('tbody td code').allTextContents()))
      .toEqual(new Set(['installation.enable']));

    await page.goto(`${dev.url}/#/marketplace/${storageId}`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    // It says which role would open the page, not only that this one does not.
    await page
      .getByText('To view plugins in the marketplace, you need the role plugin_manager or admin.')
      .waitFor();
    await seen('install-refused');
    expect(await page.getByRole('button', { name: 'Install' }).count()).toBe(0);
  });

  it('fits a 390 px wide screen without sideways scrolling', async () => {
    const { page, seen } = await openPage(browser, 'narrow screen', 390);
    await signIn(page, /Pat \(plugin manager\)/);
    for (const path of ['/marketplace', '/installations', `/installations/${notifierId}`]) {
      await page.goto(`${dev.url}/#${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      await seen(path);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      // Nor clipped inside a scrolling table: every cell is within the screen's width.
      const clipped = await page.evaluate(
        "[...document.querySelectorAll('main td')].filter((cell) => cell.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length",
      );
      expect(clipped, path).toBe(0);
    }
  });
});
