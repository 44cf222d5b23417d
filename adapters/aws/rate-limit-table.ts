import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { RATE_LIMIT_TABLE } from './deploy-contract';

/**
 * The rate-limit table as CreateTable input, for environments that provision it with the SDK
 * (integration tests, benchmarks). The CDK `RateLimitStore` construct declares the same key and
 * expiry attribute (adapters/aws/deploy-contract.ts `RATE_LIMIT_TABLE`).
 */
export const rateLimitTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: RATE_LIMIT_TABLE.partitionKey, AttributeType: 'S' }],
  KeySchema: [{ AttributeName: RATE_LIMIT_TABLE.partitionKey, KeyType: 'HASH' }],
  SSESpecification: { Enabled: true, SSEType: 'KMS' },
});
