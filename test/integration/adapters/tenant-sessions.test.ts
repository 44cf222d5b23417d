import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { type AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../../adapters/aws/audit-log';
import { dynamoDb } from '../../../adapters/aws/clients';
import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { documents } from '../../../adapters/aws/registry/document-client';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { subscriberStore } from '../../../adapters/aws/registry/subscribers';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { tenantStore } from '../../../adapters/aws/registry/tenants';
import { tenantScopedDocuments } from '../../../adapters/aws/tenant-sessions';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { auditLogContract, entryOf } from '../../contract/audit-log.contract';
import { installationOf, type RegistryStores, uniquePlugin } from '../../contract/fixtures';
import { installationStoreContract } from '../../contract/installations.contract';
import { subscriberStoreContract } from '../../contract/subscribers.contract';
import { uniqueName } from '../../support/unique';
import { dynamoAuditLogUnderTest } from '../contract/dynamo-audit-log';

const ROLE = 'arn:aws:iam::000000000000:role/vivified-tenant-data';

/** LocalStack's STS, every AssumeRole it is asked for kept in order. */
function recordingSts() {
  const client = new STSClient({});
  const assumed: AssumeRoleCommandInput[] = [];
  return {
    assumed,
    send: ((command: AssumeRoleCommand) => {
      assumed.push(command.input);
      return client.send(command);
    }) as STSClient['send'],
  };
}

async function table() {
  const name = uniqueName('registry');
  await dynamoDb.send(new CreateTableCommand(registryTableDefinition(name)));
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: name });
  return name;
}

// The stores keep their contracts when a tenant's items go through its session.
async function sessionRegistry(): Promise<RegistryStores> {
  const name = await table();
  const sessions = tenantScopedDocuments({ roleArn: ROLE, sts: recordingSts() });
  return {
    tenants: tenantStore(name),
    catalog: catalogStore(name),
    installations: installationStore(name, sessions),
    subscribers: subscriberStore(name, sessions),
  };
}
installationStoreContract('DynamoDB through tenant sessions', sessionRegistry);
subscriberStoreContract('DynamoDB through tenant sessions', sessionRegistry);
auditLogContract('DynamoDB through tenant sessions', async () => {
  const tableName = await table();
  const sessions = tenantScopedDocuments({ roleArn: ROLE, sts: recordingSts() });
  return dynamoAuditLogUnderTest(tableName, sessions);
});

describe('tenant-scoped sessions', () => {
  it('assume the tenant data role once per tenant, tagged with the tenant, and reuse the session', async () => {
    const name = await table();
    const sts = recordingSts();
    const sessions = tenantScopedDocuments({ roleArn: ROLE, sts });
    const installations = installationStore(name, sessions);
    const [clinic, lab] = [uniqueName('clinic'), uniqueName('lab')];
    const manifest = uniquePlugin();
    await catalogStore(name).register(manifest, 'test', new Date().toISOString());
    // Created under the function's own role (it counts on the catalog entry), read through the session.
    await installationStore(name).create(installationOf(clinic, manifest));

    expect((await installations.get(clinic, manifest.id))?.tenantId).toBe(clinic);
    expect(await installations.get(clinic, 'not-installed')).toBeUndefined();
    await installations.list(clinic, 10);
    await installations.get(lab, manifest.id);

    expect(sts.assumed).toEqual([
      {
        RoleArn: ROLE,
        RoleSessionName: `tenant-${clinic}`,
        DurationSeconds: 3600,
        Tags: [{ Key: 'TenantId', Value: clinic }],
      },
      expect.objectContaining({ Tags: [{ Key: 'TenantId', Value: lab }] }),
    ]);
    expect(sessions(clinic)).toBe(sessions(clinic));
    expect(sessions(clinic)).not.toBe(sessions(lab));
  });

  it('keep the platform’s own chain on the function’s role', async () => {
    const sts = recordingSts();
    const sessions = tenantScopedDocuments({ roleArn: ROLE, sts });
    expect(sessions(PLATFORM_TENANT_ID)).toBe(documents);
    const tableName = await table();
    await auditLog({ tableName, documents: sessions }).append(
      entryOf(PLATFORM_TENANT_ID, { decision: 'deny', reasons: ['the credential is not valid'] }),
    );
    expect(sts.assumed).toEqual([]);
  });

  it('keep at most maxTenants sessions, assuming again for a tenant whose session was dropped', async () => {
    const name = await table();
    const sts = recordingSts();
    const installations = installationStore(
      name,
      tenantScopedDocuments({ roleArn: ROLE, sts, maxTenants: 2 }),
    );
    const [a, b, c] = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    for (const tenant of [a, b, a, c, a, b]) await installations.get(tenant, 'p');
    // a, b; a is reused; c drops b (least recently used); a is reused; b is assumed again.
    expect(sts.assumed.map((input) => input.Tags?.[0]?.Value)).toEqual([a, b, c, b]);
  });

  it('fail the request, naming the tenant, when STS gives no credentials', async () => {
    const name = await table();
    const sts = { send: (async () => ({})) as unknown as STSClient['send'] };
    const installations = installationStore(name, tenantScopedDocuments({ roleArn: ROLE, sts }));
    await expect(installations.get('clinic-x', 'p')).rejects.toThrow("tenant clinic-x's session");
  });
});
