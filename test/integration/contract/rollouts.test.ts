import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { dynamoDb } from '../../../adapters/aws/clients';
import { rolloutStore } from '../../../adapters/aws/registry/rollouts';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { rolloutStoreContract } from '../../contract/rollouts.contract';
import { uniqueName } from '../../support/unique';

// The same contract the memory store passes in test/unit/contract.
rolloutStoreContract('DynamoDB', async () => {
  const table = uniqueName('registry');
  await dynamoDb.send(new CreateTableCommand(registryTableDefinition(table)));
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: table });
  return rolloutStore(table);
});
