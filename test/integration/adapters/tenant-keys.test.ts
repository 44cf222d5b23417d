import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDb } from '../../../adapters/aws/clients';
import { documents } from '../../../adapters/aws/registry/document-client';
import { keys } from '../../../adapters/aws/registry/keys';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { recordTenantKey, registryTenantKeys } from '../../../adapters/aws/tenant-keys';
import { SealingKeyUnavailableError } from '../../../core/errors';
import { uniqueName } from '../../support/unique';

const arnOf = (id: string) => `arn:aws:kms:eu-west-1:123456789012:key/${id}`;

describe('dedicated tenant keys looked up in the registry', () => {
  const table = uniqueName('tenant-keys');
  const tenant = (id: string, keyMode: 'shared' | 'dedicated') =>
    documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.tenant(id),
          id,
          name: id,
          tier: 'standard',
          keyMode,
          status: 'active',
          createdAt: 'x',
        },
      }),
    );

  beforeAll(async () => {
    await dynamoDb.send(new CreateTableCommand(registryTableDefinition(table)));
    await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: table });
  });

  it('answers the key deploy recorded, and none for a shared tenant', async () => {
    // Prepare
    await tenant('hospital-a', 'dedicated');
    await recordTenantKey(documents, table, 'hospital-a', arnOf('a'));
    await tenant('clinic-b', 'shared');
    const lookup = registryTenantKeys({ tableName: table, documents });

    // Act
    const [dedicated, shared] = [await lookup.keyOf('hospital-a'), await lookup.keyOf('clinic-b')];

    // Assess
    expect(dedicated).toBe(arnOf('a'));
    expect(shared).toBeUndefined();
  });

  it('refuses a dedicated tenant whose key record is gone, never answering the platform key', async () => {
    // Prepare
    await tenant('hospital-c', 'dedicated');
    const lookup = registryTenantKeys({ tableName: table, documents });

    // Act
    const refusal = await lookup.keyOf('hospital-c').catch((error: Error) => error);

    // Assess
    expect(refusal).toBeInstanceOf(SealingKeyUnavailableError);
    expect((refusal as SealingKeyUnavailableError).status).toBe(409);
  });

  it('keeps what it read for its TTL, then reads again', async () => {
    // Prepare
    let clock = 0;
    await tenant('hospital-d', 'shared');
    await recordTenantKey(documents, table, 'hospital-d', arnOf('d'));
    const lookup = registryTenantKeys({ tableName: table, documents, ttlMs: 1000, now: () => clock });
    const first = await lookup.keyOf('hospital-d');
    await documents.send(new DeleteCommand({ TableName: table, Key: keys.tenantKey('hospital-d') }));

    // Act
    clock = 999;
    const cached = await lookup.keyOf('hospital-d');
    clock = 1000;
    const reread = await lookup.keyOf('hospital-d');

    // Assess
    expect([first, cached, reread]).toEqual([arnOf('d'), arnOf('d'), undefined]);
  });

  it('does not remember a tenant not yet created, so its key is found once it is', async () => {
    // Prepare
    const lookup = registryTenantKeys({ tableName: table, documents });
    const before = await lookup.keyOf('hospital-e');

    // Act
    await recordTenantKey(documents, table, 'hospital-e', arnOf('e'));
    await tenant('hospital-e', 'dedicated');
    const after = await lookup.keyOf('hospital-e');

    // Assess
    expect(before).toBeUndefined();
    expect(after).toBe(arnOf('e'));
  });

  it('refuses a key record that holds no key ARN, and recording anything but a tenant id and a key ARN', async () => {
    // Prepare
    await tenant('hospital-f', 'dedicated');
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.tenantKey('hospital-f'), keyArn: 'alias/vivified/tenants/hospital-f' },
      }),
    );
    const lookup = registryTenantKeys({ tableName: table, documents });

    // Act and assess
    await expect(lookup.keyOf('hospital-f')).rejects.toThrow(/does not hold a KMS key ARN/);
    await expect(recordTenantKey(documents, table, 'Hospital G', arnOf('g'))).rejects.toThrow(
      /not a tenant id/,
    );
    await expect(recordTenantKey(documents, table, 'hospital-g', 'key/1234')).rejects.toThrow(/KMS key ARN/);
  });
});
