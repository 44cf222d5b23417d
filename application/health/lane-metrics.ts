import { ValidationError } from '../../core/errors';
import type { InstallationMetrics } from '../../core/metrics/lane-series';
import { isMetricsWindow, METRICS_WINDOWS } from '../../core/metrics/windows';
import type { LaneMetricsReader } from '../../core/ports';
import { type AccessDeps, admit, type InstallationAsk, load } from '../lifecycle/access';
import { deadLetterQueues } from '../lifecycle/dead-letters';

/**
 * An installation's lane metrics over the last hour or day. Decided and audited like its health
 * (whoever may monitor it may see them); the window is checked after the decision, so a caller
 * who may not read learns nothing from the error.
 */
export async function installationMetrics(
  deps: AccessDeps & { readonly metricsReader: LaneMetricsReader; readonly now: () => Date },
  ask: InstallationAsk & { readonly pluginId: string; readonly window: string | undefined },
): Promise<InstallationMetrics> {
  await admit(deps, 'installation.metrics', ask);
  const window = ask.window ?? 'hour';
  if (!isMetricsWindow(window)) {
    throw new ValidationError('The metrics query is invalid.', [
      { pointer: '/window', message: `must be one of ${Object.keys(METRICS_WINDOWS).join(', ')}` },
    ]);
  }
  const { installation } = await load(deps, ask.tenantId, ask.pluginId);
  const queues = deadLetterQueues(installation);
  return deps.metricsReader.query(
    {
      tenantId: installation.tenantId,
      installationId: installation.installationId,
      window,
      ...(queues ? { queues } : {}),
    },
    deps.now(),
  );
}
