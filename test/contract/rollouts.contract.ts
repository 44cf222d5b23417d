import { beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentModificationError } from '../../core/errors';
import type { RolloutStore } from '../../core/ports';
import { type Rollout, startRollout } from '../../core/rollout';
import { uniqueName } from '../support/unique';
import type { Make } from './fixtures';

const rolloutOf = (pluginId: string): Rollout =>
  startRollout(
    {
      pluginId,
      version: '2.0.0',
      targets: { kind: 'percentage', percent: 100 },
      waves: [{ size: 1, soakSeconds: 60 }],
      gates: { maxUnhealthy: 0, maxDeadLetters: 0, errorRateMargin: 0.05 },
    },
    [{ tenantId: 'clinic-a', version: '1.0.0' }],
    undefined,
    'ops',
    new Date('2026-12-01T10:00:00.000Z'),
  );

/** What every RolloutStore does, whatever stores it. */
export function rolloutStoreContract(implementation: string, make: Make<RolloutStore>) {
  describe(`RolloutStore contract: ${implementation}`, () => {
    let store: RolloutStore;
    beforeAll(async () => {
      store = await make();
    });

    it('writes only on the revision read: of two writers on one state exactly one wins', async () => {
      // Prepare
      const rollout = rolloutOf(uniqueName('plugin'));

      // Act
      await store.save(rollout);
      const again = await store.save(rollout).catch((error: unknown) => error);
      const moved = await store.save({ ...rollout, phase: 'upgrading', rev: 2 });
      const stale = await store
        .save({ ...rollout, phase: 'paused', rev: 2 })
        .catch((error: unknown) => error);

      // Assess
      expect(again).toBeInstanceOf(ConcurrentModificationError);
      expect(stale).toBeInstanceOf(ConcurrentModificationError);
      expect(await store.get(rollout.plan.pluginId)).toEqual(moved);
      expect(await store.get(uniqueName('absent'))).toBeUndefined();
    });

    it('lists the running rollouts, and no longer a finished one', async () => {
      // Prepare
      const [running, finished] = [rolloutOf(uniqueName('plugin')), rolloutOf(uniqueName('plugin'))];
      await store.save(running);
      await store.save(finished);

      // Act
      await store.save({ ...finished, phase: 'completed', rev: 2 });
      const listed = (await store.running()).map((r) => r.plan.pluginId);

      // Assess
      expect(listed).toContain(running.plan.pluginId);
      expect(listed).not.toContain(finished.plan.pluginId);
    });
  });
}
