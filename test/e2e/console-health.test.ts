import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLATION_RESOURCES } from '../../adapters/aws/deploy-contract';
import { DEMO_TENANT } from '../../cli/dev/demo';
import { eventually, jsonClient } from '../support/http';
import { notifierManifest } from '../support/manifests';
import { uniqueName } from '../support/unique';
import { closeBrowser, launchBrowser, openPage } from './support/browser';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';

// A plugin the local runtime can really start: a loopback HTTP server answering its health path.
const SERVE = [
  'node',
  '-e',
  "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT,'127.0.0.1')",
];

describe('health in the console: dead letters count, and the tenant admin may redeliver them', () => {
  let dev: RunningDev;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const pluginId = uniqueName('letters', 40);
  const call = jsonClient(() => dev.url);
  const installation = `/v1/tenants/${DEMO_TENANT}/installations/${pluginId}`;

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevProcess('e2e-health'), launchBrowser()]);
    for (const user of ['ops', 'ada']) tokens[user] = await devToken(dev.url, user);
    const manifest = notifierManifest('1.0.0', { id: pluginId });
    const registered = await call(tokens.ops, 'POST', '/v1/plugins', {
      ...manifest,
      runtime: { ...manifest.runtime, local_command: SERVE },
      config: { ...manifest.config, required: [] },
    });
    expect(registered.status).toBe(201);
    const installed = await call(tokens.ada, 'POST', `/v1/tenants/${DEMO_TENANT}/installations`, {
      pluginId,
      consent: true,
    });
    expect(installed.status).toBe(201);
    expect((await call(tokens.ada, 'POST', `${installation}/enable`)).body.state).toBe('Active');
    // Two events that failed delivery, as SQS leaves them after the queue's maxReceiveCount.
    const sqs = new SQSClient({});
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({
        QueueName: INSTALLATION_RESOURCES.deadLetterQueueName(installed.body.installationId),
      }),
    );
    for (const n of [1, 2])
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ n }) }));
    await eventually('both dead letters counted', async () => {
      const health = await call(tokens.ada, 'GET', `${installation}/health`);
      return health.body.deadLetters === 2 ? health : undefined;
    });
  });

  afterAll(async () => {
    const [closed, stopped] = await Promise.allSettled([closeBrowser(browser), dev?.stop()]);
    for (const outcome of [closed, stopped]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  it('shows an Active plugin with dead letters as needing attention, and lets the tenant admin redeliver them', async () => {
    const { page, seen } = await openPage(browser, 'tenant admin redelivers');
    await page.goto(dev.url);
    await page.getByRole('button', { name: /Ada \(tenant admin\)/ }).click();
    // Signed in first: the console opens the marketplace once the sign-in completes, which would
    // otherwise replace the page this test goes to.
    await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
    await page.goto(`${dev.url}/#/installations/${pluginId}/health`);
    // By the plugin's name, with its id beside it.
    await page.getByRole('heading', { name: 'Health of Notifier' }).waitFor();
    await page.getByText(pluginId, { exact: true }).first().waitFor();

    await page.locator('[data-health]').waitFor();
    await seen('health-degraded');
    expect(await page.locator('[data-state]').textContent()).toBe('Active');
    expect(await page.locator('[data-health]').getAttribute('data-health')).toBe('degraded');
    await page.getByText('2 event(s) in the dead-letter queue').first().waitFor();

    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByRole('dialog', { name: 'Redeliver' }).getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText('2 event(s) sent back for redelivery.').waitFor({ timeout: 30_000 });
    await seen('redelivered');

    // The API, not the page, is the record: the move drains the dead-letter queue.
    await eventually('the dead-letter queue drained', async () => {
      const health = await call(tokens.ada, 'GET', `${installation}/health`);
      return health.body.deadLetters === 0 ? health : undefined;
    });
  });
});
