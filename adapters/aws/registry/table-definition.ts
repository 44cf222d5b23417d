import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { INDEX } from './keys';

/**
 * The registry table as CreateTable input, for environments that provision it with the SDK
 * (`vivified dev`, integration tests). The CDK `Registry` construct declares the same keys and
 * indexes; a test keeps the two in step.
 */
export function registryTableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = Object.values(INDEX);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', ...indexes.flatMap((i) => [`${i}pk`, `${i}sk`])].map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index,
      KeySchema: [
        { AttributeName: `${index}pk`, KeyType: 'HASH' },
        { AttributeName: `${index}sk`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    SSESpecification: { Enabled: true, SSEType: 'KMS' },
    DeletionProtectionEnabled: false,
  };
}
