import { beforeAll, describe, expect, it } from 'vitest';
import type { ExternalRoute, ExternalTargets } from '../../core/ports';
import { uniqueName } from '../support/unique';
import type { Make } from './fixtures';

/** What every ExternalTargets does; `busArn` is a bus the routes may target. */
export function externalTargetsContract(
  implementation: string,
  make: Make<{ readonly targets: ExternalTargets; readonly busArn: string }>,
) {
  describe(`ExternalTargets contract: ${implementation}`, () => {
    let targets: ExternalTargets;
    let route: () => ExternalRoute;
    beforeAll(async () => {
      const made = await make();
      targets = made.targets;
      route = () => ({
        tenantId: uniqueName('clinic'),
        subscriberId: uniqueName('sub', 30),
        busArn: made.busArn,
        types: ['UserCreated.v1', 'DocumentProcessed.v1'],
        view: 'pii',
      });
    });

    it('attaches one rule for all its types, the same one again when attached again', async () => {
      // Prepare
      const subscriber = route();

      // Act
      const rules = await targets.attach(subscriber);
      const again = await targets.attach(subscriber);

      // Assess
      expect(rules).toHaveLength(1);
      expect(again).toEqual(rules);
    });

    it('replaces the rule when the types change', async () => {
      // Prepare
      const subscriber = route();
      const before = await targets.attach(subscriber);

      // Act
      const after = await targets.attach({ ...subscriber, types: ['UserCreated.v1'] });

      // Assess
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
    });

    it('names rules apart for each subscriber', async () => {
      // Act
      const [first, second] = [await targets.attach(route()), await targets.attach(route())];

      // Assess
      expect(first.filter((rule) => second!.includes(rule))).toEqual([]);
    });

    it('detaches its rules, and rules already gone, harmlessly', async () => {
      // Prepare
      const rules = await targets.attach(route());

      // Act
      await targets.detach(rules);
      const again = targets.detach([...rules, 'vx-never-attached-0123456789ab']);

      // Assess
      await expect(again).resolves.toBeUndefined();
    });
  });
}
