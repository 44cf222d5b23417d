import { describe, expect, it } from 'vitest';
import {
  advance,
  command,
  commandsFor,
  planMembers,
  ROLLOUT_COMMANDS,
  startRollout,
  tenantPercentile,
} from '../../../core/rollout';
import { installed, later, observe, plan, started, T0 } from './fixtures';

describe('starting a rollout', () => {
  it('fills the waves in a stable order, the last wave taking the rest, skipping installations already on the version', () => {
    const members = planMembers(
      plan({
        targets: { kind: 'tenants', tenantIds: ['a', 'b', 'c', 'd'] },
        waves: [
          { size: 1, soakSeconds: 1 },
          { size: 1, soakSeconds: 1 },
        ],
      }),
      [...installed, { tenantId: 'd', version: '2.0.0' }, { tenantId: 'x', version: '1.0.0' }],
    );
    expect(members.map((m) => m.wave)).toEqual([0, 1, 1]);
    expect(members.map((m) => m.tenantId).sort()).toEqual(['a', 'b', 'c']);
    expect(members.every((m) => m.status === 'pending' && m.fromVersion === '1.0.0')).toBe(true);
  });

  it('chooses a percentage of tenants by a stable hash, the same ones every time', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ tenantId: `t${i}`, version: '1.0.0' }));
    const half = plan({ targets: { kind: 'percentage', percent: 50 } });
    const chosen = planMembers(half, many).map((m) => m.tenantId);
    expect(chosen.length).toBeGreaterThan(70);
    expect(chosen.length).toBeLessThan(130);
    expect(planMembers(half, [...many].reverse()).map((m) => m.tenantId)).toEqual(chosen);
    expect(chosen.every((t) => tenantPercentile('notifier', t) < 50)).toBe(true);
    expect(planMembers(plan({ targets: { kind: 'percentage', percent: 0 } }), many)).toEqual([]);
    expect(planMembers(plan({ targets: { kind: 'percentage', percent: 100 } }), many)).toHaveLength(200);
  });

  it('is one at a time per plugin: refused while the last one runs, allowed once it finished', () => {
    const running = started();
    expect(() => startRollout(plan(), installed, running, 'ops', T0)).toThrow(
      /is pending: finish or roll it back/,
    );
    const next = startRollout(plan(), installed, { ...running, phase: 'completed' }, 'ops', T0);
    // The revision carries on, so the replacing write is conditional on the finished one.
    expect(next).toMatchObject({ rev: 2, phase: 'pending', wave: 0, startedBy: 'ops' });
  });
});

describe("an operator's commands", () => {
  it('pauses and resumes, restarting the soak', () => {
    const first = advance(started(), observe(started()), T0).rollout;
    const soaking = advance(first, observe(first), later(1)).rollout;
    const paused = command(soaking, 'pause', 'ops', later(10));
    expect(paused).toMatchObject({ phase: 'paused', resumeTo: 'soaking' });
    expect(() => command(paused, 'pause', 'ops', later(10))).toThrow('A paused rollout cannot pause.');
    const resumed = command(paused, 'resume', 'ops', later(100));
    expect(resumed).toMatchObject({ phase: 'soaking', soakUntil: later(160).toISOString() });
    expect(resumed).not.toHaveProperty('resumeTo');
    const pending = command(command(started(), 'pause', 'ops', T0), 'resume', 'ops', T0);
    expect(pending.phase).toBe('pending');
    expect(command({ ...started(), phase: 'paused' }, 'resume', 'ops', T0).phase).toBe('pending');
    expect(() => command(started(), 'resume', 'ops', T0)).toThrow('A pending rollout cannot resume.');
  });

  it('halts where it is, and rolls back what was moved', () => {
    const halted = command(command(started(), 'pause', 'ops', T0), 'halt', 'ops', T0);
    expect(halted).toMatchObject({ phase: 'halted', haltReason: 'halted by ops' });
    expect(halted).not.toHaveProperty('resumeTo');
    expect(() => command(halted, 'halt', 'ops', T0)).toThrow('A halted rollout cannot halt.');
    const back = command(halted, 'rollback', 'ops', T0);
    expect(back).toMatchObject({ phase: 'rolling_back', haltReason: 'halted by ops' });
    expect(() => command(back, 'rollback', 'ops', T0)).toThrow('A rolling_back rollout cannot roll back.');
    expect(command(started(), 'rollback', 'ops', T0).haltReason).toBe('rolled back by ops');
  });
});

describe('which commands a phase takes', () => {
  it('lists, for each phase, exactly the commands `command` accepts there', () => {
    const phases = [
      'pending',
      'upgrading',
      'soaking',
      'paused',
      'completed',
      'halted',
      'rolling_back',
      'rolled_back',
    ] as const;
    const listed = Object.fromEntries(phases.map((phase) => [phase, commandsFor(phase)]));
    expect(listed).toEqual({
      pending: ['pause', 'halt', 'rollback'],
      upgrading: ['pause', 'halt', 'rollback'],
      soaking: ['pause', 'halt', 'rollback'],
      paused: ['resume', 'halt', 'rollback'],
      completed: ['rollback'],
      halted: ['rollback'],
      rolling_back: [],
      rolled_back: [],
    });
    // The console's buttons and the API's 409s agree: every other command is refused.
    for (const phase of phases) {
      for (const given of ROLLOUT_COMMANDS) {
        const rollout = { ...started(), phase };
        const tried = () => command(rollout, given, 'ops', T0);
        if (listed[phase]!.includes(given)) expect(tried).not.toThrow();
        else expect(tried).toThrow(/cannot/);
      }
    }
  });
});
