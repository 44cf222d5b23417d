import { memoryRuntime } from '../../../adapters/memory/runtime';
import { pluginRuntimeContract } from '../../contract/runtime.contract';

pluginRuntimeContract('memory', () => memoryRuntime());
