import type { Decision } from './decision';
import type { PolicyMatrix } from './matrix-types';

/*
 * What one matrix allows that another does not, in words a tenant administrator consents to: the
 * upgrade consent's "what the new version may do that the old could not", judged on the
 * decisions themselves rather than on the manifests' lists, so a permission that the lists keep
 * but whose decision changed (a call now cleared, a field no longer redacted) shows too.
 */

export interface MatrixDiff {
  /** Allowed by the new matrix and not by the old, sorted. */
  readonly added: readonly string[];
  /** Allowed by the old matrix and no longer, sorted. */
  readonly removed: readonly string[];
}

const allowed = (decision: Decision | undefined) => decision?.effect === 'allow';

const redacting = (decision: Decision) => {
  const fields = decision.obligations.redactFields ?? [];
  return fields.length > 0 ? ` without ${fields.join(', ')}` : ' in full';
};

/** Every allowed entry of a matrix as one sentence; equal capabilities give equal sentences. */
export function capabilities(matrix: PolicyMatrix): string[] {
  if (matrix.kind === 'role') {
    return matrix.actions.filter((entry) => allowed(entry.decision)).map((entry) => entry.action);
  }
  return [
    ...matrix.publishes.filter((e) => allowed(e.decision)).map((e) => `publish ${e.eventType}`),
    ...matrix.receives
      .filter((e) => allowed(e.decision))
      .map((e) => `receive ${e.eventType}${redacting(e.decision)}`),
    ...matrix.calls.filter((e) => allowed(e.decision)).map((e) => `call ${e.pluginId}.${e.operation}`),
    ...matrix.calledWith
      .filter((e) => allowed(e.decision))
      .map((e) => `be called by ${e.pluginId} with ${e.operation}`),
    ...matrix.egress.filter((e) => allowed(e.decision)).map((e) => `reach ${e.host}`),
    ...matrix.egress.flatMap((e) =>
      allowed(e.decision) ? e.secrets.map((secret) => `send secret ${secret} to ${e.host}`) : [],
    ),
    ...matrix.config.map((e) => `read setting ${e.setting}${e.secret ? ' (by name only)' : ''}`),
  ];
}

/** What `next` allows beyond `old`, and what it no longer allows. */
export function diffMatrices(old: PolicyMatrix, next: PolicyMatrix): MatrixDiff {
  const before = new Set(capabilities(old));
  const after = new Set(capabilities(next));
  return {
    added: [...after].filter((entry) => !before.has(entry)).sort(),
    removed: [...before].filter((entry) => !after.has(entry)).sort(),
  };
}
