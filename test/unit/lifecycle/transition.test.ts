import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../core/errors';
import {
  assertTransition,
  FAILURE_EVENT_OF,
  INSTALLATION_STATES,
  type InstallationState,
  isFailureEvent,
  isTransitional,
  LIFECYCLE_EVENTS,
  type LifecycleEvent,
  legalEvents,
  TRANSITIONS,
  transition,
} from '../../../core/lifecycle';

// The expected lifecycle, written out independently of the implementation's table.
const EXPECTED: ReadonlyArray<readonly [InstallationState, LifecycleEvent, InstallationState]> = [
  ['Unregistered', 'install', 'Registered'],
  ['Registered', 'enable', 'Provisioning'],
  ['Registered', 'upgrade', 'Registered'],
  ['Registered', 'uninstall', 'Uninstalling'],
  ['Provisioning', 'provisioned', 'Active'],
  ['Provisioning', 'provision_failed', 'Registered'],
  ['Active', 'disable', 'Deprovisioning'],
  ['Active', 'health_failed', 'Unhealthy'],
  ['Active', 'health_restored', 'Active'],
  ['Unhealthy', 'disable', 'Deprovisioning'],
  ['Unhealthy', 'health_failed', 'Unhealthy'],
  ['Unhealthy', 'health_restored', 'Active'],
  ['Deprovisioning', 'deprovisioned', 'Disabled'],
  ['Deprovisioning', 'deprovision_failed', 'Failed'],
  ['Disabled', 'enable', 'Provisioning'],
  ['Disabled', 'upgrade', 'Disabled'],
  ['Disabled', 'uninstall', 'Uninstalling'],
  ['Uninstalling', 'uninstalled', 'Unregistered'],
  ['Uninstalling', 'uninstall_failed', 'Failed'],
  ['Failed', 'retry', 'Deprovisioning'],
  ['Failed', 'enable', 'Provisioning'],
  ['Failed', 'uninstall', 'Uninstalling'],
];

const expectedNext = (state: InstallationState, event: LifecycleEvent) =>
  EXPECTED.find(([from, on]) => from === state && on === event)?.[2];
const expectedLegal = (state: InstallationState) =>
  EXPECTED.filter(([from]) => from === state).map(([, event]) => event);

const ALL_PAIRS = INSTALLATION_STATES.flatMap((state) =>
  LIFECYCLE_EVENTS.map((event) => [state, event] as const),
);
const LEGAL_PAIRS = ALL_PAIRS.filter(([state, event]) => expectedNext(state, event) !== undefined);
const ILLEGAL_PAIRS = ALL_PAIRS.filter(([state, event]) => expectedNext(state, event) === undefined);

describe('installation lifecycle: every (state, event) pair', () => {
  it('covers the whole table (states x events)', () => {
    expect(ALL_PAIRS).toHaveLength(INSTALLATION_STATES.length * LIFECYCLE_EVENTS.length);
    expect(LEGAL_PAIRS).toHaveLength(EXPECTED.length);
  });

  it.each(LEGAL_PAIRS)('%s --%s--> the expected state', (state, event) => {
    const result = transition(state, event);

    expect(result).toEqual({ ok: true, state: expectedNext(state, event) });
    expect(assertTransition(state, event)).toBe(expectedNext(state, event));
  });

  it.each(ILLEGAL_PAIRS)('%s --%s--> is refused, carrying the legal events', (state, event) => {
    const result = transition(state, event);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(IllegalTransitionError);
    expect(result.error.status).toBe(409);
    expect(result.error.code).toBe('illegal_transition');
    expect(result.error.from).toBe(state);
    expect(result.error.event).toBe(event);
    expect([...result.error.legalEvents].sort()).toEqual(expectedLegal(state).sort());
    // The message names what a person may ask for (refusal.test.ts), not the table's internal steps.
    expect(result.error.message).toMatch(/^(The plugin is|Cannot )/);
    expect(() => assertTransition(state, event)).toThrow(result.error.message);
  });

  it.each(INSTALLATION_STATES)('legalEvents(%s) lists exactly the legal events', (state) => {
    expect([...legalEvents(state)].sort()).toEqual(expectedLegal(state).sort());
  });
});

describe('installation lifecycle: no limbo', () => {
  const reachableFrom = (start: InstallationState) => {
    const seen = new Set<InstallationState>([start]);
    const queue = [start];
    for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
      for (const event of legalEvents(state)) {
        const next = assertTransition(state, event);
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };

  it('reaches every state from Unregistered', () => {
    expect([...reachableFrom('Unregistered')].sort()).toEqual([...INSTALLATION_STATES].sort());
  });

  it.each(INSTALLATION_STATES)('can always be uninstalled from %s', (state) => {
    expect(reachableFrom(state).has('Unregistered')).toBe(true);
  });

  it.each(INSTALLATION_STATES.filter(isTransitional))(
    '%s has a failure exit to a state that is not transitional',
    (state) => {
      const failure = FAILURE_EVENT_OF[state];
      const landing = assertTransition(state, failure);

      expect(isFailureEvent(failure)).toBe(true);
      expect(isTransitional(landing)).toBe(false);
    },
  );

  it('has a failure exit only from transitional states', () => {
    for (const [state, event] of LEGAL_PAIRS) {
      if (isFailureEvent(event)) expect(isTransitional(state)).toBe(true);
    }
    expect(isFailureEvent('provisioned')).toBe(false);
  });

  it('returns a failed enable to Registered and a failed teardown to Failed', () => {
    expect(assertTransition('Provisioning', 'provision_failed')).toBe('Registered');
    expect(assertTransition('Deprovisioning', 'deprovision_failed')).toBe('Failed');
    expect(assertTransition('Uninstalling', 'uninstall_failed')).toBe('Failed');
  });

  it('refuses uninstalling a running plugin, naming disable', () => {
    expect(() => assertTransition('Active', 'uninstall')).toThrow(/from Active it can: disable\./);
  });
});

describe('installation lifecycle: untrusted input', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'treats %s as an illegal event',
    (name) => {
      const result = transition('Active', name as LifecycleEvent);

      expect(result.ok).toBe(false);
    },
  );

  it('treats an unknown state as having no legal events', () => {
    const result = transition('Paused' as InstallationState, 'enable');

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('no request is possible from it');
    expect(legalEvents('toString' as InstallationState)).toEqual([]);
  });

  it('keeps the table as plain data, one row per state', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...INSTALLATION_STATES].sort());
  });
});
