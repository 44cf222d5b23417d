import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processRuntime } from '../../../adapters/local/process-runtime';
import type { RuntimeLaunch } from '../../../core/ports';

const logs = mkdtempSync(join(tmpdir(), 'vivified-plugins-'));
const runtime = processRuntime({ logDirectory: logs, backoffMs: 50, stopGraceMs: 1_000 });

// A tiny plugin: answers /health with its environment, and exits when asked to (to test restarts).
const plugin = `
const http = require('node:http');
http.createServer((req, res) => {
  if (req.url === '/crash') process.exit(3);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ tenant: process.env.VIVIFIED_TENANT_ID, queue: process.env.VIVIFIED_QUEUE_URL, secret: process.env.AWS_SECRET_ACCESS_KEY ?? null, credential: process.env.VIVIFIED_CREDENTIAL }));
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

const launch: RuntimeLaunch = {
  tenantId: 'clinic-a',
  pluginId: 'probe',
  installationId: 'inst-probe',
  pluginVersion: '1.0.0',
  runtime: {
    image: 'unused',
    cpu: 256,
    memory: 256,
    port: 8080,
    health_path: '/health',
    local_command: [process.execPath, '-e', plugin],
  },
  environment: { VIVIFIED_TENANT_ID: 'clinic-a', VIVIFIED_QUEUE_URL: 'http://127.0.0.1:4566/queue/x' },
  credential: 'credential-for-test',
};

const answer = async (path = '/health') => {
  const { endpoint } = await runtime.status('inst-probe');
  for (let i = 0; i < 100; i++) {
    try {
      return await (await fetch(`${endpoint}${path}`)).json();
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('plugin never answered');
};

afterAll(() => runtime.stopAll());

describe('the local process runtime', () => {
  it('runs the plugin with exactly the Fargate environment (no host credentials) and logs its output', async () => {
    await runtime.start(launch);

    expect(await answer()).toEqual({
      tenant: 'clinic-a',
      queue: 'http://127.0.0.1:4566/queue/x',
      secret: null,
      credential: 'credential-for-test',
    });
    expect(await runtime.status('inst-probe')).toMatchObject({ exists: true, desired: 1, running: 1 });
    expect(readFileSync(join(logs, 'clinic-a-probe.log'), 'utf8')).toContain('listening');
  });

  it('restarts a crashed plugin, with the latest credential', async () => {
    await runtime.rotateCredential('inst-probe', 'rotated-credential');
    await fetch(`${(await runtime.status('inst-probe')).endpoint}/crash`).catch(() => undefined);

    // Wait for the restart to be logged: until then the crashing process may still answer.
    for (
      let i = 0;
      i < 100 && !readFileSync(join(logs, 'clinic-a-probe.log'), 'utf8').includes('restarting');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await answer()).toMatchObject({ tenant: 'clinic-a', credential: 'rotated-credential' });
    expect(readFileSync(join(logs, 'clinic-a-probe.log'), 'utf8')).toMatch(/exited \(3\)[\s\S]*restarting/);
  });

  it('stops, and removes idempotently', async () => {
    await runtime.stop('inst-probe');
    expect(await runtime.status('inst-probe')).toMatchObject({ desired: 0, running: 0 });

    await runtime.remove('inst-probe');
    await runtime.remove('inst-probe');
    expect(await runtime.status('inst-probe')).toEqual({ exists: false, desired: 0, running: 0 });
  });
});
