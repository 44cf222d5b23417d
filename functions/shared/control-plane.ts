import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createRemoteJWKSet } from 'jose';
import { type AuditLog, auditLog } from '../../adapters/aws/audit-log';
import { ecsRuntime } from '../../adapters/aws/ecs-runtime';
import { type Envelope, kmsEnvelope } from '../../adapters/aws/envelope';
import { type ExternalTargets, externalTargets } from '../../adapters/aws/external-targets';
import { type PluginCredentials, pluginCredentials } from '../../adapters/aws/plugin-credentials';
import { type CatalogStore, catalogStore } from '../../adapters/aws/registry/catalog';
import { type InstallationStore, installationStore } from '../../adapters/aws/registry/installations';
import { type SubscriberStore, subscriberStore } from '../../adapters/aws/registry/subscribers';
import { type TenantStore, tenantStore } from '../../adapters/aws/registry/tenants';
import { eventBridgeSubscriptions } from '../../adapters/aws/subscriptions';
import { taskRoles } from '../../adapters/aws/task-roles';
import {
  gatewayVerifiedUser,
  userTokenVerifier,
  type VerifiedUser,
} from '../../adapters/identity/user-tokens';
import type { PlatformEvents, PluginRuntime, SubscriptionWiring } from '../../core/installation/ports';

export type { PlatformEvents };

/** Everything the control-plane handlers need, built once per process from configuration. */
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

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Configuration ${name} is not set.`);
  return value;
};
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Observability shared by the handlers: JSON logs with correlation ids and EMF metrics. */
export function observability(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'Vivified', serviceName }),
  };
}

/** The control plane as deployed: every adapter configured from the function's environment. */
export function controlPlaneFromEnvironment(serviceName: string, events: PlatformEvents): ControlPlane {
  const tableName = required('VIVIFIED_TABLE');
  return {
    tenants: tenantStore(tableName),
    catalog: catalogStore(tableName),
    installations: installationStore(tableName),
    audit: auditLog({ tableName, bucketName: required('VIVIFIED_AUDIT_BUCKET') }),
    envelope: kmsEnvelope({ keyId: required('VIVIFIED_KMS_KEY_ID') }),
    runtime: ecsRuntime({
      cluster: required('VIVIFIED_CLUSTER'),
      subnets: list(process.env.VIVIFIED_SUBNETS),
      securityGroups: list(process.env.VIVIFIED_SECURITY_GROUPS),
      executionRoleArn: process.env.VIVIFIED_EXECUTION_ROLE_ARN,
      taskRoles: process.env.VIVIFIED_TASK_ROLE_BOUNDARY
        ? taskRoles({
            path: process.env.VIVIFIED_TASK_ROLE_PATH ?? '/vivified/plugins/',
            permissionsBoundaryArn: process.env.VIVIFIED_TASK_ROLE_BOUNDARY,
            queueKeyArn: process.env.VIVIFIED_KMS_KEY_ID,
          })
        : undefined,
      logGroup: process.env.VIVIFIED_PLUGIN_LOG_GROUP,
      credentialKmsKeyId: required('VIVIFIED_KMS_KEY_ID'),
    }),
    subscriptions: eventBridgeSubscriptions({
      busName: required('VIVIFIED_BUS_NAME'),
      kmsKeyId: required('VIVIFIED_KMS_KEY_ID'),
    }),
    events,
    subscribers: subscriberStore(tableName),
    externalTargets: externalTargets({
      busName: required('VIVIFIED_BUS_NAME'),
      targetRoleArn: process.env.VIVIFIED_EXTERNAL_TARGET_ROLE_ARN,
      deadLetterArn: process.env.VIVIFIED_BUS_DLQ_ARN,
    }),
    credentials: pluginCredentials({ keyId: required('VIVIFIED_SIGNING_KEY_ID') }),
    // Deployed, API Gateway's Cognito authorizer verifies the token; the functions, in isolated
    // subnets, read what it verified. With a JWKS URL set (a setup with a route to it), they
    // verify the token themselves instead.
    authenticate: process.env.VIVIFIED_JWKS_URL
      ? userTokenVerifier({
          issuer: required('VIVIFIED_JWT_ISSUER'),
          audience: required('VIVIFIED_JWT_AUDIENCE'),
          keys: createRemoteJWKSet(new URL(process.env.VIVIFIED_JWKS_URL)),
        })
      : gatewayVerifiedUser({
          issuer: required('VIVIFIED_JWT_ISSUER'),
          audience: required('VIVIFIED_JWT_AUDIENCE'),
        }),
    ...observability(serviceName),
    settings: {
      apiUrl: required('VIVIFIED_API_URL'),
      unhealthyAfter: Number(process.env.VIVIFIED_UNHEALTHY_AFTER ?? 3),
      corsOrigins: list(process.env.VIVIFIED_CORS_ORIGINS),
    },
    now: () => new Date(),
  };
}
