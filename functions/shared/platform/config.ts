import type { JWTVerifyGetKey } from 'jose';
import type { AwsClients } from '../../../adapters/aws/clients';
import { SETTING, type Setting } from '../../../adapters/aws/deploy-contract';

/**
 * What the platform is built from (./compose.ts): the deploy contract's settings
 * (adapters/aws/deploy-contract.ts) as typed values, plus what only an in-process setup has (a
 * development token issuer's keys, a local plugin runtime's log folder, SDK clients of its own).
 * Deployed it comes from the function's environment (`configFromEnvironment`); `vivified dev`,
 * the test platform and the benchmarks write it out. Each port factory declares the part it reads
 * (a `Pick` of this), so a caller writes out only what its factories need.
 */
export interface PlatformConfig {
  /** Names the logs and metrics. */
  readonly serviceName: string;
  readonly table: string;
  /** The platform key (ARN): queues, secrets, and envelopes of tenants without their own. */
  readonly platformKey: string;
  /** The KMS key plugin credentials are signed with. */
  readonly credentialKey: string;
  readonly busName: string;
  /**
   * The role the plugin lanes assume per tenant to reach that tenant's registry items (a session
   * tagged with the tenant); without it, their own role. See ./aws/tenant-scoped.ts.
   */
  readonly tenantDataRole?: string;
  readonly busDeadLetters?: string;
  readonly externalTargetRole?: string;
  readonly cluster: string;
  readonly pluginSubnets: readonly string[];
  readonly pluginSecurityGroups: readonly string[];
  readonly executionRole?: string;
  readonly pluginLogGroup?: string;
  /** The function managing task roles; without it plugin tasks run with no task role. */
  readonly taskRoleFunction?: string;
  readonly taskRolePath: string;
  readonly taskRoleBoundary: string;
  /** With it, every installation gets a Cloud Map service in this namespace. */
  readonly serviceNamespaceId?: string;
  readonly serviceNamespaceName?: string;
  /**
   * Every installation answers at this URL (`{installationId}` substituted) instead of its Cloud
   * Map name: tests whose plugins are local servers. Never deployed.
   */
  readonly endpointPattern?: string;
  readonly operatorKeySecret: string;
  /** The private JWK panel sessions are signed and verified with: the functions that open and serve panels. */
  readonly panelKeySecret: string;
  /** The ARN of the state machine that steps rollouts (deployed; the local runner polls instead). */
  readonly rolloutStateMachine: string;
  /** The table the lanes' rate-limit counters are kept in. */
  readonly rateLimitTable: string;
  readonly apiUrl: string;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwksUrl?: string;
  /** Keys user tokens are verified with in process (a development issuer's). Never deployed. */
  readonly userTokenKeys?: JWTVerifyGetKey;
  /** The people a development issuer signs for, to name them in the audit trail. Never deployed. */
  readonly devUsers?: readonly { readonly subject: string; readonly name: string }[];
  readonly corsOrigins: readonly string[];
  readonly auditBucket: string;
  readonly unhealthyAfter: number;
  /**
   * How many times SQS hands an installation's queue an event before moving it to the dead-letter
   * queue (its redrive policy's `maxReceiveCount`; SQS allows 1 to 1,000). Set when a queue is
   * made. @default 5
   */
  readonly maxReceiveCount?: number;
  /** Plugins as local processes (`vivified dev`): where their output goes, what they inherit. */
  readonly localPlugins?: {
    readonly logDirectory: string;
    readonly inheritEnvironment: readonly string[];
    /** The directory plugin processes start in. @default the current directory */
    readonly directory?: string;
  };
  /**
   * SDK clients to use instead of the module-scope ones (adapters/aws/clients.ts), which every
   * adapter defaults to: a test's own endpoint, region or middleware.
   */
  readonly clients?: Partial<AwsClients>;
}

/** Comma-separated values, blanks dropped. */
export const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A setting from the function's environment, under the name the deploy contract gives it. */
const setting = (name: Setting): string | undefined => process.env[SETTING[name]] || undefined;

/** A setting the function cannot run without: reading a missing one fails, naming it. */
const requiredSetting = (name: Setting): string => {
  const value = setting(name);
  if (!value) throw new Error(`Configuration ${SETTING[name]} is not set.`);
  return value;
};

/**
 * The configuration of a deployed function, from its environment. Each value is read when a port
 * factory asks for it, so a function needs only the variables of the ports it builds, and one it
 * lacks stops it at start-up (where the handler composes its platform), naming the variable.
 * Reads nothing but the deploy contract: no adapter comes with it into a bundle.
 */
export function configFromEnvironment(serviceName: string): PlatformConfig {
  return {
    serviceName,
    get table() {
      return requiredSetting('table');
    },
    get platformKey() {
      return requiredSetting('platformKey');
    },
    get credentialKey() {
      return requiredSetting('credentialKey');
    },
    get busName() {
      return requiredSetting('busName');
    },
    get tenantDataRole() {
      return setting('tenantDataRole');
    },
    get busDeadLetters() {
      return setting('busDeadLetters');
    },
    get externalTargetRole() {
      return setting('externalTargetRole');
    },
    get cluster() {
      return requiredSetting('cluster');
    },
    get pluginSubnets() {
      return list(setting('pluginSubnets'));
    },
    get pluginSecurityGroups() {
      return list(setting('pluginSecurityGroups'));
    },
    get executionRole() {
      return setting('executionRole');
    },
    get pluginLogGroup() {
      return setting('pluginLogGroup');
    },
    get taskRoleFunction() {
      return setting('taskRoleFunction');
    },
    get taskRolePath() {
      return requiredSetting('taskRolePath');
    },
    get taskRoleBoundary() {
      return requiredSetting('taskRoleBoundary');
    },
    get serviceNamespaceId() {
      return setting('serviceNamespaceId');
    },
    get serviceNamespaceName() {
      return requiredSetting('serviceNamespaceName');
    },
    get operatorKeySecret() {
      return requiredSetting('operatorKeySecret');
    },
    get panelKeySecret() {
      return requiredSetting('panelKeySecret');
    },
    get rolloutStateMachine() {
      return requiredSetting('rolloutStateMachine');
    },
    get rateLimitTable() {
      return requiredSetting('rateLimitTable');
    },
    get apiUrl() {
      return requiredSetting('apiUrl');
    },
    get jwtIssuer() {
      return requiredSetting('jwtIssuer');
    },
    get jwtAudience() {
      return requiredSetting('jwtAudience');
    },
    get jwksUrl() {
      return setting('jwksUrl');
    },
    get corsOrigins() {
      return list(setting('corsOrigins'));
    },
    get auditBucket() {
      return requiredSetting('auditBucket');
    },
    get unhealthyAfter() {
      return Number(setting('unhealthyAfter') ?? 3);
    },
  };
}
