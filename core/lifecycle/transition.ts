import { IllegalTransitionError } from '../errors';
import { refusalOf } from './refusal';
import type { InstallationState, LifecycleEvent } from './states';
import { TRANSITIONS } from './table';

export type TransitionResult =
  | { readonly ok: true; readonly state: InstallationState }
  | { readonly ok: false; readonly error: IllegalTransitionError };

// States and events arrive from stored records and requests, so lookups must not reach
// Object.prototype: `transition('Active', 'constructor')` is simply illegal.
const eventsFrom = (
  state: InstallationState,
): Readonly<Partial<Record<LifecycleEvent, InstallationState>>> =>
  Object.hasOwn(TRANSITIONS, state) ? TRANSITIONS[state] : {};

/** The events legal from `state`, in the table's order; none for an unknown state. */
export function legalEvents(state: InstallationState): readonly LifecycleEvent[] {
  return Object.keys(eventsFrom(state)) as LifecycleEvent[];
}

/** Where `event` takes an installation in `state`, or why it cannot (naming the legal events). */
export function transition(state: InstallationState, event: LifecycleEvent): TransitionResult {
  const events = eventsFrom(state);
  const next = Object.hasOwn(events, event) ? events[event] : undefined;
  if (next === undefined) {
    const legal = legalEvents(state);
    return {
      ok: false,
      error: new IllegalTransitionError(state, event, legal, refusalOf(state, event, legal)),
    };
  }
  return { ok: true, state: next };
}

/** As `transition`, for callers that answer an illegal transition with a 409: throws IllegalTransitionError. */
export function assertTransition(state: InstallationState, event: LifecycleEvent): InstallationState {
  const result = transition(state, event);
  if (!result.ok) throw result.error;
  return result.state;
}
