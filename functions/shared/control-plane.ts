import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { AuditLog } from '../../adapters/aws/audit-log';
import type { Envelope } from '../../adapters/aws/envelope';
import type { ExternalTargets } from '../../adapters/aws/external-targets';
import type { PluginCredentials } from '../../adapters/aws/plugin-credentials';
import type { CatalogStore } from '../../adapters/aws/registry/catalog';
import type { InstallationStore } from '../../adapters/aws/registry/installations';
import type { SubscriberStore } from '../../adapters/aws/registry/subscribers';
import type { TenantStore } from '../../adapters/aws/registry/tenants';
import type { VerifiedUser } from '../../adapters/identity/user-tokens';
import type { PlatformEvents, PluginRuntime, SubscriptionWiring } from '../../core/installation/ports';

export type { PlatformEvents };

/**
 * Every port the control-plane handlers use. Each handler is given only the part it needs (a
 * `Pick` of this), built from its environment by ./environment, so its bundle holds only those
 * adapters; the local platform and the tests build the whole of it.
 */
export interface ControlPlane {
  readonly tenants: TenantStore;
  readonly catalog: CatalogStore;
  readonly installations: InstallationStore;
  readonly audit: AuditLog;
  readonly envelope: Envelope;
  readonly runtime: PluginRuntime;
  readonly subscriptions: SubscriptionWiring;
  readonly events: PlatformEvents;
  /** A tenant's external event subscribers, and the rules that feed them. */
  readonly subscribers: SubscriberStore;
  readonly externalTargets: ExternalTargets;
  /** Issues each installation's credential at enable (and on refresh). */
  readonly credentials: Pick<PluginCredentials, 'issue' | 'verify'>;
  readonly authenticate: (
    authorization: string | undefined,
    verifiedClaims?: Readonly<Record<string, unknown>>,
  ) => Promise<VerifiedUser>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly settings: {
    /** The URL plugins use to reach the lanes (VIVIFIED_API_URL in their environment). */
    readonly apiUrl: string;
    /** Consecutive failed health checks before Active becomes Unhealthy. */
    readonly unhealthyAfter: number;
    readonly corsOrigins: readonly string[];
  };
  readonly now: () => Date;
}

/** Observability shared by the handlers: JSON logs with correlation ids and EMF metrics. */
export function observability(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'Vivified', serviceName }),
  };
}
