import { describe, expect, it } from 'vitest';
import { healthVerdict } from '../../../core/installation/health-verdict';

describe('the health verdict', () => {
  it('calls an Active installation with nothing waiting and no failed check healthy', () => {
    expect(healthVerdict('Active', 0, 0)).toEqual({ status: 'healthy', reasons: [] });
  });

  it('calls an idle Active installation scaled to zero asleep, not unhealthy or not running', () => {
    expect(healthVerdict('Active', 0, 0, '2026-12-04T04:00:00.000Z')).toEqual({
      status: 'asleep',
      reasons: ['asleep since 2026-12-04T04:00:00.000Z'],
    });
    // Dead letters still need a person, asleep or not.
    expect(healthVerdict('Active', 0, 2, '2026-12-04T04:00:00.000Z').status).toBe('degraded');
  });

  it('counts dead letters against an Active installation, saying what to do', () => {
    expect(healthVerdict('Active', 0, 3)).toEqual({
      status: 'degraded',
      reasons: ['3 event(s) in the dead-letter queue: fix the cause, then redeliver them'],
    });
  });

  it('calls failing checks degraded before the lifecycle calls them Unhealthy', () => {
    expect(healthVerdict('Active', 2, 0)).toEqual({
      status: 'degraded',
      reasons: ['2 failed health check(s) in a row'],
    });
  });

  it.each(['Unhealthy', 'Failed'] as const)('calls %s unhealthy, with its reasons', (state) => {
    expect(healthVerdict(state, 3, 1)).toEqual({
      status: 'unhealthy',
      reasons: [
        '1 event(s) in the dead-letter queue: fix the cause, then redeliver them',
        '3 failed health check(s) in a row',
      ],
    });
  });

  it.each(['Registered', 'Disabled', 'Provisioning'] as const)('calls %s not running', (state) => {
    expect(healthVerdict(state, 0, 2).status).toBe('not_running');
  });
});
