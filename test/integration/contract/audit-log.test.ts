import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { dynamoDb } from '../../../adapters/aws/clients';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { auditLogContract } from '../../contract/audit-log.contract';
import { uniqueName } from '../../support/unique';
import { dynamoAuditLogUnderTest } from './dynamo-audit-log';

// Logs over one table of their own: each contract test uses tenants no other test does.
auditLogContract('DynamoDB', async () => {
  const tableName = uniqueName('audit');
  await dynamoDb.send(new CreateTableCommand(registryTableDefinition(tableName)));
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: tableName });
  return dynamoAuditLogUnderTest(tableName);
});
