import { memoryPluginCredentials } from '../../../adapters/memory/plugin-credentials';
import { pluginCredentialsContract } from '../../contract/plugin-credentials.contract';

pluginCredentialsContract('memory', () => ({
  credentials: memoryPluginCredentials(),
  other: memoryPluginCredentials(),
}));
