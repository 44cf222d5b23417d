import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import { eventually, jsonClient } from '../support/http';
import { notifierManifest } from '../support/manifests';
import { uniqueName } from '../support/unique';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

describe('a rollout in the console: the platform admin follows it and pauses it', () => {
  let dev: RunningDev;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const pluginId = uniqueName('rollout', 40);
  const call = jsonClient(() => dev.url);
  const rolloutPath = `/v1/plugins/${pluginId}/rollout`;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-rollout'), launchBrowser()]);
    for (const user of ['ops', 'ada']) tokens[user] = await devToken(dev.url, user);
    // Prepare: the demo tenant on 1.0.0 (installed, not started), 1.1.0 in the catalog, and a
    // rollout whose first wave soaks long enough for the test to find it soaking.
    for (const version of ['1.0.0', '1.1.0']) {
      const manifest = notifierManifest(version, { id: pluginId });
      const registered = await call(tokens.ops, 'POST', '/v1/plugins', {
        ...manifest,
        config: { ...manifest.config, required: [] },
      });
      expect(registered.status).toBe(201);
    }
    const installed = await call(tokens.ada, 'POST', `/v1/tenants/${DEMO_TENANT}/installations`, {
      pluginId,
      version: '1.0.0',
      consent: true,
    });
    expect(installed.status).toBe(201);
    const started = await call(tokens.ops, 'POST', `/v1/plugins/${pluginId}/rollouts`, {
      version: '1.1.0',
      targets: { kind: 'tenants', tenantIds: [DEMO_TENANT] },
      waves: [
        { size: 1, soakSeconds: 600 },
        { size: 1, soakSeconds: 60 },
      ],
      gates: { maxUnhealthy: 0, maxDeadLetters: 0, errorRateMargin: 0.05 },
    });
    expect(started.status).toBe(201);
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  async function openRollout(page: Page) {
    await page.goto(dev.url);
    await page.getByRole('button', { name: /Ops \(platform operator\)/ }).click();
    await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
    await page.goto(`${dev.url}/#/marketplace/${pluginId}`);
    await page.getByRole('link', { name: 'Rollout to tenants' }).click();
    await page.getByRole('heading', { name: 'Rollout of Notifier' }).waitFor();
  }

  const button = (page: Page, name: string) =>
    page.getByRole('group', { name: 'Rollout commands' }).getByRole('button', { name, exact: true });

  it('shows the running rollout move by itself, and pauses it from the page', async () => {
    const { page, seen } = await openPage(browser, 'platform admin pauses a rollout');
    await openRollout(page);

    // The runner in `vivified dev` upgrades wave 1; the page follows it to soaking, unreloaded.
    await page.locator('[data-phase="soaking"]').waitFor({ timeout: 30_000 });
    const wave1 = page.getByRole('region', { name: 'Wave 1' });
    await wave1.locator('[data-member-status="upgraded"]').waitFor();
    expect(await wave1.getByText(DEMO_TENANT, { exact: true }).count()).toBe(1);
    await page.getByRole('region', { name: 'Wave 2' }).getByText('No installations in this wave.').waitFor();
    await page
      .getByRole('list', { name: 'Gates' })
      .getByText('at most 0 unhealthy', { exact: false })
      .waitFor();
    await seen('soaking');
    // Only the commands a soaking rollout takes are offered.
    expect(await button(page, 'Pause').isEnabled()).toBe(true);
    expect(await button(page, 'Resume').isDisabled()).toBe(true);

    // Act
    await button(page, 'Pause').click();

    // Assess: the page says paused and now offers resume, and the API agrees.
    await page.locator('[data-phase="paused"]').waitFor();
    await seen('paused');
    expect(await button(page, 'Resume').isEnabled()).toBe(true);
    expect(await button(page, 'Pause').isDisabled()).toBe(true);
    const status = await eventually('the pause stored', async () => {
      const answer = await call(tokens.ops, 'GET', rolloutPath);
      return answer.body.phase === 'paused' ? answer : undefined;
    });
    expect(status.body).toMatchObject({ resumeTo: 'soaking', wave: 0 });
  });

  it('fits a 390 px wide screen without sideways scrolling', async () => {
    const { page, seen } = await openPage(browser, 'rollout narrow screen', 390);
    await openRollout(page);
    await page.locator('[data-phase]').waitFor();
    await page.waitForLoadState('networkidle');
    await seen('narrow');
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const clipped = await page.evaluate(
      "[...document.querySelectorAll('main td, main button')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length",
    );
    expect(clipped).toBe(0);
  });
});
