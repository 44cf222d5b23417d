import { describe, expect, it } from 'vitest';
import { memoryAuditArchive } from '../../../adapters/memory/audit-archive';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryCanonicalBus } from '../../../adapters/memory/canonical-bus';
import { memoryExternalTargets } from '../../../adapters/memory/external-targets';
import { memoryPlatformEvents } from '../../../adapters/memory/platform-events';
import { memoryRuntime } from '../../../adapters/memory/runtime';
import { memorySubscriptions } from '../../../adapters/memory/subscriptions';

// What the memory adapters let a test see beyond their ports: what a deployed platform would
// leave in a queue, a bucket or a bus, where the AWS tests look for it.
describe('memory adapters, seen from a test', () => {
  it('counts dead letters a test puts in a queue, and a redrive moves them back', async () => {
    // Prepare
    const wiring = memorySubscriptions();
    const target = {
      tenantId: 'clinic-a',
      pluginId: 'notifier',
      installationId: 'inst-1',
      types: ['UserCreated.v1'],
      view: 'pii',
    };
    const queues = await wiring.ensure(target);
    wiring.deadLetter('inst-1', 3);

    // Act
    const waiting = await wiring.deadLetters(queues);
    const redriven = await wiring.redrive(queues);

    // Assess
    expect(waiting).toEqual({ waiting: 3 });
    expect(redriven).toEqual({ moving: 3 });
    expect(await wiring.deadLetters(queues)).toEqual({ waiting: 0 });
    expect(wiring.wired('inst-1')).toEqual(target);
    expect(() => wiring.deadLetter('inst-unknown', 1)).toThrow('no queues');
  });

  it('keeps each archived record once, in chain order, as flushed by the log', async () => {
    // Prepare
    const archive = memoryAuditArchive();
    const log = memoryAuditLog({ archive });
    const entry = {
      tenantId: 'clinic-a',
      actor: { kind: 'system' as const, id: 'health' },
      action: 'installation.fail',
      target: { kind: 'installation', id: 'inst-1' },
      decision: 'allow' as const,
      reasons: [],
      traceId: 't',
    };
    const records = [await log.append(entry), await log.append(entry)];

    // Act
    await log.flush();
    await archive.write([...records].reverse());

    // Assess
    expect(archive.records('clinic-a')).toEqual(records);
    expect(archive.records('clinic-b')).toEqual([]);
  });

  it('shows what was put on the bus, emitted, routed and run', async () => {
    // Prepare
    const bus = memoryCanonicalBus();
    const events = memoryPlatformEvents();
    const targets = memoryExternalTargets();
    const runtime = memoryRuntime({ endpointOf: (id) => `http://127.0.0.1:9/${id}` });
    const launch = {
      tenantId: 'clinic-a',
      pluginId: 'storage',
      installationId: 'inst-1',
      pluginVersion: '1.0.0',
      runtime: { image: 'storage:1', cpu: 256, memory: 512, port: 8080, health_path: '/health' },
      environment: {},
      credential: 'first',
    };

    // Act
    await bus.put([{ Source: 's', DetailType: 'UserCreated.v1', Detail: '{}', EventBusName: 'b' }]);
    await events.emit({
      type: 'PluginHealthChanged.v1',
      tenantId: 'clinic-a',
      installationId: 'inst-1',
      traceId: 't',
      data: {
        installationId: 'inst-1',
        pluginId: 'storage',
        from: 'Active',
        to: 'Unhealthy',
        reason: 'down',
        checkedAt: new Date().toISOString(),
      },
    });
    const [rule] = await targets.attach({
      tenantId: 'clinic-a',
      subscriberId: 'sub-1',
      busArn: 'arn:x',
      types: ['UserCreated.v1'],
      view: 'pii',
    });
    await runtime.start(launch);
    await runtime.rotateCredential('inst-1', 'second');
    const running = await runtime.status('inst-1');
    await runtime.stop('inst-1');

    // Assess
    expect(bus.events.map((e) => e.DetailType)).toEqual(['UserCreated.v1']);
    expect(events.emitted.map((e) => [e.type, e.source])).toEqual([
      ['PluginHealthChanged.v1', 'vivified.platform'],
    ]);
    expect(targets.routes().get(rule!)).toMatchObject({ types: ['UserCreated.v1'], view: 'pii' });
    expect(running.endpoint).toBe('http://127.0.0.1:9/inst-1');
    expect(runtime.service('inst-1')).toEqual({ launch, credential: 'second' });
    expect(await runtime.status('inst-1')).toEqual({ exists: true, desired: 0, running: 0 });
    expect(runtime.service('inst-2')).toBeUndefined();
  });
});
