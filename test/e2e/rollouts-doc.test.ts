import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT } from '../../cli/dev/demo';
import { jsonClient } from '../support/http';
import { devToken, type RunningDev, startDevProcess } from './support/dev-process';
import { docBlock, runLine } from './support/doc-block';

// docs/rollouts.md's CLI block, run literally against `vivified dev --demo` with its runner on:
// only the endpoint (a free port) and the profile's home are this test's.
describe('the rollouts page’s CLI block', () => {
  let dev: RunningDev;
  const home = mkdtempSync(join(tmpdir(), 'vivified-rollouts-doc-'));

  beforeAll(async () => {
    dev = await startDevProcess('e2e-rodoc');
  });
  afterAll(() => dev?.stop());

  it('runs as written, every command exiting 0, and leaves the rollout halted', async () => {
    const lines = docBlock('docs/rollouts.md', '<!-- runs as written: test/e2e/rollouts-doc.test.ts -->');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const run = await runLine(line, {
        PATH: process.env.PATH,
        HOME: home,
        VIVIFIED_ENDPOINT: dev.url,
        NO_COLOR: '1',
      });
      expect(run.code, `${line}\n${run.output}\n${dev.output().slice(-2000)}`).toBe(0);
    }
    // What the block did, as the API reads it: the demo tenant in the rollout, which the last line halted.
    const ops = await devToken(dev.url, 'ops');
    const status = await jsonClient(() => dev.url)(ops, 'GET', '/v1/plugins/notifier/rollout');
    expect(status.body).toMatchObject({
      phase: 'halted',
      plan: { version: '1.1.0' },
      members: [expect.objectContaining({ tenantId: DEMO_TENANT })],
    });
  });
});
