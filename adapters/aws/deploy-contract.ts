/**
 * What a deployment and the code it runs agree on, defined once: the environment variables each
 * function is configured by (lib/ sets them, functions/shared/platform/config.ts reads them) and the
 * names of the resources the runtime creates, which lib/'s IAM grants are scoped to. lib/ spells
 * no variable name and no name pattern of its own; change one here and both sides follow.
 * Data only: no SDK, no CDK, so the constructs and every bundle can import it.
 */

/** Each function setting, by the environment variable that carries it. */
export const SETTING = {
  /** The registry table's name. */
  table: 'VIVIFIED_TABLE',
  /** The platform key (ARN): tables, queues, secrets, and envelopes of tenants without their own. */
  platformKey: 'VIVIFIED_KMS_KEY_ID',
  /** The KMS key plugin credentials are signed with. */
  credentialKey: 'VIVIFIED_SIGNING_KEY_ID',
  busName: 'VIVIFIED_BUS_NAME',
  busDeadLetters: 'VIVIFIED_BUS_DLQ_ARN',
  /** The role rules assume to deliver to external subscribers' buses, when any are allowed. */
  externalTargetRole: 'VIVIFIED_EXTERNAL_TARGET_ROLE_ARN',
  cluster: 'VIVIFIED_CLUSTER',
  serviceNamespaceId: 'VIVIFIED_SERVICE_NAMESPACE_ID',
  serviceNamespaceName: 'VIVIFIED_SERVICE_NAMESPACE_NAME',
  /** Comma-separated subnet ids plugin tasks run in. */
  pluginSubnets: 'VIVIFIED_SUBNETS',
  /** Comma-separated security group ids of plugin tasks. */
  pluginSecurityGroups: 'VIVIFIED_SECURITY_GROUPS',
  executionRole: 'VIVIFIED_EXECUTION_ROLE_ARN',
  taskRolePath: 'VIVIFIED_TASK_ROLE_PATH',
  taskRoleBoundary: 'VIVIFIED_TASK_ROLE_BOUNDARY',
  /** The function managing task roles, which the lifecycle functions invoke. */
  taskRoleFunction: 'VIVIFIED_TASK_ROLE_FUNCTION',
  pluginLogGroup: 'VIVIFIED_PLUGIN_LOG_GROUP',
  operatorKeySecret: 'VIVIFIED_OPERATOR_KEY_SECRET',
  /** The secret holding the private JWK console panel sessions are signed with (docs/panels.md). */
  panelKeySecret: 'VIVIFIED_PANEL_KEY_SECRET',
  /** The state machine that steps each rollout (docs/rollouts.md), started by the rollouts function. */
  rolloutStateMachine: 'VIVIFIED_ROLLOUT_STATE_MACHINE',
  /** The URL plugins reach the lanes at (the private plugin API, deployed). */
  apiUrl: 'VIVIFIED_API_URL',
  jwtIssuer: 'VIVIFIED_JWT_ISSUER',
  jwtAudience: 'VIVIFIED_JWT_AUDIENCE',
  /** Where to fetch user-token keys, for setups that verify tokens in the function. */
  jwksUrl: 'VIVIFIED_JWKS_URL',
  /** Comma-separated browser origins allowed to call the API (the console). */
  corsOrigins: 'VIVIFIED_CORS_ORIGINS',
  auditBucket: 'VIVIFIED_AUDIT_BUCKET',
  /** Consecutive failed health checks before Active becomes Unhealthy (default 3). */
  unhealthyAfter: 'VIVIFIED_UNHEALTHY_AFTER',
  /** The rate-limit table's name: the lanes' shared call counters (docs/rate-limits.md). */
  rateLimitTable: 'VIVIFIED_RATE_LIMIT_TABLE',
  /** The role the lanes assume per tenant (tagged with the tenant) to read and write its items. */
  tenantDataRole: 'VIVIFIED_TENANT_DATA_ROLE_ARN',
} as const;

export type Setting = keyof typeof SETTING;

/** Function settings as the environment variables a deployment sets. */
export const environmentOf = (settings: Partial<Record<Setting, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([setting, value]) => [SETTING[setting as Setting], value as string]),
  );

/** The names of what the runtime creates per installation, which IAM grants are scoped to. */
export const INSTALLATION_RESOURCES = {
  queueName: (installationId: string) => `vivified-${installationId}`,
  deadLetterQueueName: (installationId: string) => `vivified-${installationId}-dlq`,
  /** Matches both queues of every installation. */
  queuePattern: 'vivified-*',
  /** Prefix of the installation's subscription rules on the canonical bus. */
  rulePrefix: (installationId: string) => `vi-${installationId}-`,
  credentialSecretName: (installationId: string) => `vivified/installations/${installationId}/credential`,
  /** Matches every installation's credential secret (Secrets Manager appends 6 characters). */
  credentialSecretPattern: 'vivified/installations/*',
  /** IAM path of every per-installation task role. */
  taskRolePath: '/vivified/plugins/',
  /** Tags put on what is made for an installation. */
  tags: { tenant: 'vivified:tenant', plugin: 'vivified:plugin', installation: 'vivified:installation' },
  /** ECR repository name prefix plugin images must be pushed under, in the platform's account. */
  imageRepositoryPrefix: 'vivified-plugins/',
} as const;

/** Partition key prefix of a tenant's audit items in the registry (the lanes may write these only). */
export const AUDIT_PARTITION_PREFIX = 'AUDIT#';
/** Partition key prefix of a tenant's own items: the tenant, its installations, its subscribers. */
export const TENANT_PARTITION_PREFIX = 'TENANT#';
/**
 * Sort key of the item deploy writes in the partition of each tenant with a dedicated key, holding
 * the key's ARN (`keyArn`): the functions find a tenant's key there, not in their environment.
 */
export const TENANT_KEY_SORT_KEY = 'KEY';
/** Partition key prefix of the catalog's items (plugins and their versions), which no tenant owns. */
export const CATALOG_PARTITION_PREFIX = 'PLUGIN#';
/**
 * The session tag a tenant-scoped session carries: the tenant id, which the tenant data role's
 * policy matches against each item's partition key (`dynamodb:LeadingKeys`).
 */
export const TENANT_SESSION_TAG = 'TenantId';

/**
 * The rate-limit table's key and expiry attributes. Its partition keys start with the tenant id
 * and then `#` or `/` (core/lanes/rate-limits.ts `counterId`), which is what IAM scopes a tenant's
 * session to (`dynamodb:LeadingKeys`); tenant ids contain neither character.
 */
export const RATE_LIMIT_TABLE = { partitionKey: 'pk', timeToLive: 'expiresAt' } as const;
