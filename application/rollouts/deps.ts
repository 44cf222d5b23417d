import type { AuditLog, LaneMetricsReader, RolloutStore, TenantStore } from '../../core/ports';
import type { AccessDeps } from '../lifecycle/access';
import type { ProvisioningDeps } from '../lifecycle/provisioning';

/** What rollouts use: the lifecycle's own ports (they upgrade through it), their store and what they observe. */
export type RolloutDeps = AccessDeps &
  ProvisioningDeps & {
    readonly rollouts: RolloutStore;
    /** Flushed after each step, so the archive has it as a request's records would be. */
    readonly audit: Pick<AuditLog, 'append' | 'flush'>;
    /** To find a percentage rollout's tenants. */
    readonly tenants: Pick<TenantStore, 'list'>;
    /** The gates' error rates; without it the error-rate gate has nothing to compare. */
    readonly metricsReader?: LaneMetricsReader;
  };
