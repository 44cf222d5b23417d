import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../core/errors';
import { assertTransition, legalEvents } from '../../../core/lifecycle';

const refusal = (
  state: Parameters<typeof assertTransition>[0],
  event: Parameters<typeof assertTransition>[1],
) => {
  try {
    assertTransition(state, event);
  } catch (error) {
    if (error instanceof IllegalTransitionError) return error;
  }
  throw new Error(`${event} from ${state} was not refused`);
};

describe('an illegal lifecycle request, in the words of the person who asked', () => {
  it.each(['Active', 'Unhealthy'] as const)('says a %s plugin is already enabled', (state) => {
    const error = refusal(state, 'enable');

    expect(error.message).toBe(`The plugin is already enabled (${state}).`);
    // Machines still get the whole table's answer.
    expect(error.legalEvents).toEqual(legalEvents(state));
  });

  it('says a disabled plugin is already disabled', () => {
    expect(refusal('Disabled', 'disable').message).toBe('The plugin is already disabled.');
  });

  it.each([
    ['Provisioning', 'being enabled'],
    ['Deprovisioning', 'being disabled'],
    ['Uninstalling', 'being uninstalled'],
  ] as const)('asks to wait while a plugin is %s', (state, underWay) => {
    expect(refusal(state, 'upgrade').message).toBe(
      `The plugin is ${underWay} (${state}); wait for that to finish, then try again.`,
    );
  });

  it('names only the requests a person can make, never the platform’s own steps', () => {
    const message = refusal('Active', 'uninstall').message;

    expect(message).toBe('Cannot uninstall an installation that is Active; from Active it can: disable.');
    expect(message).not.toMatch(/health_failed|health_restored/);
  });
});
