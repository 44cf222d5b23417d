import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { dynamoDb } from '../../../adapters/aws/clients';
import { rateLimitTableDefinition } from '../../../adapters/aws/rate-limit-table';
import { dynamoRateLimiter } from '../../../adapters/aws/rate-limiter';
import { documentsOf } from '../../../adapters/aws/registry/document-client';
import { rateLimiterContract } from '../../contract/rate-limiter.contract';
import { uniqueName } from '../../support/unique';

// The same contract the memory limiter passes in test/unit/contract, on a table of its own.
rateLimiterContract('DynamoDB', async () => {
  const tableName = uniqueName('rate-limits');
  await dynamoDb.send(new CreateTableCommand(rateLimitTableDefinition(tableName)));
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: tableName });
  return dynamoRateLimiter({ tableName, documents: documentsOf(undefined) });
});
