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

    it('attaches one rule per type, the same ones again when attached again', async () => {
      // Prepare
      const subscriber = route();

      // Act
      const rules = await targets.attach(subscriber);
      const again = await targets.attach(subscriber);

      // Assess
      expect(rules).toHaveLength(2);
      expect(new Set(rules).size).toBe(2);
      expect(again).toEqual(rules);
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
