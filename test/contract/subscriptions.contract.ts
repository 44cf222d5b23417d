import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubscriptionTarget, SubscriptionWiring } from '../../core/ports';
import type { Make } from './fixtures';

const targetOf = (types: readonly string[], installationId = randomUUID()): SubscriptionTarget => ({
  tenantId: 'clinic-a',
  pluginId: 'notifier',
  installationId,
  types,
  view: 'pii',
});

/** What every SubscriptionWiring does, whatever queues and rules it makes. */
export function subscriptionWiringContract(implementation: string, make: Make<SubscriptionWiring>) {
  describe(`SubscriptionWiring contract: ${implementation}`, () => {
    let wiring: SubscriptionWiring;
    beforeAll(async () => {
      wiring = await make();
    });

    it('makes a queue, a dead-letter queue and one rule for all its types, the same ones when ensured again', async () => {
      // Prepare
      const target = targetOf(['UserCreated.v1', 'DocumentProcessed.v1']);

      // Act
      const made = await wiring.ensure(target);
      const again = await wiring.ensure({ ...target, types: [...target.types].reverse() });

      // Assess
      expect(made.rules).toHaveLength(1);
      expect(made.queueUrl).not.toBe(made.deadLetterQueueUrl);
      expect(made.queueArn).not.toBe(made.deadLetterQueueArn);
      expect(again).toEqual(made);
    });

    it('routes N subscribed types through one rule, so rules on the bus grow with installations only', async () => {
      // Prepare: as many types as a realistic manifest subscribes to, of realistic length.
      const types = Array.from({ length: 40 }, (_, i) => `PatientRecordChanged${i}.v1`);

      // Act
      const made = await wiring.ensure(targetOf(types));

      // Assess
      expect(made.rules).toHaveLength(1);
    });

    it('replaces the rule when the types change, and makes none without types', async () => {
      // Prepare
      const target = targetOf(['UserCreated.v1', 'DocumentProcessed.v1']);
      const before = await wiring.ensure(target);

      // Act
      const after = await wiring.ensure({ ...target, types: ['UserCreated.v1'] });
      const none = await wiring.ensure({ ...target, types: [] });

      // Assess
      expect(after.rules).toHaveLength(1);
      expect(after.rules).not.toEqual(before.rules);
      expect(after.queueUrl).toBe(before.queueUrl);
      expect(none.rules).toEqual([]);
    });

    it('names the queues and rules of each installation apart', async () => {
      // Act
      const [first, second] = [
        await wiring.ensure(targetOf(['UserCreated.v1'])),
        await wiring.ensure(targetOf(['UserCreated.v1'])),
      ];

      // Assess
      expect(second!.queueUrl).not.toBe(first!.queueUrl);
      expect(second!.rules).not.toEqual(first!.rules);
    });

    it('counts no dead letters in a fresh queue, and a redrive of none moves none', async () => {
      // Prepare
      const made = await wiring.ensure(targetOf(['UserCreated.v1']));

      // Act
      const waiting = await wiring.deadLetters(made);
      const redriven = await wiring.redrive(made);

      // Assess
      expect(waiting).toEqual({ waiting: 0 });
      expect(redriven).toEqual({ moving: 0 });
    });

    it('removes everything it made, and removing again is harmless', async () => {
      // Prepare
      const target = targetOf(['UserCreated.v1']);
      await wiring.ensure(target);

      // Act
      await wiring.remove(target.installationId);
      const again = await wiring.remove(target.installationId);
      const never = await wiring.remove(randomUUID());

      // Assess
      expect(again).toBeUndefined();
      expect(never).toBeUndefined();
    });
  });
}
