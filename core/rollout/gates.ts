import type { MemberObservation, RolloutGates } from './types';

const UNHEALTHY_STATES: readonly string[] = ['Unhealthy', 'Failed'];

const rate = (seen: readonly MemberObservation[]) => {
  const calls = seen.reduce((sum, one) => sum + one.calls, 0);
  return calls === 0 ? undefined : seen.reduce((sum, one) => sum + one.errors, 0) / calls;
};

/**
 * The first gate the new version fails, as a reason; undefined when it passes them all. The error
 * rate is compared only when both versions had calls in the window: no traffic proves nothing.
 */
export function failedGate(
  gates: RolloutGates,
  upgraded: readonly MemberObservation[],
  old: readonly MemberObservation[],
): string | undefined {
  const unhealthy = upgraded.filter((one) => UNHEALTHY_STATES.includes(one.state)).length;
  if (unhealthy > gates.maxUnhealthy) {
    return `${unhealthy} installation(s) on the new version are unhealthy (at most ${gates.maxUnhealthy} allowed)`;
  }
  const deadLetters = upgraded.reduce((sum, one) => sum + one.deadLetters, 0);
  if (deadLetters > gates.maxDeadLetters) {
    return `${deadLetters} event(s) dead-lettered on the new version (at most ${gates.maxDeadLetters} allowed)`;
  }
  const [next, before] = [rate(upgraded), rate(old)];
  if (next !== undefined && before !== undefined && next > before + gates.errorRateMargin) {
    return `lane error rate ${pct(next)} on the new version exceeds ${pct(before)} on the old by more than ${pct(gates.errorRateMargin)}`;
  }
  return undefined;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
