import { memoryRolloutStore } from '../../../adapters/memory/rollouts';
import { rolloutStoreContract } from '../../contract/rollouts.contract';

rolloutStoreContract('memory', async () => memoryRolloutStore());
