import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import type { InstallationMetrics } from '../../functions/wire';
import { eventually, jsonClient } from '../support/http';
import { notifierManifest } from '../support/manifests';
import { uniqueName } from '../support/unique';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

// A plugin the local runtime can start that answers its health path and, once up, reads its own
// config three times through the self-service lane: real lane traffic for the charts.
const SERVE_AND_CALL = [
  'node',
  '-e',
  [
    "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT,'127.0.0.1');",
    '(async()=>{for(let i=0;i<3;i++)await fetch(process.env.VIVIFIED_API_URL+"/v1/self/config",',
    '{headers:{authorization:"Bearer "+process.env.VIVIFIED_CREDENTIAL}});})();',
  ].join(''),
];

describe('lane metrics in the console: charts of what the lanes did, over the hour and the day', () => {
  let dev: RunningDev;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const pluginId = uniqueName('charts', 40);
  const call = jsonClient(() => dev.url);
  const installation = `/v1/tenants/${DEMO_TENANT}/installations/${pluginId}`;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-metrics'), launchBrowser()]);
    for (const user of ['ops', 'ada']) tokens[user] = await devToken(dev.url, user);
    const manifest = notifierManifest('1.0.0', { id: pluginId });
    const registered = await call(tokens.ops, 'POST', '/v1/plugins', {
      ...manifest,
      runtime: { ...manifest.runtime, local_command: SERVE_AND_CALL },
      config: { ...manifest.config, required: [] },
    });
    expect(registered.status).toBe(201);
    const installed = await call(tokens.ada, 'POST', `/v1/tenants/${DEMO_TENANT}/installations`, {
      pluginId,
      consent: true,
    });
    expect(installed.status).toBe(201);
    expect((await call(tokens.ada, 'POST', `${installation}/enable`)).body.state).toBe('Active');
    await eventually('the plugin’s three self-service calls counted', async () => {
      const metrics = await call(tokens.ada, 'GET', `${installation}/metrics?window=hour`);
      const self = (metrics.body as InstallationMetrics).lanes?.find((lane) => lane.lane === 'self');
      return self && self.calls.reduce((a, b) => a + b, 0) === 3 ? metrics : undefined;
    });
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  for (const [width, label] of [
    [1280, 'wide'],
    [390, 'narrow'],
  ] as const) {
    it(`charts the self lane's calls and latency on a ${label} screen, with a table behind each chart, and switches to the day`, async () => {
      const { page, seen } = await openPage(browser, `lane metrics ${label}`, width);
      await page.goto(dev.url);
      await page.getByRole('button', { name: /Ada \(tenant admin\)/ }).click();
      await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
      await page.goto(`${dev.url}/#/installations/${pluginId}/health`);
      await page.getByRole('heading', { name: 'Lane metrics' }).waitFor();

      // One image per chart, named by its title and what it shows.
      const calls = page.getByRole('img', {
        name: /^Calls and errors: self lane\. calls: 3 in total; errors: 0 in total/,
      });
      await calls.waitFor();
      await page
        .getByRole('img', { name: /^Latency: self lane\. p50: up to [\d.]+ ms; p95: up to [\d.]+ ms/ })
        .waitFor();
      expect(await page.getByRole('button', { name: 'Last hour' }).getAttribute('aria-pressed')).toBe('true');
      await seen(`hour-${label}`);

      // The same numbers as a table, for whoever cannot see the bars.
      const figure = page.locator('figure', { has: calls });
      await figure.getByText('Show as table').click();
      const cells = await figure.locator('tbody td[data-label="calls (calls)"]').allTextContents();
      expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(3);

      // Nothing is pushed off the side of a narrow screen.
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: 'Last day' }).click();
      await page.getByText('Last day, one bar per 15 minutes.').waitFor();
      expect(await page.getByRole('button', { name: 'Last day' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('img', { name: /^Calls and errors: self lane\. calls: 3 in total/ }).waitFor();
      // Locally the plugin reads its queue itself: deliveries are said to be missing, not drawn as zeros.
      await page.getByText(/Event deliveries come from the queues’ own CloudWatch metrics/).waitFor();
      // Dead letters are sampled from the emulated queue; deliveries, which it cannot see, are not charted.
      await page
        .getByRole('img', { name: /^Dead letters waiting\. dead letters waiting: 0 in total/ })
        .waitFor();
      await seen(`day-${label}`);
    });
  }
});
