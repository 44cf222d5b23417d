import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqs } from '../../adapters/aws/clients';
import { type DevPlatform, startDev } from '../../cli/dev/platform';
import type { PluginManifest } from '../../core/manifest/types';
import { jsonClient } from '../support/http';
import { ehrSyncManifest, intakeManifest, notifierManifest, storageManifest } from '../support/manifests';
import { freePort } from '../support/ports';
import { uniqueName } from '../support/unique';

const TENANT = 'clinic-load';
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 1_000);
const CONCURRENCY = 32;
/** The stated bound: 2,000 requests may grow the heap (after GC) by at most this much. */
const HEAP_GROWTH_BOUND_MB = 64;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** Runs `count` requests, at most `concurrency` at a time, and returns their answers in order. */
async function pool<T>(count: number, concurrency: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        answers[i] = await send(i);
      }
    }),
  );
  return answers;
}

describe('load through the local gateway: every request accounted for', () => {
  let platform: DevPlatform;
  const credentials: Record<string, string> = {};
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-load-'));
  const calls = join(scratch, 'storage-calls.log');
  let notifierQueue = '';

  const http = jsonClient(() => platform.url);

  beforeAll(async () => {
    writeFileSync(calls, '');
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('load', 30),
      healthIntervalSeconds: 3600,
    });
    // Every plugin is a loopback server; storage logs each operation it serves, to be counted.
    const server = (log?: string) => [
      'node',
      '-e',
      `require('http').createServer((q,s)=>{${log ? `if(q.url==='/documents/get')require('fs').appendFileSync(${JSON.stringify(log)},'x\\n');` : ''}s.setHeader('content-type','application/json');s.end('{"ok":true}')}).listen(process.env.PORT,'127.0.0.1')`,
    ];
    const local = (m: PluginManifest, log?: string): PluginManifest => ({
      ...m,
      runtime: { ...m.runtime, local_command: server(log) },
    });
    const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    const manager = await platform.issuer.issue({
      subject: 'pat',
      tenantId: TENANT,
      roles: ['plugin_manager'],
    });
    expect((await http(ops, 'POST', '/v1/tenants', { id: TENANT, name: 'Load' })).status).toBe(201);
    for (const manifest of [
      local(ehrSyncManifest()),
      local(intakeManifest()),
      local(storageManifest(), calls),
      local(notifierManifest()),
    ]) {
      expect((await http(ops, 'POST', '/v1/plugins', manifest)).status).toBe(201);
      const base = `/v1/tenants/${TENANT}/installations`;
      await http(manager, 'POST', base, { pluginId: manifest.id, consent: true });
      const enabled = await http(manager, 'POST', `${base}/${manifest.id}/enable`);
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
      const installation = (await platform.plane.installations.get(TENANT, manifest.id))!;
      credentials[manifest.id] = (await platform.plane.credentials.issue(installation)).token;
      if (manifest.id === 'notifier') notifierQueue = installation.resources.queueUrl!;
    }
  }, 180_000);

  afterAll(() => platform?.stop());

  it(`${REQUESTS} events and ${REQUESTS} operator calls at concurrency ${CONCURRENCY}`, async () => {
    const before = heapMb();
    const published = await pool(REQUESTS, CONCURRENCY, (i) =>
      http(credentials.intake!, 'POST', '/v1/canonical/events', {
        type: 'UserCreated.v1',
        data: {
          userId: `u-${i}`,
          email: `p${i}@clinic.example`,
          name: `Patient ${i}`,
          roles: [],
          createdAt: '2026-11-24T10:00:00Z',
        },
      }),
    );
    const called = await pool(REQUESTS, CONCURRENCY, (i) =>
      http(credentials['ehr-sync']!, 'POST', '/v1/operator/storage/getDocument', { documentId: `d-${i}` }),
    );
    const after = heapMb();

    // Events: each answered, and each published one is in the subscriber's queue exactly once.
    const publishedIds = published.flatMap((a) =>
      a.status === 202
        ? a.body.results.filter((r: any) => r.status === 'published').map((r: any) => r.id)
        : [],
    );
    const refusedEvents = published.filter((a) => a.status !== 202);
    expect(refusedEvents.every((a) => typeof a.body?.code === 'string' && a.body.detail)).toBe(true);
    expect(publishedIds.length + refusedEvents.length).toBe(REQUESTS);
    const delivered = new Set<string>();
    for (let empty = 0; empty < 3 && delivered.size < publishedIds.length; ) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: notifierQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (!Messages?.length) empty++;
      for (const m of Messages ?? []) delivered.add(JSON.parse(m.Body!).detail.id);
    }
    expect(delivered).toEqual(new Set(publishedIds));

    // Operator calls: served (and seen by the target exactly that often) or refused with a reason.
    const served = called.filter((a) => a.status === 200).length;
    const refusedCalls = called.filter((a) => a.status !== 200);
    expect(served).toBeGreaterThan(0);
    expect(refusedCalls.every((a) => a.status === 429 && a.body.code === 'rate_limited')).toBe(true);
    expect(refusedCalls.every((a) => Number(a.headers.get('retry-after')) > 0)).toBe(true);
    expect(served + refusedCalls.length).toBe(REQUESTS);
    const seenByStorage = readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;
    expect(seenByStorage).toBe(served);

    expect(after - before).toBeLessThan(HEAP_GROWTH_BOUND_MB);
  }, 600_000);
});
