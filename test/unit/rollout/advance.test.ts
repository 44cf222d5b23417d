import { describe, expect, it } from 'vitest';
import { advance } from '../../../core/rollout';
import type { Rollout } from '../../../core/rollout/types';
import { later, observe, on, started, T0 } from './fixtures';

const wavesOf = (rollout: Rollout) => rollout.members.map((m) => `${m.tenantId}:${m.wave}:${m.status}`);

describe('advancing a rollout', () => {
  it('upgrades wave by wave, soaking between, and completes', () => {
    const first = advance(started(), observe(started()), T0);
    expect(first.rollout).toMatchObject({ phase: 'upgrading', wave: 0 });
    expect(first.actions).toHaveLength(1);
    expect(first.actions[0]).toMatchObject({ kind: 'upgrade', version: '2.0.0' });

    // The upgrade happened: the wave soaks, and nothing further is asked until the soak ends.
    const soaking = advance(first.rollout, observe(first.rollout), later(1));
    expect(soaking.rollout).toMatchObject({ phase: 'soaking', soakUntil: later(61).toISOString() });
    expect(soaking.actions).toEqual([]);
    expect(soaking.reasons).toEqual(['wave 1 upgraded; soaking']);
    const still = advance(soaking.rollout, observe(soaking.rollout), later(30));
    expect(still.rollout).toBe(soaking.rollout);

    let rollout = soaking.rollout;
    let now = 61;
    for (const wave of [1, 2]) {
      const next = advance(rollout, observe(rollout), later(now));
      expect(next.rollout).toMatchObject({ phase: 'upgrading', wave });
      const soaked = advance(next.rollout, observe(next.rollout), later(now + 1));
      expect(soaked.rollout.phase).toBe('soaking');
      rollout = soaked.rollout;
      now += 61;
    }
    const done = advance(rollout, observe(rollout), later(now));
    expect(done.rollout.phase).toBe('completed');
    expect(done.reasons).toEqual(['completed']);
    expect(wavesOf(done.rollout).every((m) => m.endsWith(':upgraded'))).toBe(true);
    // A finished rollout takes no further step.
    expect(advance(done.rollout, observe(done.rollout), later(now + 100)).actions).toEqual([]);
  });

  it('asks again for an upgrade not yet observed, and never for one already done (a repeated tick)', () => {
    const first = advance(started(), observe(started()), T0);
    const notYet = advance(first.rollout, observe(started()), later(1));
    expect(notYet.actions).toEqual(first.actions);
    expect(notYet.rollout.phase).toBe('upgrading');
  });

  it('marks a member whose new version needs consent waiting, leaves it, and counts it upgraded once it upgrades itself', () => {
    const rollout = started();
    const [a] = rollout.members.map((m) => m.tenantId);
    const first = advance(rollout, observe(rollout, { [a!]: { needsConsent: true } }), T0);
    expect(first.actions).toEqual([{ kind: 'await_consent', tenantId: a, version: '2.0.0' }]);
    expect(first.rollout).toMatchObject({ phase: 'soaking' });
    expect(first.rollout.members[0]!.status).toBe('waiting_for_consent');
    const next = advance(first.rollout, observe(first.rollout), later(61));
    // Still waiting: no upgrade asked for it in the next wave either.
    expect(next.actions.map((x) => x.tenantId)).not.toContain(a);
    expect(next.rollout.members[0]!.status).toBe('waiting_for_consent');
    const consented = advance(next.rollout, { ...observe(next.rollout), [a!]: on('2.0.0') }, later(62));
    expect(consented.rollout.members[0]!.status).toBe('upgraded');
  });

  it('counts an uninstalled member as gone, and rolls nothing back for it', () => {
    const first = advance(started(), observe(started()), T0);
    const a = first.rollout.members[0]!.tenantId;
    const gone = advance(first.rollout, { ...observe(first.rollout), [a]: undefined }, later(1));
    expect(gone.rollout.members[0]!.status).toBe('uninstalled');
    const soaking = advance(
      { ...first.rollout, phase: 'rolling_back' },
      { ...observe(first.rollout), [a]: undefined },
      later(1),
    );
    expect(soaking.rollout.members[0]!.status).toBe('uninstalled');
    expect(soaking.rollout.phase).toBe('rolled_back');
  });

  it('halts when wave 2 turns unhealthy and rolls waves 1 and 2 back, keeping wave 3 untouched', () => {
    let rollout = advance(started(), observe(started()), T0).rollout;
    rollout = advance(rollout, observe(rollout), later(1)).rollout;
    rollout = advance(rollout, observe(rollout), later(61)).rollout;
    rollout = advance(rollout, observe(rollout), later(62)).rollout;
    expect(rollout).toMatchObject({ phase: 'soaking', wave: 1 });
    const [a, b, c] = rollout.members.map((m) => m.tenantId);
    const halted = advance(rollout, observe(rollout, { [b!]: { state: 'Unhealthy' } }), later(70));
    expect(halted.rollout.phase).toBe('rolling_back');
    expect(halted.rollout.haltReason).toMatch(/1 installation\(s\) on the new version are unhealthy/);
    expect(halted.reasons[0]).toMatch(/^halted: /);
    expect(halted.actions).toEqual([
      { kind: 'roll_back', tenantId: a, version: '1.0.0' },
      { kind: 'roll_back', tenantId: b, version: '1.0.0' },
    ]);
    const back = Object.fromEntries([a, b, c].map((t) => [t!, on('1.0.0')]));
    const done = advance(halted.rollout, back, later(71));
    expect(done.rollout.phase).toBe('rolled_back');
    expect(done.reasons).toEqual(['rolled back']);
    expect(wavesOf(done.rollout)).toEqual([`${a}:0:rolled_back`, `${b}:1:rolled_back`, `${c}:2:pending`]);
  });

  it('halts on dead letters over the threshold and on an error rate beyond the margin', () => {
    let rollout = advance(started(), observe(started()), T0).rollout;
    rollout = advance(rollout, observe(rollout), later(1)).rollout;
    const [a, b] = rollout.members.map((m) => m.tenantId);
    const dead = advance(rollout, observe(rollout, { [a!]: { deadLetters: 6 } }), later(2));
    expect(dead.rollout.haltReason).toBe('6 event(s) dead-lettered on the new version (at most 5 allowed)');
    const errors = advance(
      rollout,
      observe(rollout, { [a!]: { calls: 10, errors: 3 }, [b!]: { calls: 10, errors: 1 } }),
      later(2),
    );
    expect(errors.rollout.haltReason).toBe(
      'lane error rate 30.0% on the new version exceeds 10.0% on the old by more than 10.0%',
    );
    // Within the margin, or with no traffic on one side to compare, the gate passes.
    const within = advance(
      rollout,
      observe(rollout, { [a!]: { calls: 10, errors: 2 }, [b!]: { calls: 10, errors: 1 } }),
      later(2),
    );
    expect(within.rollout.phase).toBe('soaking');
    const quiet = advance(rollout, observe(rollout, { [a!]: { calls: 10, errors: 10 } }), later(2));
    expect(quiet.rollout.phase).toBe('soaking');
  });

  it('takes no step while paused or halted', () => {
    for (const phase of ['paused', 'halted'] as const) {
      const rollout = { ...started(), phase };
      expect(advance(rollout, observe(rollout), T0)).toEqual({ rollout, actions: [], reasons: [] });
    }
  });
});
