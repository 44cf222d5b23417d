import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_TENANT } from '../../../cli/dev/demo';
import { devToken, type RunningDev, startDevProcess } from '../../e2e/support/dev-process';

describe('vivified dev output', () => {
  let dev: RunningDev;

  beforeAll(async () => {
    // As a user's shell runs it: without the test run's own metrics switch and silenced logs, so
    // what keeps the output quiet is cli/bin/vivified.cjs and functions/shared/middleware/publish-metrics.ts.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined);
    dev = await startDevProcess('quiet');
  }, 240_000);

  afterAll(async () => {
    await dev?.stop();
    vi.unstubAllEnvs();
  });

  it('prints no EMF lines and no metrics warnings while it answers requests', async () => {
    // Prepare: requests that record metrics — answered, refused and unrouted.
    const token = await devToken(dev.url, 'ada');
    const before = dev.output().length;

    // Act
    const answered = await fetch(`${dev.url}/v1/tenants/${DEMO_TENANT}/installations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const refused = await fetch(`${dev.url}/v1/plugins`);
    const unrouted = await fetch(`${dev.url}/v1/nowhere`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const printed = dev.output().slice(before);

    // Assess
    expect([answered.status, refused.status, unrouted.status]).toEqual([200, 401, 404]);
    expect(dev.output()).not.toContain('"_aws"');
    expect(dev.output()).not.toMatch(/No application metrics to publish/);
    expect(printed).not.toMatch(/metric/i);
  });
});
