import { memoryRegistry } from '../../../adapters/memory/registry';
import { catalogStoreContract } from '../../contract/catalog.contract';
import { installationStoreContract } from '../../contract/installations.contract';
import { subscriberStoreContract } from '../../contract/subscribers.contract';
import { tenantStoreContract } from '../../contract/tenants.contract';

// The registry stores in memory, held to the contracts the DynamoDB stores pass (test/integration/contract).
tenantStoreContract('memory', () => memoryRegistry());
catalogStoreContract('memory', () => memoryRegistry());
installationStoreContract('memory', () => memoryRegistry());
subscriberStoreContract('memory', () => memoryRegistry());
