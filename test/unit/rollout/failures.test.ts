import { describe, expect, it } from 'vitest';
import { advance, command, countFailedUpgrades, MAX_UPGRADE_ATTEMPTS } from '../../../core/rollout';
import type { Rollout } from '../../../core/rollout/types';
import { later, observe, on, started, T0 } from './fixtures';

const CONFIG = 'The current config does not satisfy notifier@2.0.0; update it first. (/sender is required)';

/** The first wave asked to upgrade, whose upgrade then fails `times` steps in a row. */
function failing(times: number): { rollout: Rollout; reasons: readonly string[] } {
  let rollout = started();
  let reasons: readonly string[] = [];
  for (let i = 0; i < times; i += 1) {
    // The upgrade did not happen: the member is still on its version when the next step looks.
    const step = advance(rollout, observe(started()), later(i));
    expect(step.actions).toEqual([
      { kind: 'upgrade', tenantId: rollout.members[0]!.tenantId, version: '2.0.0' },
    ]);
    ({ rollout, reasons } = countFailedUpgrades(step.rollout, { [rollout.members[0]!.tenantId]: CONFIG }));
  }
  return { rollout, reasons };
}

describe('a member whose upgrade keeps failing', () => {
  it('is tried again, counting its failures, until the limit', () => {
    // Act
    const { rollout, reasons } = failing(MAX_UPGRADE_ATTEMPTS - 1);

    // Assess
    expect(rollout.phase).toBe('upgrading');
    expect(rollout.members[0]).toMatchObject({
      status: 'upgrading',
      failures: MAX_UPGRADE_ATTEMPTS - 1,
      lastError: CONFIG,
    });
    expect(reasons).toEqual([]);
  });

  it(`is failed at attempt ${MAX_UPGRADE_ATTEMPTS}, halting the rollout with the tenant and why`, () => {
    // Act
    const { rollout, reasons } = failing(MAX_UPGRADE_ATTEMPTS);

    // Assess: the rollout stops asking, and says why in its state and its trail.
    const [member] = rollout.members;
    expect(member).toMatchObject({ status: 'failed', failures: MAX_UPGRADE_ATTEMPTS, lastError: CONFIG });
    expect(rollout.phase).toBe('halted');
    expect(rollout.haltReason).toBe(`upgrade failed 3 times in a row (${member!.tenantId}: ${CONFIG})`);
    expect(reasons).toEqual([`halted: ${rollout.haltReason}`]);
    expect(advance(rollout, observe(started()), later(100)).actions).toEqual([]);
    // Of the commands, only a rollback fits a halted rollout.
    expect(() => command(rollout, 'resume', 'ops', later(101))).toThrow(/cannot resume/);
  });

  it('leaves members that did not fail, and a step with no failures, as they were', () => {
    const step = advance(started(), observe(started()), T0);
    expect(countFailedUpgrades(step.rollout, {})).toEqual({ rollout: { ...step.rollout }, reasons: [] });
  });

  it('is returned by a rollback when its failed upgrade left it on the new version', () => {
    // Prepare: the upgrade applied, but starting the installation again failed each time.
    const { rollout } = failing(MAX_UPGRADE_ATTEMPTS);
    const tenantId = rollout.members[0]!.tenantId;
    const asked = command(rollout, 'rollback', 'ops', later(200));

    // Act
    const moved = advance(asked, { ...observe(asked), [tenantId]: on('2.0.0') }, later(201));
    const unmoved = advance(asked, observe(asked), later(201));

    // Assess
    expect(moved.actions).toEqual([{ kind: 'roll_back', tenantId, version: '1.0.0' }]);
    expect(unmoved.rollout.members[0]!.status).toBe('rolled_back');
    expect(unmoved.rollout.phase).toBe('rolled_back');
  });
});
