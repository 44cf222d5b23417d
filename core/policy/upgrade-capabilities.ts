import type { PluginManifest } from '../manifest/types';
import { pluginMatrix } from './matrix';
import { diffMatrices, type MatrixDiff } from './matrix-diff';
import type { PluginPrincipal } from './principal';
import type { OperatorTarget } from './resources';

/**
 * What an installation could do at `next` that it cannot at its current version, and what it
 * would no longer do: the two versions' matrices in the tenant as it is, diffed. Shown beside the
 * manifest permission diff (core/manifest/diff.ts) at upgrade consent: that one compares what the
 * manifests ask for, this one what `decide` would then allow, with the tenant's other
 * installations. Both are judged as running (`Active`), which is what consent is for.
 */
export function upgradeCapabilities(
  current: PluginPrincipal,
  next: PluginManifest,
  others: readonly OperatorTarget[],
): MatrixDiff {
  return diffMatrices(
    pluginMatrix(current, others, 'Active'),
    pluginMatrix({ ...current, manifest: next }, others, 'Active'),
  );
}
