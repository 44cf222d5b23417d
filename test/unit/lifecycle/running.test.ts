import { describe, expect, it } from 'vitest';
import { INSTALLATION_STATES, isRunning, RUNNING_STATES, TRANSITIONS } from '../../../core/lifecycle';

describe('isRunning', () => {
  it('holds for Active and Unhealthy only', () => {
    // Prepare / Act
    const running = INSTALLATION_STATES.filter(isRunning);

    // Assess
    expect(running).toEqual(['Active', 'Unhealthy']);
    expect([...RUNNING_STATES]).toEqual(['Active', 'Unhealthy']);
  });

  it('is refused for every state without a serving runtime', () => {
    for (const state of [
      'Unregistered',
      'Registered',
      'Provisioning',
      'Deprovisioning',
      'Disabled',
      'Uninstalling',
      'Failed',
    ] as const) {
      expect(isRunning(state)).toBe(false);
    }
  });

  it('names exactly the states that health checks move between', () => {
    // health_failed and health_restored are legal only from a running state.
    const checked = INSTALLATION_STATES.filter((state) => 'health_failed' in TRANSITIONS[state]);

    expect(checked).toEqual([...RUNNING_STATES]);
  });
});
