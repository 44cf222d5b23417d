import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { dynamoDb } from '../../../adapters/aws/clients';
import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { subscriberStore } from '../../../adapters/aws/registry/subscribers';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { tenantStore } from '../../../adapters/aws/registry/tenants';
import { catalogStoreContract } from '../../contract/catalog.contract';
import type { RegistryStores } from '../../contract/fixtures';
import { installationStoreContract } from '../../contract/installations.contract';
import { subscriberStoreContract } from '../../contract/subscribers.contract';
import { tenantStoreContract } from '../../contract/tenants.contract';
import { uniqueName } from '../../support/unique';

/** The DynamoDB stores over a registry table of their own. */
async function dynamoDbRegistry(): Promise<RegistryStores> {
  const table = uniqueName('registry');
  await dynamoDb.send(new CreateTableCommand(registryTableDefinition(table)));
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: table });
  return {
    tenants: tenantStore(table),
    catalog: catalogStore(table),
    installations: installationStore(table),
    subscribers: subscriberStore(table),
  };
}

// The same contracts the memory stores pass in test/unit/contract.
tenantStoreContract('DynamoDB', dynamoDbRegistry);
catalogStoreContract('DynamoDB', dynamoDbRegistry);
installationStoreContract('DynamoDB', dynamoDbRegistry);
subscriberStoreContract('DynamoDB', dynamoDbRegistry);
