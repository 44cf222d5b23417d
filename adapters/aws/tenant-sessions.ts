import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { PLATFORM_TENANT_ID } from '../../core/tenancy';
import { dynamoDb, served } from './clients';
import { TENANT_SESSION_TAG } from './deploy-contract';
import { type DocumentsFor, documents, MARSHALLING } from './registry/document-client';

const sts = /* @__PURE__ */ served('STS', () => new STSClient({}));

export interface TenantSessionOptions {
  /** The tenant data role: its policy admits only items whose partition names the session's tenant. */
  readonly roleArn: string;
  /** Tenants whose sessions one container keeps (least recently used dropped first). @default 256 */
  readonly maxTenants?: number;
  /**
   * Session length. A Lambda function's credentials are already a role session, so this is role
   * chaining, which AWS caps at one hour. @default 3600
   */
  readonly durationSeconds?: number;
  /** Injected in tests; deployed, the module's STS client. */
  readonly sts?: Pick<STSClient, 'send'>;
}

/**
 * Tenant-scoped sessions for functions that serve every tenant (the lanes): a request's registry
 * reads and writes go through a session of the tenant data role assumed with the request's tenant
 * as a session tag, whose policy lets DynamoDB admit only items whose partition key names that
 * tenant (`dynamodb:LeadingKeys` against `aws:PrincipalTag/TenantId`). A bug that asks for another
 * tenant's installation is then refused by IAM, not only by the code's own checks.
 *
 * Sessions are assumed once per tenant per container and reused: the SDK refreshes a session's
 * credentials five minutes before they expire. The clients share the function's connection pool,
 * so a tenant's first request costs one STS call and no new TLS connection to DynamoDB. The
 * platform's own chain (decisions about callers not yet identified) stays on the function's role.
 */
export function tenantScopedDocuments(options: TenantSessionOptions): DocumentsFor {
  const maxTenants = options.maxTenants ?? 256;
  const client = options.sts ?? sts;
  const sessions = new Map<string, DynamoDBDocumentClient>();

  const credentialsOf =
    (tenantId: string): AwsCredentialIdentityProvider =>
    async (): Promise<AwsCredentialIdentity> => {
      const { Credentials } = await client.send(
        new AssumeRoleCommand({
          RoleArn: options.roleArn,
          // Shown in CloudTrail beside every call the session makes; tenant ids fit its alphabet.
          RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
          DurationSeconds: options.durationSeconds ?? 3600,
          Tags: [{ Key: TENANT_SESSION_TAG, Value: tenantId }],
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
        throw new Error(`STS gave no credentials for tenant ${tenantId}'s session.`);
      }
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        expiration: Credentials.Expiration,
      };
    };

  return (tenantId) => {
    if (tenantId === PLATFORM_TENANT_ID) return documents;
    const known = sessions.get(tenantId);
    if (known) {
      // Least recently used last out: touching moves the tenant to the end of the map's order.
      sessions.delete(tenantId);
      sessions.set(tenantId, known);
      return known;
    }
    const session = DynamoDBDocumentClient.from(
      served(
        'DynamoDB',
        () =>
          new DynamoDBClient({
            credentials: credentialsOf(tenantId),
            requestHandler: dynamoDb.config.requestHandler,
          }),
      ),
      MARSHALLING,
    );
    sessions.set(tenantId, session);
    if (sessions.size > maxTenants) sessions.delete(sessions.keys().next().value!);
    return session;
  };
}
