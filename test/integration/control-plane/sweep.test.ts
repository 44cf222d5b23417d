import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sqs } from '../../../adapters/aws/clients';
import { sweepStuck } from '../../../functions/lifecycle-sweep/sweep';
import { testPlatform } from '../../support/control-plane';
import { asFunction } from '../../support/iam/caller';
import { notifierManifest, storageManifest } from '../../support/manifests';
import { seedTenant } from '../../support/seed';

describe('the sweeper for abandoned lifecycle steps', () => {
  it('fails steps left in a transitional state, undoing a stuck enable, and leaves fresh ones alone', async () => {
    // Prepare: an enable that "crashed" half-way an hour ago (queues made, state Provisioning),
    // and a disable that started a moment ago.
    const platform = await testPlatform();
    const tenant = await seedTenant(platform, 'clinic-w', [notifierManifest(), storageManifest()]);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const notifier = tenant.installations.notifier!;
    await platform.plane.installations.save({
      ...notifier,
      state: 'Provisioning',
      rev: notifier.rev + 1,
      updatedAt: hourAgo,
    });
    const storage = tenant.installations.storage!;
    await platform.plane.installations.save({
      ...storage,
      state: 'Deprovisioning',
      rev: storage.rev + 1,
      updatedAt: new Date().toISOString(),
    });

    // Act
    const swept = await asFunction('lifecycleSweep', () => sweepStuck(platform.plane));

    // Assess
    expect(swept.map((i) => [i.pluginId, i.state])).toEqual([['notifier', 'Registered']]);
    const after = (await platform.plane.installations.get('clinic-w', 'notifier'))!;
    expect(after.lastError?.message).toContain('timed out');
    expect(after.resources).toEqual({});
    expect(
      (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `vivified-${notifier.installationId}` })))
        .QueueUrls ?? [],
    ).toEqual([]);
    expect((await platform.plane.installations.get('clinic-w', 'storage'))!.state).toBe('Deprovisioning');
  });
});
