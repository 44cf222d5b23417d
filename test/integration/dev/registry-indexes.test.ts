import { CreateTableCommand, DescribeTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoDb } from '../../../adapters/aws/clients';
import { INDEX } from '../../../adapters/aws/registry/keys';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { provisionDevResources } from '../../../cli/dev/resources';
import { uniqueName } from '../../support/unique';

describe('`vivified dev` on emulators an older version provisioned', () => {
  it('adds the registry indexes the table lacks (the audit trace index), and keeps the rest', async () => {
    // Prepare: the table as it was before the trace index.
    const prefix = uniqueName('old-dev', 30);
    const definition = registryTableDefinition(`${prefix}-registry`);
    await dynamoDb.send(
      new CreateTableCommand({
        ...definition,
        AttributeDefinitions: definition.AttributeDefinitions!.filter(
          (a) => !a.AttributeName!.startsWith('gsi7'),
        ),
        GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes!.filter(
          (i) => i.IndexName !== INDEX.auditByTrace,
        ),
      }),
    );
    await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: `${prefix}-registry` });

    // Act
    await provisionDevResources(prefix, []);

    // Assess
    const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: `${prefix}-registry` }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus]).sort()).toEqual(
      Object.values(INDEX)
        .map((name) => [name, 'ACTIVE'])
        .sort(),
    );
  }, 120_000);
});
